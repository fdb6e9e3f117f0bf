import { expect, test, request as newRequest } from '@playwright/test';
import fs from 'node:fs';
import http from 'node:http';
import path from 'node:path';
import crypto from 'node:crypto';

const APP = path.resolve(import.meta.dirname, '../app');

/** Every page of the app, from the file tree, with a made-up id for dynamic segments. */
function pagePaths(): string[] {
  return (fs.readdirSync(APP, { recursive: true }) as string[])
    .filter((f) => f.endsWith('page.tsx') && !f.startsWith('sign-in'))
    .map((f) => `/${path.dirname(f)}`.replace(/\/\.$/, '/').replace(/\[[^\]]+\]/g, crypto.randomUUID()).replace(/^\/\.?$/, '/'));
}

test.describe('anonymous callers', () => {
  test.use({ storageState: { cookies: [], origins: [] } });

  test('every page sends an anonymous visitor to sign-in, also past the proxy with a forged cookie or an unknown key', async ({ baseURL }) => {
    const pages = pagePaths();
    expect(pages.length).toBeGreaterThanOrEqual(8);
    const anonymous = await newRequest.newContext({ baseURL });
    const forged = await newRequest.newContext({ baseURL, extraHTTPHeaders: { cookie: 'er.session_token=forged.token' } });
    const unknownKey = await newRequest.newContext({ baseURL, extraHTTPHeaders: { authorization: 'Bearer er_revoked-or-never-issued' } });
    for (const p of pages) {
      for (const [who, ctx] of [['anonymous', anonymous], ['forged cookie', forged], ['unknown API key', unknownKey]] as const) {
        const res = await ctx.get(p, { maxRedirects: 0 });
        expect.soft({ p, who, status: res.status(), location: res.headers().location ?? '' })
          .toMatchObject({ status: expect.any(Number), location: expect.stringContaining('/sign-in') });
      }
    }
    await anonymous.dispose();
    await forged.dispose();
    await unknownKey.dispose();
  });

  test('a request naming another Host (DNS rebinding) is refused', async ({ baseURL }) => {
    const url = new URL('/api/health', baseURL);
    const status = await new Promise<number>((resolve, reject) => {
      http.get({ host: url.hostname, port: url.port, path: url.pathname, headers: { host: 'evil.test' } }, (res) => {
        res.resume();
        resolve(res.statusCode ?? 0);
      }).on('error', reject);
    });
    expect(status).toBe(421);
  });

  test('a cross-site POST (what a no-cors form or fetch sends) is refused', async ({ baseURL }) => {
    const ctx = await newRequest.newContext({ baseURL });
    const res = await ctx.post('/api/experiments', {
      headers: { origin: 'http://evil.test', 'content-type': 'text/plain', 'sec-fetch-site': 'cross-site' }, data: '{}',
    });
    expect(res.status()).toBe(403);
    await ctx.dispose();
  });
});

test('the sign-in page signs a member in; a member sees no admin settings; sign-out ends the session', async ({ page, browser }) => {
  // The admin (this spec's default session) adds a member.
  const email = `member-${Date.now()}@e2e.test`;
  await page.goto('/settings');
  const users = page.getByRole('form', { name: 'Add a user' });
  await users.getByLabel('Name').fill('Mia Member');
  await users.getByLabel('Email').fill(email);
  await users.getByLabel('First password').fill('member-password-1');
  await users.getByRole('button', { name: 'Add user' }).click();
  await expect(page.getByRole('table', { name: 'Users' }).getByText(email)).toBeVisible();

  const ctx = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  const member = await ctx.newPage();
  await member.goto('/settings');
  await expect(member).toHaveURL(/\/sign-in/);
  await member.getByLabel('Email').fill(email);
  await member.getByLabel('Password').fill('wrong-password-here');
  await member.getByRole('button', { name: 'Sign in' }).click();
  await expect(member.getByRole('alert')).toBeVisible();
  await member.getByLabel('Password').fill('member-password-1');
  await member.getByRole('button', { name: 'Sign in' }).click();
  await expect(member).toHaveURL(/\/settings/);
  await expect(member.getByRole('heading', { name: 'API keys' })).toBeVisible();
  await expect(member.getByRole('heading', { name: 'Users' })).toHaveCount(0);
  await expect(member.getByRole('button', { name: 'Add provider' })).toHaveCount(0);

  await member.getByRole('button', { name: 'Sign out' }).click();
  await expect(member).toHaveURL(/\/sign-in/);
  await member.goto('/datasets');
  await expect(member).toHaveURL(/\/sign-in/);
  await ctx.close();
});
