import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';
import { createUser } from '../../lib/auth/users';
import { createApiKey } from '../../lib/auth/api-keys';
import type { RouteHandler } from '../../lib/server/define-route';
import { getSql } from '../../lib/db/client';
import type { PgBoss } from 'pg-boss';
import { afterAll, beforeAll, expect } from 'vitest';
import { createTestDb, type TestDb } from './db';
import { TEST_SECRET } from './fixtures';

/**
 * Route handlers called as Next.js calls them (a Request and the path's params), authenticated
 * with real API keys, and answers checked against the OpenAPI document.
 */

export interface ApiCaller { userId: string; key: string; auth: Record<string, string> }

/** A new account of that role with an API key of its own (needs DATABASE_URL and APP_SECRET set). */
export async function apiCaller(role: 'admin' | 'member'): Promise<ApiCaller> {
  const tag = crypto.randomBytes(4).toString('hex');
  const user = await createUser({ name: `${role} ${tag}`, email: `${role}-${tag}@example.test`, password: `password-${tag}-long`, role });
  const { key } = await createApiKey(user.id, { name: `test ${tag}` });
  return { userId: user.id, key, auth: { authorization: `Bearer ${key}` } };
}

/**
 * For a test file that calls route handlers: a database of its own that the app's client points
 * at (DATABASE_URL), and a caller of that role. Filled before the file's own beforeAll hooks run;
 * the app's clients are closed and the database dropped after the file.
 */
export function routeTestDatabase(role: 'admin' | 'member' = 'member'): { t: TestDb; auth: Record<string, string> } {
  const ctx = {} as { t: TestDb; auth: Record<string, string> };
  beforeAll(async () => {
    ctx.t = await createTestDb();
    process.env.DATABASE_URL = ctx.t.url;
    process.env.APP_SECRET ??= TEST_SECRET;
    ({ auth: ctx.auth } = await apiCaller(role));
  });
  afterAll(async () => {
    await closeAppClients();
    await ctx.t?.drop();
  });
  return ctx;
}

export interface CallOptions {
  params?: Record<string, string>;
  query?: Record<string, string>;
  json?: unknown;
  body?: BodyInit;
  headers?: Record<string, string>;
}

/** Builds the Request for `path` (a concrete path: /api/...) and calls the handler with its params. */
export function callRoute(handler: RouteHandler, method: string, urlPath: string, opts: CallOptions = {}): Promise<Response> {
  const qs = opts.query ? `?${new URLSearchParams(opts.query)}` : '';
  const headers: Record<string, string> = { ...opts.headers };
  let body = opts.body;
  if (opts.json !== undefined) {
    body = JSON.stringify(opts.json);
    headers['content-type'] ??= 'application/json';
  }
  const req = new Request(`http://localhost${urlPath}${qs}`, { method, headers, body, ...(body instanceof ReadableStream ? { duplex: 'half' } : {}) } as RequestInit);
  return handler(req, { params: Promise.resolve(opts.params ?? {}) });
}

/** Every `app/api/**\/route.ts` on disk, as its URL template (`/api/experiments/{id}`) and file. */
export function routeFilesOnDisk(root = path.resolve(import.meta.dirname, '../../app/api')): { template: string; file: string }[] {
  const out: { template: string; file: string }[] = [];
  const walk = (dir: string) => {
    for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name === 'route.ts') {
        const rel = path.relative(root, dir).split(path.sep).filter(Boolean);
        const template = `/api${rel.map((seg) => `/${seg.replace(/^\[(.+)\]$/, '{$1}')}`).join('')}`;
        out.push({ template, file: full });
      }
    }
  };
  walk(root);
  return out.sort((a, b) => a.template.localeCompare(b.template));
}

export const HTTP_METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;

interface DocLike { components?: { schemas?: Record<string, unknown> } }

/** Validates a JSON answer against the schema the document gives for it ($refs into the document's components). */
export function responseValidator(doc: DocLike) {
  const ajv = new Ajv2020({ strict: false, allErrors: true });
  addFormats(ajv);
  return (schema: object, value: unknown): string[] => {
    const validate = ajv.compile({ ...schema, components: doc.components });
    return validate(value) ? [] : (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`);
  };
}

type DocumentedOperation = { responses: Record<string, { content?: Record<string, { schema: object }> }> };

/**
 * The app's OpenAPI document as a check: `expectDocumented` asserts that an answer is one the
 * document gives for that operation and status (the path as documented: /api/experiments/{id}).
 */
export async function documentedAnswers() {
  const doc = (await import('../../app/api/registry')).apiDocument();
  const validate = responseValidator(doc);
  const schemaOf = (method: string, path: string, status: number) =>
    (doc.paths?.[path] as Record<string, DocumentedOperation> | undefined)?.[method.toLowerCase()]?.responses[String(status)]?.content?.['application/json']?.schema;
  return {
    expectDocumented(method: string, path: string, status: number, body: unknown) {
      const schema = schemaOf(method, path, status);
      expect(schema, `${method} ${path} does not document ${status}`).toBeDefined();
      expect(validate(schema!, body), `${method} ${path} ${status}`).toEqual([]);
    },
  };
}

/** Closes what the routes opened in this process (the app's database client and job producer), before the database is dropped. */
export async function closeAppClients() {
  const started = (globalThis as { __appBoss?: Promise<PgBoss> }).__appBoss;
  if (started) await (await started).stop({ graceful: false });
  await getSql().end({ timeout: 5 });
}
