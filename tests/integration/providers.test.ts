import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/db';
import { startSimulator, type Simulator } from '../../lib/simulator/server';
import { createProvider, deleteProvider, getProviderCredentials, listProviders } from '../../lib/providers/connections';
import { testConnection } from '../../lib/providers/client';

const KEY = 'sk-test-0123456789abcdefSECRET';

let t: TestDb;
let sim: Simulator;
const previousSecret = process.env.APP_SECRET;
// These connections point at a simulator on 127.0.0.1 without the is_simulator flag: an admin allows it.
const previousAllowed = process.env.ALLOWED_PROVIDER_HOSTS;

beforeAll(async () => {
  process.env.APP_SECRET = 'integration-test-secret-0123456789';
  process.env.ALLOWED_PROVIDER_HOSTS = '127.0.0.1';
  [t, sim] = await Promise.all([createTestDb(), startSimulator({ port: 0, requiredApiKey: KEY })]);
});
afterAll(async () => {
  await Promise.all([t?.drop(), sim?.close()]);
  if (previousSecret === undefined) delete process.env.APP_SECRET;
  else process.env.APP_SECRET = previousSecret;
  if (previousAllowed === undefined) delete process.env.ALLOWED_PROVIDER_HOSTS;
  else process.env.ALLOWED_PROVIDER_HOSTS = previousAllowed;
});

describe('provider connections (real PostgreSQL, simulator over HTTP)', () => {
  it('stores the API key encrypted: the raw row holds no plaintext', async () => {
    const created = await createProvider(t.db, { name: 'sim-encrypted', baseUrl: `${sim.url}/`, apiKey: KEY, requestsPerMinute: 600 });
    expect(created).toMatchObject({ name: 'sim-encrypted', baseUrl: sim.url, hasApiKey: true, requestsPerMinute: 600, isSimulator: false });

    const rows = await t.sql<{ api_key_encrypted: string | null }[]>`select * from provider_connections where id = ${created.id}`;
    expect(rows).toHaveLength(1);
    const raw = JSON.stringify(rows[0]);
    expect(raw).not.toContain(KEY);
    expect(raw).not.toContain('SECRET');
    expect(rows[0].api_key_encrypted).toMatch(/^v2\./);

    // Only the server-side credentials read decrypts it.
    expect((await getProviderCredentials(t.db, created.id))?.apiKey).toBe(KEY);
  });

  it('lists summaries that never include the key, encrypted or not', async () => {
    await createProvider(t.db, { name: 'no-key-local', baseUrl: 'http://127.0.0.1:11434/v1' });
    const list = await listProviders(t.db);
    const withKey = list.find((p) => p.name === 'sim-encrypted');
    const withoutKey = list.find((p) => p.name === 'no-key-local');
    expect(withKey?.hasApiKey).toBe(true);
    expect(withoutKey?.hasApiKey).toBe(false);
    for (const p of list) {
      expect(Object.keys(p).sort()).toEqual(['baseUrl', 'createdAt', 'hasApiKey', 'id', 'isSimulator', 'name', 'requestsPerMinute', 'tokensPerMinute']);
    }
    const text = JSON.stringify(list);
    expect(text).not.toContain(KEY);
    expect(text).not.toContain('v2.'); // no ciphertext either
  });

  it('rejects a duplicate name with a readable error', async () => {
    await expect(createProvider(t.db, { name: 'sim-encrypted', baseUrl: sim.url })).rejects.toThrow('A provider named "sim-encrypted" already exists');
  });

  it('tests a connection: models with the right key, a clear 401 without echoing a wrong one', async () => {
    const [saved] = (await listProviders(t.db)).filter((p) => p.name === 'sim-encrypted');
    const credentials = await getProviderCredentials(t.db, saved.id);
    const ok = await testConnection(credentials!, { showDetails: true });
    expect(ok).toEqual({ ok: true, models: expect.arrayContaining([expect.any(String)]) });
    if (ok.ok) expect(ok.models.length).toBeGreaterThan(0);

    const wrongKey = 'sk-wrong-9876543210zyxwvuWRONG';
    const bad = await testConnection({ baseUrl: sim.url, apiKey: wrongKey }, { showDetails: true });
    expect(bad.ok).toBe(false);
    if (!bad.ok) {
      expect(bad.error).toMatch(/401/);
      expect(bad.error).toMatch(/incorrect api key/i);
      expect(bad.error).not.toContain(wrongKey);
      expect(bad.error).not.toContain(KEY);
    }
  });

  it('reports an unreachable URL as a failure, not a throw', async () => {
    const result = await testConnection({ baseUrl: 'http://127.0.0.1:9/v1', apiKey: KEY }, { showDetails: true });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error).not.toContain(KEY);
  });

  it('deletes a connection once', async () => {
    const [saved] = (await listProviders(t.db)).filter((p) => p.name === 'no-key-local');
    expect(await deleteProvider(t.db, saved.id)).toBe(true);
    expect(await deleteProvider(t.db, saved.id)).toBe(false);
    expect((await listProviders(t.db)).map((p) => p.name)).not.toContain('no-key-local');
  });
});
