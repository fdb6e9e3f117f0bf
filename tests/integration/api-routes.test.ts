import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/db';
import { TEST_SECRET } from '../helpers/fixtures';
import { apiCaller, callRoute, closeAppClients, type ApiCaller } from '../helpers/api';
import { startSimulator, type Simulator } from '../../lib/simulator/server';
import { createApiKey, revokeApiKey } from '../../lib/auth/api-keys';
import type { RouteHandler, RouteSpec } from '../../lib/server/define-route';

// Every route, through its handler, against the test database: who may call it, what a
// malformed or unknown id gets, and what the wrapper refuses before a handler runs.

const KEY = 'sk-provider-key-0123456789SECRET';

let t: TestDb;
let sim: Simulator;
let admin: ApiCaller;
let member: ApiCaller;
let revoked: Record<string, string>;
let handlers: RouteHandler[];

beforeAll(async () => {
  [t, sim] = await Promise.all([createTestDb(), startSimulator({ port: 0, requiredApiKey: KEY })]);
  process.env.DATABASE_URL = t.url;
  process.env.APP_SECRET ??= TEST_SECRET;
  // The outbound policy lets the built-in simulator through; this one stands in for it.
  process.env.SIMULATOR_URL = sim.url;
  const { apiHandlers } = await import('../../app/api/registry');
  const { GET } = await import('../../app/api/openapi.json/route');
  handlers = [...apiHandlers, GET];
  [admin, member] = [await apiCaller('admin'), await apiCaller('member')];
  const gone = await createApiKey(member.userId, { name: 'to revoke' });
  await revokeApiKey(member.userId, gone.id);
  revoked = { authorization: `Bearer ${gone.key}` };
});
afterAll(async () => {
  delete process.env.SIMULATOR_URL;
  await closeAppClients();
  await Promise.all([t?.drop(), sim?.close()]);
});

const route = (method: string, path: string) => {
  const h = handlers.find((x) => x.definition.method === method && x.definition.path === path);
  if (!h) throw new Error(`no route ${method} ${path}`);
  return h;
};
const pathParams = (spec: RouteSpec) => [...spec.path.matchAll(/\{([^}]+)\}/g)].map((m) => m[1]);
const fill = (spec: RouteSpec, params: Record<string, string>) => spec.path.replace(/\{([^}]+)\}/g, (_, n: string) => encodeURIComponent(params[n]));

/** The least a route needs besides its path to get past validation (a valid body or query). */
function validRest(spec: RouteSpec): { query?: Record<string, string>; json?: unknown; body?: string; headers?: Record<string, string> } {
  const key = `${spec.method} ${spec.path}`;
  if (key === 'POST /api/datasets/{id}/upload') {
    return { query: { format: 'csv', mapping: JSON.stringify({ input: ['q'] }) }, body: 'q\nhello\n', headers: { 'content-type': 'text/csv' } };
  }
  if (key === 'POST /api/experiments/{id}/evaluators') return { json: { evaluators: [{ name: 'json', type: 'valid_json' }] } };
  if (key === 'PUT /api/providers/{id}/prices') return { json: { model: 'm', inputPerMTok: 1, cachedInputPerMTok: null, outputPerMTok: 2, asOf: '2025-01-01' } };
  if (key === 'DELETE /api/providers/{id}/prices') return { query: { model: 'm' } };
  if (key === 'PATCH /api/experiments/{id}/budget') return { json: { budgetUsd: 1 } };
  // Routes whose body is not read in these tests (the caller is refused first).
  return spec.body ? { json: {} } : {};
}

function call(spec: RouteSpec, params: Record<string, string>, auth: Record<string, string>, rest = validRest(spec)) {
  return callRoute(route(spec.method, spec.path), spec.method, fill(spec, params), { params, ...rest, headers: { ...auth, ...rest.headers } });
}

