import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { createTestDb, type TestDb } from '../helpers/db';
import { TEST_SECRET } from '../helpers/fixtures';
import { apiCaller, callRoute, closeAppClients, HTTP_METHODS, responseValidator, routeFilesOnDisk, type ApiCaller } from '../helpers/api';
import type { RouteHandler } from '../../lib/server/define-route';
import type { OpenApiDocument } from '../../lib/server/openapi';
import { OperationCard, type Operation } from '../../app/api-docs/operation-card';
import type { SchemaComponents } from '../../app/api-docs/schema-view';

// Routes that are not part of the documented JSON API, each with why.
const UNDOCUMENTED: Record<string, string> = {
  '/api/auth/{...all}': "better-auth's own sign-in, sign-out and session endpoints (the sign-in flow, not the API)",
};

type RouteModule = Partial<Record<(typeof HTTP_METHODS)[number], RouteHandler>>;
const files = routeFilesOnDisk();
const modules = new Map<string, RouteModule>();

let t: TestDb;
let member: ApiCaller;
let doc: OpenApiDocument;

beforeAll(async () => {
  t = await createTestDb();
  process.env.DATABASE_URL = t.url;
  process.env.APP_SECRET ??= TEST_SECRET;
  for (const f of files) modules.set(f.template, await import(f.file) as RouteModule);
  member = await apiCaller('member');
  const res = await callRoute(modules.get('/api/openapi.json')!.GET!, 'GET', '/api/openapi.json', { headers: member.auth });
  expect(res.status).toBe(200);
  doc = await res.json();
});
afterAll(async () => {
  await closeAppClients();
  await t?.drop();
});

const operations = () => Object.entries(doc.paths ?? {}).flatMap(([path, item]) =>
  Object.entries(item as Record<string, Operation>).map(([method, op]) => ({ path, method: method.toUpperCase(), op })));

describe('the OpenAPI document', () => {
  it('lists every method of every route file on disk, at the path of its folder', () => {
    const missing: string[] = [];
    for (const { template } of files) {
      if (UNDOCUMENTED[template]) continue;
      const mod = modules.get(template)!;
      const methods = HTTP_METHODS.filter((m) => typeof mod[m] === 'function');
      expect(methods.length, `${template} exports no method`).toBeGreaterThan(0);
      for (const m of methods) {
        // The spec's path is the folder's: a route moved without its spec is caught here.
        expect(mod[m]!.definition, `${m} ${template} is not made with defineRoute`).toBeDefined();
        expect(`${mod[m]!.definition.method} ${mod[m]!.definition.path}`).toBe(`${m} ${template}`);
        if (!(doc.paths?.[template] as Record<string, unknown> | undefined)?.[m.toLowerCase()]) missing.push(`${m} ${template}`);
      }
    }
    expect(missing, 'routes missing from app/api/registry.ts').toEqual([]);
  });

  it('documents nothing that is not on disk, and names every operation once', () => {
    const onDisk = new Set(files.flatMap(({ template }) => HTTP_METHODS.filter((m) => modules.get(template)?.[m]).map((m) => `${m} ${template}`)));
    const ops = operations();
    expect(ops.length).toBeGreaterThanOrEqual(29);
    for (const { path, method } of ops) expect(onDisk.has(`${method} ${path}`), `${method} ${path}`).toBe(true);
    const ids = ops.map((o) => o.op.operationId);
    expect(new Set(ids).size).toBe(ids.length);
    for (const { op } of ops) {
      expect(op.summary).toBeTruthy();
      expect(op.tags).toHaveLength(1);
    }
    expect(doc.openapi).toBe('3.1.0');
  });

  it('is refused to an anonymous caller and a made-up key', async () => {
    const GET = modules.get('/api/openapi.json')!.GET!;
    const anonymous = await callRoute(GET, 'GET', '/api/openapi.json');
    expect(anonymous.status).toBe(401);
    expect((await anonymous.json()).error).toMatch(/API key/);
    const madeUp = await callRoute(GET, 'GET', '/api/openapi.json', { headers: { authorization: 'Bearer er_not-a-real-key' } });
    expect(madeUp.status).toBe(401);
  });

  it('renders every operation on the reference page', () => {
    const components = (doc.components?.schemas ?? {}) as SchemaComponents;
    for (const { path, method, op } of operations()) {
      const html = renderToStaticMarkup(createElement(OperationCard, { method: method.toLowerCase(), path, op, components }));
      expect(html).toContain(path);
      expect(html).toContain(op.summary);
      for (const p of op.parameters ?? []) expect(html).toContain(`>${p.name}`);
    }
  });
});

