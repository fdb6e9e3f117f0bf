// OpenAI-compatible HTTP server around the deterministic reply logic, with fault injection
// (latency, rate limits, errors, hangs, outages) and stats for tests and benchmarks.
// Plain node:http on purpose: it has to sustain thousands of requests per second.

import http, { type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { completionBody, modelList, writeStream } from './completion';
import { promptHash } from './hash';
import { DEFAULT_KNOBS, KnobError, normalizeKnobs, type SimulatorKnobs } from './knobs';
import { TokenBucket } from './limiter';
import { countUsage, readDirectives, simulateReply } from './reply';
import { parseChatRequest, type ChatRequest } from './request';
import { CLIENT_CLOSED, StatsRecorder, type SimulatorStats } from './stats';

export type { SimulatorKnobs } from './knobs';
export type { SimulatorStats, RequestLogEntry } from './stats';
export { knobsFromEnv } from './knobs';

export type SimulatorOptions = Partial<SimulatorKnobs> & { port?: number; host?: string };
export type Simulator = {
  /** Base URL for the OpenAI SDK, ending in /v1. */
  url: string;
  port: number;
  setKnobs(knobs: Partial<SimulatorKnobs>): void;
  knobs(): SimulatorKnobs;
  stats(): SimulatorStats;
  resetStats(): void;
  close(): Promise<void>;
};

const MAX_BODY_BYTES = 10 * 1024 * 1024;
const RANDOM_ERROR_STATUSES = [500, 502, 503];

type ErrorBody = { error: { message: string; type: string; param: string | null; code: string | null } };
const errorBody = (message: string, type: string, param: string | null = null, code: string | null = null): ErrorBody => ({
  error: { message, type, param, code },
});

// mulberry32: tiny seeded PRNG, so fault injection repeats exactly for a given seed.
function prng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function sendJson(res: ServerResponse, status: number, body: unknown, headers: http.OutgoingHttpHeaders = {}) {
  const data = JSON.stringify(body);
  res.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data), ...headers });
  res.end(data);
}

