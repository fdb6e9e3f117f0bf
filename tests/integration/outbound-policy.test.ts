// Outbound requests under the policy, over real HTTP: a local server on 127.0.0.1 stands for an
// internal service; the simulator for the built-in provider; a real worker process for the runner.
// Safe even if the policy breaks: every address a test lets a call reach is on this machine;
// non-local addresses (169.254.169.254, 10.x) are only classified at save time, never called.
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PgBoss } from 'pg-boss';
import { createTestDb, type TestDb } from '../helpers/db';
import { arithmeticDataset, createTestExperiment, experimentRow, fastWorkerEnv, producer, runsOf, simulatorProvider } from '../helpers/fixtures';
import { killAll, startWorker, waitFor, waitForOutput } from '../helpers/processes';
import { startSimulator, type Simulator } from '../../lib/simulator/server';
import { createProvider, getProviderCredentials } from '../../lib/providers/connections';
import { openaiClient, testConnection } from '../../lib/providers/client';
import { guardedFetch, MAX_ERROR_BODY_BYTES, type Resolver } from '../../lib/providers/guarded-fetch';
import { outboundRefusalOf, PROVIDER_MESSAGE_CHARS } from '../../lib/providers/error-message';
import { NO_EXCEPTIONS, parseAllowedHosts } from '../../lib/providers/url-policy';
import { classifyError } from '../../lib/runner/retry-policy';
import { UserError } from '../../lib/errors';

// The policy reads these on every call; the worker inherits them when it starts.
const saved = { allowed: process.env.ALLOWED_PROVIDER_HOSTS, simulator: process.env.SIMULATOR_URL };
delete process.env.ALLOWED_PROVIDER_HOSTS;
delete process.env.SIMULATOR_URL;

/** Stands for a service inside the network: it counts what reaches it. */
interface InternalServer { url: string; port: number; paths: string[]; close: () => Promise<void> }
async function startInternalServer(): Promise<InternalServer> {
  const paths: string[] = [];
  const server = http.createServer((req, res) => {
    paths.push(req.url ?? '');
    if (req.url?.startsWith('/redirect/')) {
      res.writeHead(302, { location: `http://127.0.0.1:${(server.address() as AddressInfo).port}/followed` }).end();
    } else if (req.url?.startsWith('/huge/')) {
      res.writeHead(500, { 'content-type': 'text/html' }).end(`<html>INTERNAL-ADMIN-PAGE ${'x'.repeat(1024 * 1024)}</html>`);
    } else {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ object: 'list', data: [{ id: 'internal-model', object: 'model' }] }));
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, port, paths, close: () => new Promise((r) => server.close(() => r())) };
}

const answering = (address: string): Resolver => async () => [{ address }];

async function withAllowed<T>(value: string, fn: () => Promise<T>): Promise<T> {
  process.env.ALLOWED_PROVIDER_HOSTS = value;
  try {
    return await fn();
  } finally {
    delete process.env.ALLOWED_PROVIDER_HOSTS;
  }
}

let t: TestDb;
let sim: Simulator;
let internal: InternalServer;
let boss: PgBoss;

beforeAll(async () => {
  [t, sim, internal] = await Promise.all([createTestDb(), startSimulator({ port: 0, latencyMs: 2 }), startInternalServer()]);
  boss = await producer(t.url);
  const worker = startWorker(fastWorkerEnv(t.url));
  await waitForOutput(worker, 'ready');
});
afterAll(async () => {
  await killAll();
  await boss?.stop({ graceful: false });
  await Promise.all([sim?.close(), internal?.close(), t?.drop()]);
  for (const [name, value] of [['ALLOWED_PROVIDER_HOSTS', saved.allowed], ['SIMULATOR_URL', saved.simulator]] as const) {
    if (value === undefined) delete process.env[name];
    else process.env[name] = value;
  }
});

