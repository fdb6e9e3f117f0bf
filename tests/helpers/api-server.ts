import http from 'node:http';
import { Readable } from 'node:stream';
import type { AddressInfo } from 'node:net';
import type { RouteHandler } from '../../lib/server/define-route';

/**
 * The app's route handlers behind a real HTTP server in the test process, routed by their
 * OpenAPI paths as Next.js routes them by folder: for clients that must be tested over the wire
 * (the CLI) without a `next build`. Needs DATABASE_URL and APP_SECRET set before the handlers load.
 */
export interface ApiServer { url: string; close: () => Promise<void> }

export async function startApiServer(handlers: readonly RouteHandler[]): Promise<ApiServer> {
  const routes = handlers.map((h) => ({ handler: h, method: h.definition.method, segments: h.definition.path.split('/').filter(Boolean) }));
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    const parts = url.pathname.split('/').filter(Boolean).map(decodeURIComponent);
    let found: { handler: RouteHandler; params: Record<string, string> } | null = null;
    let pathKnown = false;
    for (const r of routes) {
      const params = match(r.segments, parts);
      if (!params) continue;
      pathKnown = true;
      if (r.method === req.method) found = { handler: r.handler, params };
    }
    if (!found) {
      res.writeHead(pathKnown ? 405 : 404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: pathKnown ? 'Method not allowed' : 'Not found' }));
      return;
    }
    const hasBody = req.method !== 'GET' && req.method !== 'HEAD';
    const request = new Request(`http://localhost${req.url}`, {
      method: req.method,
      headers: Object.entries(req.headers).flatMap(([k, v]) => (v === undefined ? [] : [[k, Array.isArray(v) ? v.join(', ') : v]])) as [string, string][],
      ...(hasBody ? { body: Readable.toWeb(req) as ReadableStream, duplex: 'half' } : {}),
    } as RequestInit);
    void found.handler(request, { params: Promise.resolve(found.params) }).then(async (response) => {
      res.writeHead(response.status, Object.fromEntries(response.headers));
      const reader = response.body?.getReader();
      for (let chunk = await reader?.read(); chunk && !chunk.done; chunk = await reader!.read()) res.write(chunk.value);
      res.end();
    }, (err: unknown) => {
      res.writeHead(500, { 'content-type': 'application/json' }).end(JSON.stringify({ error: String(err) }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

/** `/api/experiments/{id}` against the request's segments: the params, or null. */
function match(template: string[], parts: string[]): Record<string, string> | null {
  if (template.length !== parts.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < template.length; i++) {
    const name = /^\{(.+)\}$/.exec(template[i])?.[1];
    if (name) params[name] = parts[i];
    else if (template[i] !== parts[i]) return null;
  }
  return params;
}