function readBody(req: IncomingMessage): Promise<string | null> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
    });
    req.on('end', () => resolve(size > MAX_BODY_BYTES ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export async function startSimulator(options: SimulatorOptions = {}): Promise<Simulator> {
  const { port = 0, host = '127.0.0.1', ...initial } = options;
  let knobs: SimulatorKnobs = { ...DEFAULT_KNOBS, ...normalizeKnobs(initial) };
  let bucket: TokenBucket | null = null;
  // Separate streams, and a fixed number of draws per request, so that changing the jitter or
  // one fault rate does not reshuffle which requests get the other faults.
  let faultRng = prng(knobs.seed);
  let jitterRng = prng(knobs.seed ^ 0x9e3779b9);
  const recorder = new StatsRecorder();
  let counter = 0;

  // Setting `seed`, even to its current value, restarts the fault sequence: a test can replay it.
  function setKnobs(partial: Partial<SimulatorKnobs>) {
    const changes = normalizeKnobs(partial);
    const next = { ...knobs, ...changes };
    if (changes.seed !== undefined) {
      faultRng = prng(next.seed);
      jitterRng = prng(next.seed ^ 0x9e3779b9);
    }
    if (next.requestsPerMinute !== knobs.requestsPerMinute || !bucket) {
      bucket = next.requestsPerMinute > 0 ? new TokenBucket(next.requestsPerMinute) : null;
    }
    knobs = next;
  }
  setKnobs({});

  const inOutage = () => knobs.outage || (knobs.outageUntil !== null && Date.now() < knobs.outageUntil);

  async function handleControl(req: IncomingMessage, res: ServerResponse, path: string) {
    if (req.method === 'GET' && path === '/_sim/stats') return sendJson(res, 200, recorder.snapshot());
    if (req.method === 'POST' && path === '/_sim/reset') {
      recorder.reset();
      return sendJson(res, 200, { ok: true });
    }
    if (req.method === 'POST' && path === '/_sim/knobs') {
      const body = parseJson((await readBody(req)) ?? '');
      try {
        setKnobs(body as Partial<SimulatorKnobs>);
      } catch (err) {
        if (!(err instanceof KnobError)) throw err;
        return sendJson(res, 400, errorBody(err.message, 'invalid_request_error'));
      }
      return sendJson(res, 200, knobs);
    }
    sendJson(res, 404, errorBody(`Unknown control endpoint: ${req.method} ${path}`, 'invalid_request_error'));
  }

  async function handleApi(req: IncomingMessage, res: ServerResponse, path: string) {
    const tag = req.headers['x-experiment-id'];
    const entry = recorder.begin(Date.now(), typeof tag === 'string' ? tag : null);
    let timer: NodeJS.Timeout | undefined;
    // 'close' also fires after a normal end; writableFinished tells the two apart, and an
    // aborted request (e.g. a hang the client gave up on) must release its timer and slot.
    res.on('close', () => {
      clearTimeout(timer);
      recorder.finish(entry, res.writableFinished ? res.statusCode : CLIENT_CLOSED);
    });

    const raw = req.method === 'POST' ? await readBody(req) : '';
    if (raw === null) return sendJson(res, 413, errorBody('Request body too large.', 'invalid_request_error'));
    const body = raw ? parseJson(raw) : undefined;
    const messages = (body as { messages?: unknown } | undefined)?.messages;
    if (Array.isArray(messages)) entry.promptHash = promptHash(messages);

    if (knobs.requiredApiKey !== null && req.headers.authorization !== `Bearer ${knobs.requiredApiKey}`) {
      return sendJson(res, 401, errorBody('Incorrect API key provided', 'invalid_request_error', null, 'invalid_api_key'));
    }
    if (inOutage()) {
      return sendJson(res, 503, errorBody('The simulator is in an outage window', 'server_error', null, 'outage'));
    }
    if (path === '/v1/models' && req.method === 'GET') return sendJson(res, 200, modelList());
    if (path !== '/v1/chat/completions' || req.method !== 'POST') {
      return sendJson(res, 404, errorBody(`Unknown request URL: ${req.method} ${path}`, 'invalid_request_error', null, 'unknown_url'));
    }
    if (bucket) {
      const taken = bucket.take();
      if (!taken.ok) {
        const message = `Rate limit reached: ${knobs.requestsPerMinute} requests per minute.`;
        return sendJson(res, 429, errorBody(message, 'rate_limit_exceeded', null, 'rate_limit_exceeded'), {
          ...(knobs.sendRetryAfter ? {
            'retry-after': String(Math.max(1, Math.ceil(taken.retryAfterMs / 1000))),
            'retry-after-ms': String(taken.retryAfterMs),
          } : {}),
          ...(knobs.advertiseLimits ? {
            'x-ratelimit-limit-requests': String(knobs.requestsPerMinute),
            'x-ratelimit-remaining-requests': '0',
          } : {}),
        });
      }
    }
    const parsed = parseChatRequest(raw ? body : undefined);
    if (!parsed.ok) {
      const { message, param, code } = parsed.error;
      return sendJson(res, 400, errorBody(message, 'invalid_request_error', param, code));
    }

    const [errorDraw, hangDraw, statusDraw, jitterDraw] = [faultRng(), faultRng(), faultRng(), jitterRng()];
    const directives = readDirectives(parsed.request.messages);
    if (directives.hang || (!directives.status && hangDraw < knobs.hangRate && errorDraw >= knobs.errorRate)) {
      return; // never answered; the 'close' handler cleans up when the client gives up
    }
    const status =
      directives.status ??
      (errorDraw < knobs.errorRate ? RANDOM_ERROR_STATUSES[Math.floor(statusDraw * RANDOM_ERROR_STATUSES.length)] : 200);
    const delay = Math.max(0, knobs.latencyMs + (jitterDraw * 2 - 1) * knobs.jitterMs);
    const respond = () => (status === 200 ? complete(res, parsed.request) : fault(res, status));
    if (delay > 0) timer = setTimeout(respond, delay);
    else respond();
  }

  function fault(res: ServerResponse, status: number) {
    const type = status === 429 ? 'rate_limit_exceeded' : status >= 500 ? 'server_error' : 'invalid_request_error';
    const headers = status === 429 ? { 'retry-after': '1', 'retry-after-ms': '1000' } : {};
    sendJson(res, status, errorBody(`Simulated error (HTTP ${status}).`, type), headers);
  }

  function complete(res: ServerResponse, request: ChatRequest) {
    const reply = simulateReply(request.messages, {
      model: request.model,
      responseFormat: request.responseFormat,
      maxTokens: request.maxTokens,
    });
    const parts = {
      id: `chatcmpl-sim${(++counter).toString(36)}`,
      model: request.model,
      content: reply.content,
      finishReason: reply.finishReason,
      usage: countUsage(request.messages, reply.content, request.model),
    };
    if (request.stream) writeStream(res, parts, request.includeUsage);
    else sendJson(res, 200, completionBody(parts));
  }

  const server = http.createServer((req, res) => {
    const path = (req.url ?? '/').split('?')[0];
    const handler =
      path === '/health'
        ? async () => void res.writeHead(200, { 'content-type': 'text/plain' }).end('ok')
        : path.startsWith('/_sim/')
          ? () => handleControl(req, res, path)
          : () => handleApi(req, res, path);
    handler().catch((err: unknown) => {
      if (res.headersSent) return void res.destroy();
      sendJson(res, 500, errorBody(`Simulator bug: ${String(err)}`, 'server_error'));
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  const actualPort = (server.address() as AddressInfo).port;
  const urlHost = host.includes(':') ? `[${host}]` : host;

  let closing: Promise<void> | null = null;
  return {
    url: `http://${urlHost}:${actualPort}/v1`,
    port: actualPort,
    setKnobs,
    knobs: () => ({ ...knobs }),
    stats: () => recorder.snapshot(),
    resetStats: () => recorder.reset(),
    close() {
      // Hanging requests would keep server.close() waiting forever, so sockets are destroyed.
      closing ??= new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      });
      return closing;
    },
  };
}
