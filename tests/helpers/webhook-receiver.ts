import http from 'node:http';
import type { AddressInfo } from 'node:net';

/** One POST the receiver got: its headers (lower-case names) and raw body. */
export interface ReceivedHook { headers: http.IncomingHttpHeaders; body: string; answered: number }

/**
 * A webhook receiver on 127.0.0.1 (a real HTTP server): it records every request and answers with
 * `answer(n)`, where n counts requests carrying the same X-Webhook-Id (1 = that delivery's first).
 */
export interface WebhookReceiver {
  url: string;
  hostPort: string;
  received: ReceivedHook[];
  answer: (nth: number) => number;
  forDelivery: (id: string) => ReceivedHook[];
  close: () => Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const received: ReceivedHook[] = [];
  const receiver = { answer: (_nth: number) => 200 } as WebhookReceiver;
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const id = String(req.headers['x-webhook-id'] ?? '');
      const nth = received.filter((r) => r.headers['x-webhook-id'] === id).length + 1;
      const status = receiver.answer(nth);
      received.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8'), answered: status });
      res.writeHead(status, { 'content-type': 'text/plain' }).end(status < 300 ? 'ok' : 'receiver is down for a moment');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(receiver, {
    url: `http://127.0.0.1:${port}/hooks/experiments`,
    hostPort: `127.0.0.1:${port}`,
    received,
    forDelivery: (id: string) => received.filter((r) => r.headers['x-webhook-id'] === id),
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  });
}