describe('access', () => {
  it('refuses an anonymous caller and a revoked key on every route but the health check', async () => {
    const open = handlers.filter((h) => h.definition.access === 'public').map((h) => h.definition.path);
    expect(open).toEqual(['/api/health']);
    for (const h of handlers.filter((x) => x.definition.access !== 'public')) {
      const spec = h.definition;
      const params = Object.fromEntries(pathParams(spec).map((n) => [n, crypto.randomUUID()]));
      for (const auth of [{}, revoked, { authorization: 'Basic abc' }]) {
        const res = await call(spec, params, auth);
        expect(res.status, `${spec.method} ${spec.path} with ${JSON.stringify(auth)}`).toBe(401);
        expect((await res.json()).error).toBe('Sign in, or send an API key as "Authorization: Bearer <key>"');
      }
    }
  });

  it('refuses a member on every admin route, before reading its input', async () => {
    const adminOnly = handlers.filter((h) => h.definition.access === 'admin');
    expect(adminOnly.map((h) => `${h.definition.method} ${h.definition.path}`).sort())
      .toEqual(['DELETE /api/call-cache', 'DELETE /api/providers/{id}', 'DELETE /api/providers/{id}/prices', 'GET /api/call-cache', 'GET /api/providers', 'GET /api/providers/{id}/prices',
        'POST /api/providers', 'POST /api/providers/{id}/test', 'PUT /api/providers/{id}/prices',
        'DELETE /api/webhook', 'GET /api/webhook', 'GET /api/webhook/deliveries', 'POST /api/webhook/test', 'PUT /api/webhook'].sort());
    for (const h of adminOnly) {
      const res = await call(h.definition, { id: 'not-an-id' }, member.auth);
      expect(res.status, `${h.definition.method} ${h.definition.path}`).toBe(403);
      expect(await res.json()).toEqual({ error: 'Only an admin can do this', fieldErrors: {} });
    }
  });

  it('answers the health check without sign-in', async () => {
    const res = await callRoute(route('GET', '/api/health'), 'GET', '/api/health');
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
  });
});

describe('ids in the path', () => {
  const MALFORMED = ['not-a-uuid', '42', "1' or '1'='1", '00000000-0000-0000-0000-00000000000g', `${'a'.repeat(5000)}`];

  it('answers a malformed id with 400 and a message naming it, on every route with an id (never a database cast error)', async () => {
    const withIds = handlers.filter((h) => pathParams(h.definition).length > 0);
    expect(withIds.length).toBeGreaterThanOrEqual(17);
    for (const h of withIds) {
      const spec = h.definition;
      for (const bad of MALFORMED) {
        for (const name of pathParams(spec)) {
          const params = Object.fromEntries(pathParams(spec).map((n) => [n, n === name ? bad : crypto.randomUUID()]));
          const res = await call(spec, params, admin.auth);
          const body = await res.json();
          expect(res.status, `${spec.method} ${spec.path} ${name}=${bad.slice(0, 40)}: ${JSON.stringify(body)}`).toBe(400);
          expect(body.error).toMatch(new RegExp(`^${name}: Unknown [a-z ]+`));
          expect(body.fieldErrors[name]).toMatch(/^Unknown /);
        }
      }
    }
  });

  it('answers an unknown id with 404 on every route that documents one', async () => {
    const withNotFound = handlers.filter((h) => pathParams(h.definition).length > 0 && h.definition.errors?.[404]);
    expect(withNotFound.length).toBeGreaterThanOrEqual(15);
    for (const h of withNotFound) {
      const spec = h.definition;
      const params = Object.fromEntries(pathParams(spec).map((n) => [n, crypto.randomUUID()]));
      const res = await call(spec, params, admin.auth);
      const body = await res.json();
      expect(res.status, `${spec.method} ${spec.path}: ${JSON.stringify(body)}`).toBe(404);
      expect(body.error).toBe(spec.errors![404]);
    }
  });
});

