import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fs from 'node:fs';
import path from 'node:path';
import { eq } from 'drizzle-orm';
import { createTestDb, type TestDb } from '../helpers/db';
import { signedInAs, useDatabaseForAuth } from '../helpers/auth';
import '../helpers/fixtures';
import { user } from '../../lib/db/schema';
import { authenticateRequest } from '../../lib/auth/authenticate';
import { listApiKeys, revokeApiKey } from '../../lib/auth/api-keys';
import { SIGN_IN_LIMIT } from '../../lib/auth/auth';
import { appUrl } from '../../lib/config';

let t: TestDb;
let authRoute: typeof import('../../app/api/auth/[...all]/route');

beforeAll(async () => {
  t = await createTestDb();
  useDatabaseForAuth(t.url);
  authRoute = await import('../../app/api/auth/[...all]/route');
});
afterAll(() => t?.drop());

const authPost = (endpoint: string, body: unknown) => authRoute.POST(new Request(`${appUrl()}/api/auth${endpoint}`, {
  method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json', origin: appUrl() },
}));

describe('sign-in', () => {
  it('the first account of an empty install is its admin; after that nobody can sign themselves up', async () => {
    const first = await authPost('/sign-up/email', { name: 'First', email: 'first@test.local', password: 'first-password-123' });
    expect(first.status).toBe(200);
    const [row] = await t.db.select().from(user).where(eq(user.email, 'first@test.local'));
    expect(row.role).toBe('admin');
    expect(first.headers.get('set-cookie')).toMatch(/er\.session_token=[^;]+;.*HttpOnly/i);

    const second = await authPost('/sign-up/email', { name: 'Second', email: 'second@test.local', password: 'second-password-123' });
    expect(second.status).toBe(403);
    expect(await t.db.select().from(user).where(eq(user.email, 'second@test.local'))).toHaveLength(0);
  });

  it('a session cookie from sign-in identifies the user; a wrong password does not sign in', async () => {
    const ok = await authPost('/sign-in/email', { email: 'first@test.local', password: 'first-password-123' });
    expect(ok.status).toBe(200);
    const cookie = ok.headers.get('set-cookie')!.split(';')[0];
    const principal = await authenticateRequest(new Request(`${appUrl()}/api/x`, { headers: { cookie } }));
    expect(principal).toMatchObject({ email: 'first@test.local', role: 'admin', via: 'session' });
    expect((await authPost('/sign-in/email', { email: 'first@test.local', password: 'wrong-password-1' })).status).toBe(401);
    expect(await authenticateRequest(new Request(`${appUrl()}/api/x`, { headers: { cookie: 'er.session_token=forged.value' } }))).toBeNull();
  });

  it(`sign-in attempts are rate-limited (${SIGN_IN_LIMIT.max} a minute)`, async () => {
    const statuses: number[] = [];
    for (let i = 0; i < SIGN_IN_LIMIT.max + 2; i++) {
      statuses.push((await authPost('/sign-in/email', { email: 'nobody@test.local', password: `guess-number-${i}` })).status);
    }
    expect(statuses.at(-1)).toBe(429);
    expect(statuses.filter((s) => s === 429).length).toBeGreaterThanOrEqual(1);
  });
});

describe('API keys', () => {
  it('a key authenticates as its user and records its last use; a revoked or unknown key is refused', async () => {
    const member = await signedInAs('member');
    const req = (key: string) => new Request(`${appUrl()}/api/x`, { headers: { authorization: `Bearer ${key}` } });
    expect(await authenticateRequest(req(member.key))).toMatchObject({ userId: member.user.id, role: 'member', via: 'api-key' });
    const [listed] = await listApiKeys(member.user.id);
    expect(listed.lastUsedAt).not.toBeNull();
    expect(JSON.stringify(listed)).not.toContain(member.key); // only a hash is stored; the list shows its start
    await revokeApiKey(member.user.id, member.keyId);
    expect(await authenticateRequest(req(member.key))).toBeNull();
    expect(await authenticateRequest(req('er_not-a-real-key'))).toBeNull();
    expect(await authenticateRequest(new Request(`${appUrl()}/api/x`))).toBeNull();
  });
});

describe('every server action refuses an anonymous caller and a revoked API key', () => {
  const root = path.resolve(import.meta.dirname, '../../app');
  const files = (fs.readdirSync(root, { recursive: true }) as string[]).filter((f) => f.endsWith('actions.ts')).sort();

  it(`found the action modules (${files.length})`, () => {
    expect(files.length).toBeGreaterThanOrEqual(6);
  });

  for (const file of files) {
    it(file, async () => {
      const { withCallerHeaders } = await import('../../lib/server/context');
      const revoked = await signedInAs('admin');
      await revokeApiKey(revoked.user.id, revoked.keyId);
      const mod = await import(path.join(root, file));
      const actions = Object.entries(mod).filter(([, v]) => typeof v === 'function');
      expect(actions.length).toBeGreaterThan(0);
      for (const [name, action] of actions) {
        const call = action as (input: unknown) => Promise<{ ok: boolean; error?: string }>;
        const anonymous = await call({});
        expect({ name, anonymous }).toEqual({ name, anonymous: { ok: false, error: 'Sign in to continue' } });
        const withRevokedKey = await withCallerHeaders(new Headers(revoked.headers), () => call({}));
        expect({ name, withRevokedKey }).toEqual({ name, withRevokedKey: { ok: false, error: 'Sign in to continue' } });
      }
    });
  }
});

describe('admin-only server actions refuse a member', () => {
  it('providers, users and quotas', async () => {
    const { withCallerHeaders } = await import('../../lib/server/context');
    const member = await signedInAs('member');
    const admin = await signedInAs('admin');
    const modules = [
      await import('../../app/settings/actions'),
      await import('../../app/settings/quota-actions'),
    ];
    const accounts = await import('../../app/settings/account-actions');
    const adminActions = [
      ...modules.flatMap((m) => Object.entries(m)),
      ['createUserAction', accounts.createUserAction], ['setUserRoleAction', accounts.setUserRoleAction], ['deleteUserAction', accounts.deleteUserAction],
    ] as [string, (input: unknown) => Promise<{ ok: boolean; error?: string }>][];
    expect(adminActions.length).toBeGreaterThanOrEqual(8);
    for (const [name, action] of adminActions) {
      const asMember = await withCallerHeaders(new Headers(member.headers), () => action({}));
      expect({ name, asMember }).toEqual({ name, asMember: { ok: false, error: 'Only an admin can do this' } });
      // An admin gets past the access check (and then, with no input, fails validation instead).
      const asAdmin = await withCallerHeaders(new Headers(admin.headers), () => action({}));
      expect({ name, error: asAdmin.error }).not.toEqual({ name, error: 'Only an admin can do this' });
    }
    // A member manages their own API keys (the page refresh after it needs Next.js; the key is made).
    await withCallerHeaders(new Headers(member.headers), () => accounts.createApiKeyAction({ name: 'mine' }));
    expect((await listApiKeys(member.user.id)).map((k) => k.name).sort()).toEqual(['mine', 'test']);
  });
});