describe('outbound requests under the policy (real HTTP on 127.0.0.1)', () => {
  it('the guarded fetch refuses a local server before connecting, unless it is allowed', async () => {
    const before = internal.paths.length;
    const err = await guardedFetch(NO_EXCEPTIONS)(`${internal.url}/v1/models`).catch((e: unknown) => e);
    expect(outboundRefusalOf(err)?.message).toMatch(/^Refused to connect to 127\.0\.0\.1: it is a loopback address/);
    expect(internal.paths.length).toBe(before); // nothing reached the server

    const allowed = guardedFetch({ allow: parseAllowedHosts('127.0.0.1'), allowLoopback: false });
    const res = await allowed(`${internal.url}/v1/models`);
    expect(res.status).toBe(200);
    expect(internal.paths.length).toBe(before + 1);
  });

  it('refuses 127.0.0.1 (other than the simulator), 169.254.169.254 and their disguises, at save and at call time', async () => {
    const local: [string, RegExp][] = [
      [`${internal.url}/v1`, /loopback/],
      [`http://2130706433:${internal.port}/v1`, /loopback/], // 127.0.0.1 as one decimal number
      [`http://[::ffff:127.0.0.1]:${internal.port}/v1`, /loopback/], // IPv4-mapped IPv6
      [`http://0.0.0.0:${internal.port}/v1`, /unspecified address/], // reaches this machine on Linux
      ['http://[::1]:8999/v1', /loopback/],
    ];
    const elsewhere: [string, RegExp][] = [
      ['http://169.254.169.254/latest', /link-local address \(where cloud metadata services live\)/],
      ['http://[::ffff:169.254.169.254]/v1', /link-local/],
      ['http://[fd00:ec2::254]/v1', /private network address/],
      ['http://10.20.30.40/v1', /private network address/],
    ];
    const before = internal.paths.length;
    for (const [baseUrl, reason] of [...local, ...elsewhere]) {
      const save = createProvider(t.db, { name: `refused-${Math.random()}`, baseUrl });
      await expect(save, baseUrl).rejects.toThrow(UserError);
      await expect(save, baseUrl).rejects.toThrow(reason);
    }
    for (const [baseUrl, reason] of local) {
      const call = await testConnection({ baseUrl, apiKey: 'no-key' }, { showDetails: true });
      expect(call, baseUrl).toEqual({ ok: false, error: expect.stringMatching(reason) });
    }
    expect(internal.paths.length).toBe(before);
  });

  it('refuses credentials, fragments and queries in a base URL without echoing them', async () => {
    const secret = 'hunter2-in-the-url';
    await expect(createProvider(t.db, { name: 'creds', baseUrl: `https://user:${secret}@api.example.test/v1` })).rejects.toThrow(/user name or password/);
    const call = await testConnection({ baseUrl: `http://user:${secret}@127.0.0.1:${internal.port}/v1`, apiKey: 'no-key', isSimulator: true }, { showDetails: true });
    expect(call.ok).toBe(false);
    expect(JSON.stringify(call)).not.toContain(secret);
    await expect(createProvider(t.db, { name: 'fragment', baseUrl: 'https://api.example.test/internal/admin#' })).rejects.toThrow(/fragment/);
    await expect(createProvider(t.db, { name: 'query', baseUrl: 'https://api.example.test/v1?x=' })).rejects.toThrow(/query/);
  });

  it('refuses a host name that resolves to a private address, also when its address changes after saving', async () => {
    const host = 'provider.example.test';
    await expect(createProvider(t.db, { name: 'private-now', baseUrl: `https://${host}/v1` }, { resolve: answering('10.0.0.7') }))
      .rejects.toThrow(/provider\.example\.test \(10\.0\.0\.7\): it is a private network address/);

    // Public when saved (only classified, never contacted)...
    const created = await createProvider(t.db, { name: 'rebinding', baseUrl: `http://${host}:${internal.port}/v1` }, { resolve: answering('93.184.216.34') });
    const creds = (await getProviderCredentials(t.db, created.id))!;
    const before = internal.paths.length;

    // ...loopback when called: refused at connect time, with the address named.
    const test = await testConnection(creds, { showDetails: false, resolve: answering('127.0.0.1') });
    expect(test).toEqual({ ok: false, error: expect.stringMatching(/^Refused to connect to provider\.example\.test \(127\.0\.0\.1\): it is a loopback address/) });

    // The runner's call path: refused, and classified permanent (no retries) with the same message.
    const err = await openaiClient(creds, { resolve: answering('::ffff:127.0.0.1') }).chat.completions
      .create({ model: 'm', messages: [{ role: 'user', content: 'hi' }] }).catch((e: unknown) => e);
    expect(classifyError(err)).toEqual({
      kind: 'permanent', code: 'OUTBOUND_REFUSED', message: expect.stringMatching(/provider\.example\.test \(::ffff:127\.0\.0\.1\): it is a loopback address/),
    });
    expect(internal.paths.length).toBe(before);
  });

  it('the worker refuses a saved provider whose name now resolves to loopback; the simulator provider still works', async () => {
    // "localhost" passed the save-time check with a public answer; the worker's real resolver says 127.0.0.1.
    const rebound = await createProvider(t.db, { name: 'now-loopback', baseUrl: `http://localhost:${internal.port}/v1` }, { resolve: answering('93.184.216.34') });
    const simulator = await simulatorProvider(t.db, sim.url);
    expect(new URL(sim.url).hostname).toBe('127.0.0.1'); // the simulator listens on loopback only
    const before = internal.paths.length;
    const ds = await arithmeticDataset(t.db, 10);

    const refused = await createTestExperiment(t.db, boss, ds.id, rebound.id);
    const ok = await createTestExperiment(t.db, boss, ds.id, simulator.id);
    const [refusedRow, okRow] = await Promise.all([refused.id, ok.id].map((id) => waitFor(async () => {
      const row = await experimentRow(t.db, id);
      return ['COMPLETED', 'ERROR'].includes(row.status) && row;
    }, { timeoutMs: 60_000, what: 'experiments to finish' })));

    expect(refusedRow.status).toBe('ERROR');
    expect(refusedRow.lastError).toMatch(/Refused to connect to localhost \((127\.0\.0\.1|::1)\): it is a loopback address/);
    const failed = (await runsOf(t.db, refused.id)).filter((r) => r.status === 'FAILED');
    expect(failed.length).toBeGreaterThan(0);
    for (const r of failed) {
      expect(r.attempts).toBe(1); // permanent: not retried
      expect(r.error).toMatch(/Refused to connect to localhost/);
    }
    expect(internal.paths.length).toBe(before);

    expect(okRow.status).toBe('COMPLETED');
    expect(okRow.runsSucceeded).toBe(10);
  });

  it('an admin allow-list (ALLOWED_PROVIDER_HOSTS) and the simulator\'s own URL (SIMULATOR_URL) are let through', async () => {
    const local = await withAllowed(`127.0.0.1:${internal.port}`, async () => {
      const created = await createProvider(t.db, { name: 'local-vllm', baseUrl: `${internal.url}/v1` });
      return testConnection((await getProviderCredentials(t.db, created.id))!, { showDetails: false });
    });
    expect(local).toEqual({ ok: true, models: ['internal-model'] });
    // Another port on the same address is not on the list.
    const otherPort = await withAllowed(`127.0.0.1:${internal.port}`, () => testConnection({ baseUrl: sim.url, apiKey: 'no-key' }, { showDetails: false }));
    expect(otherPort).toEqual({ ok: false, error: expect.stringMatching(/loopback/) });

    process.env.SIMULATOR_URL = sim.url;
    try {
      // A connection a user adds for the built-in simulator (not flagged as it) is allowed too.
      expect(await testConnection({ baseUrl: sim.url, apiKey: 'no-key' }, { showDetails: false })).toMatchObject({ ok: true });
      expect(await testConnection({ baseUrl: `${internal.url}/v1`, apiKey: 'no-key' }, { showDetails: false })).toMatchObject({ ok: false });
    } finally {
      delete process.env.SIMULATOR_URL;
    }
    // A malformed allow-list fails calls with a message naming the entry and the format.
    const malformed = await withAllowed('http://bad.example', () => testConnection({ baseUrl: sim.url, apiKey: 'no-key', isSimulator: true }, { showDetails: false }));
    expect(malformed).toEqual({ ok: false, error: expect.stringMatching(/^ALLOWED_PROVIDER_HOSTS: "http:\/\/bad\.example" is not valid/) });
  });

  it('does not follow redirects', async () => {
    const before = internal.paths.length;
    const result = await withAllowed('127.0.0.1', () => testConnection({ baseUrl: `${internal.url}/redirect/v1`, apiKey: 'no-key' }, { showDetails: true }));
    expect(result).toEqual({ ok: false, error: expect.stringMatching(/redirect \(HTTP 302\); redirects are not followed/) });
    expect(internal.paths.slice(before)).toEqual(['/redirect/v1/models']); // and not '/followed'
  });

  it('cuts error bodies, and shows a provider\'s error text only to admins', async () => {
    const huge = (showDetails: boolean) => withAllowed('127.0.0.1', () => testConnection({ baseUrl: `${internal.url}/huge/v1`, apiKey: 'no-key' }, { showDetails }));
    const admin = await huge(true);
    expect(admin.ok).toBe(false);
    if (!admin.ok) {
      expect(admin.error).toMatch(/^500 <html>INTERNAL-ADMIN-PAGE x+… \[truncated: [\d,]+ characters in all\]$/);
      expect(admin.error.length).toBeLessThan(PROVIDER_MESSAGE_CHARS + 60);
      // What the SDK read was already cut by the guarded fetch (the page is 1 MB).
      const total = Number(/truncated: ([\d,]+)/.exec(admin.error)![1].replace(/,/g, ''));
      expect(total).toBeLessThanOrEqual(MAX_ERROR_BODY_BYTES + 4);
    }
    expect(await huge(false)).toEqual({ ok: false, error: 'The provider answered HTTP 500' });

    const guarded = await startSimulator({ port: 0, requiredApiKey: 'sk-right-key-0123456789' });
    try {
      const wrong = { baseUrl: guarded.url, apiKey: 'sk-wrong-key-9876543210', isSimulator: true };
      expect(await testConnection(wrong, { showDetails: false })).toEqual({ ok: false, error: 'The provider answered HTTP 401: check the API key' });
      const forAdmin = await testConnection(wrong, { showDetails: true });
      expect(forAdmin).toEqual({ ok: false, error: expect.stringMatching(/^401 .*incorrect api key/i) });
      expect(JSON.stringify(forAdmin)).not.toContain('sk-wrong-key-9876543210');
    } finally {
      await guarded.close();
    }
  });
});