describe('bodies and queries', () => {
  const create = () => route('POST', '/api/datasets');

  it('takes JSON only as application/json (415 otherwise), and a raw upload only as a file type', async () => {
    for (const type of ['text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data; boundary=x', '']) {
      const res = await callRoute(create(), 'POST', '/api/datasets', { body: '{"name":"x"}', headers: { ...member.auth, 'content-type': type } });
      expect(res.status, type).toBe(415);
      expect((await res.json()).error).toBe('Content-Type must be application/json');
    }
    const ds = await (await callRoute(create(), 'POST', '/api/datasets', { json: { name: 'typed' }, headers: member.auth })).json();
    const upload = await callRoute(route('POST', '/api/datasets/{id}/upload'), 'POST', `/api/datasets/${ds.id}/upload`, {
      params: { id: ds.id }, query: { format: 'csv', mapping: '{"input":["q"]}' }, body: 'q\na\n', headers: { ...member.auth, 'content-type': 'text/plain' },
    });
    expect(upload.status).toBe(415);
    expect((await upload.json()).error).toBe('Content-Type must be one of text/csv, application/x-ndjson, application/jsonl, application/json, application/octet-stream');
  });

  it('refuses a body that is not JSON, and one past the 1 MB limit, by name', async () => {
    const broken = await callRoute(create(), 'POST', '/api/datasets', { body: '{"name":', headers: { ...member.auth, 'content-type': 'application/json' } });
    expect(broken.status).toBe(400);
    expect((await broken.json()).error).toBe('The request body must be valid JSON');
    const huge = await callRoute(create(), 'POST', '/api/datasets', { json: { name: 'big', description: 'x'.repeat(1024 * 1024) }, headers: member.auth });
    expect(huge.status).toBe(413);
    expect((await huge.json()).error).toBe('The request body is larger than 1 MB (the limit for a JSON request)');
  });

  it('names the field of a body or query that does not match its schema', async () => {
    const empty = await callRoute(create(), 'POST', '/api/datasets', { json: { name: '  ' }, headers: member.auth });
    expect(empty.status).toBe(400);
    expect(await empty.json()).toEqual({ error: 'name: Name is required', fieldErrors: { name: 'Name is required' } });

    const page = await callRoute(route('GET', '/api/experiments'), 'GET', '/api/experiments', { query: { page: '0' }, headers: member.auth });
    expect(page.status).toBe(400);
    expect((await page.json()).error).toBe('page: must be a whole number from 1');

    const ds = await (await callRoute(create(), 'POST', '/api/datasets', { json: { name: 'queried' }, headers: member.auth })).json();
    const version = await callRoute(route('GET', '/api/datasets/{id}/items'), 'GET', `/api/datasets/${ds.id}/items`, {
      params: { id: ds.id }, query: { version: 'soon' }, headers: member.auth,
    });
    expect(version.status).toBe(400);
    expect((await version.json()).error).toBe('version: must be an ISO 8601 date-time');
    const mapping = await callRoute(route('POST', '/api/datasets/{id}/upload'), 'POST', `/api/datasets/${ds.id}/upload`, {
      params: { id: ds.id }, query: { format: 'csv', mapping: '{"input":' }, body: 'q\na\n', headers: { ...member.auth, 'content-type': 'text/csv' },
    });
    expect(mapping.status).toBe(400);
    expect((await mapping.json()).error).toBe('mapping: must be JSON');
  });
});

describe('provider connections', () => {
  it('are created, listed, tested and deleted by an admin, and no answer carries the key', async () => {
    const texts: string[] = [];
    const send = async (method: string, path: string, opts: Parameters<typeof callRoute>[3] = {}) => {
      const template = path.replace(/[0-9a-f-]{36}/, '{id}');
      const res = await callRoute(route(method, template), method, path, { ...opts, headers: admin.auth });
      const text = await res.text();
      texts.push(text);
      return { status: res.status, body: JSON.parse(text) };
    };
    const created = await send('POST', '/api/providers', { json: { name: 'sim via api', baseUrl: `${sim.url}/`, apiKey: KEY, requestsPerMinute: 600 } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'sim via api', baseUrl: sim.url, hasApiKey: true, requestsPerMinute: 600 });
    const id = created.body.id as string;

    const list = await send('GET', '/api/providers');
    expect(list.body).toEqual([expect.objectContaining({ id, hasApiKey: true })]);
    const tested = await send('POST', `/api/providers/${id}/test`, { params: { id } });
    expect(tested.body).toEqual({ ok: true, models: expect.arrayContaining([expect.any(String)]) });

    const duplicate = await send('POST', '/api/providers', { json: { name: 'sim via api', baseUrl: sim.url } });
    expect(duplicate).toMatchObject({ status: 400, body: { error: 'A provider named "sim via api" already exists' } });

    expect(await send('DELETE', `/api/providers/${id}`, { params: { id } })).toEqual({ status: 200, body: { deleted: true } });
    expect((await send('DELETE', `/api/providers/${id}`, { params: { id } })).status).toBe(404);

    for (const text of texts) {
      expect(text).not.toContain(KEY);
      expect(text).not.toContain('SECRET');
    }
  });
});