/**
 * A client generated from the document alone: it knows operation ids, their path templates and
 * methods, and checks each answer against the documented schema. Requests are routed to the
 * handlers by URL, through the folder tree, as Next.js routes them.
 */
function documentClient(auth: Record<string, string>) {
  const validate = responseValidator(doc);
  const router = files.filter((f) => !UNDOCUMENTED[f.template]).map((f) => ({
    ...f,
    pattern: new RegExp(`^${f.template.replace(/\{([^}]+)\}/g, '(?<$1>[^/]+)').replace(/\./g, '\\.')}$`),
  }));
  return async function call(operationId: string, input: { params?: Record<string, string>; query?: Record<string, string>; json?: unknown; body?: string; contentType?: string } = {}) {
    const found = operations().find((o) => o.op.operationId === operationId);
    if (!found) throw new Error(`No operation ${operationId} in the document`);
    const url = found.path.replace(/\{([^}]+)\}/g, (_, name: string) => encodeURIComponent(input.params?.[name] ?? ''));
    const route = router.find((r) => r.pattern.test(url))!;
    const params = { ...route.pattern.exec(url)!.groups };
    const handler = modules.get(route.template)![found.method as (typeof HTTP_METHODS)[number]]!;
    const headers = { ...auth, ...(input.contentType ? { 'content-type': input.contentType } : {}) };
    const res = await callRoute(handler, found.method, url, { params, query: input.query, json: input.json, body: input.body, headers });
    const body = await res.json();
    const documented = found.op.responses[String(res.status)];
    expect(documented, `${operationId} answered ${res.status}, which it does not document: ${JSON.stringify(body)}`).toBeDefined();
    const schema = documented.content?.['application/json']?.schema;
    if (schema) expect(validate(schema, body), `${operationId} ${res.status}`).toEqual([]);
    return { status: res.status, body };
  };
}

describe('a client generated from the document', () => {
  it('creates a dataset, uploads to it and reads it back, every answer as documented', async () => {
    const call = documentClient(member.auth);
    const created = await call('createDataset', { json: { name: 'from the document', description: 'made by the generated client' } });
    expect(created.status).toBe(201);
    expect(created.body).toMatchObject({ name: 'from the document', itemCount: 0 });
    const id = created.body.id as string;

    const mapping = JSON.stringify({ input: ['question'], expected: ['answer'], metadata: [] });
    const uploaded = await call('uploadDatasetItems', {
      params: { id }, query: { format: 'jsonl', mapping }, contentType: 'application/x-ndjson',
      body: '{"question":"2+2?","answer":"4"}\n{"question":"3+3?","answer":"6"}\nnot json\n',
    });
    expect(uploaded.status).toBe(200);
    expect(uploaded.body).toMatchObject({ inserted: 2, errorCount: 1 });

    const list = await call('listDatasets');
    expect(list.body).toEqual(expect.arrayContaining([expect.objectContaining({ id, itemCount: 2, experimentCount: 0 })]));
    expect((await call('getDataset', { params: { id } })).body).toMatchObject({ id, itemCount: 2 });

    const items = await call('listDatasetItems', { params: { id }, query: { pageSize: '1', page: '2' } });
    expect(items.body).toMatchObject({ total: 2, page: 2, pages: 2, pageSize: 1 });
    expect(items.body.items).toEqual([expect.objectContaining({ input: { question: '3+3?' }, expectedOutput: { answer: '6' } })]);

    const versions = await call('listDatasetVersions', { params: { id } });
    expect(versions.body).toMatchObject({ latest: { itemCount: 2 }, versions: [] });

    // Refusals are documented answers too, with the error body.
    const duplicate = await call('createDataset', { json: { name: 'from the document' } });
    expect(duplicate).toEqual({ status: 409, body: expect.objectContaining({ error: 'A dataset named "from the document" already exists' }) });
    const unknown = await call('getDataset', { params: { id: crypto.randomUUID() } });
    expect(unknown).toEqual({ status: 404, body: { error: 'Dataset not found', fieldErrors: {} } });
  });
});
