import { request, type FullConfig } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';

export const E2E_ADMIN = { email: 'admin@e2e.test', password: 'e2e-admin-password-1' };
// One file per app port: e2e runs of several checkouts side by side must not sign each other out.
export const AUTH_STATE = path.resolve(import.meta.dirname, `../.data/e2e-auth/admin-${process.env.E2E_PORT ?? 3210}.json`);

/** Signs in once as the admin the e2e app was started with; every spec reuses that session. */
export default async function globalSetup(config: FullConfig) {
  const baseURL = config.projects[0].use.baseURL!;
  const ctx = await request.newContext({ baseURL, extraHTTPHeaders: { origin: baseURL } });
  const res = await ctx.post('/api/auth/sign-in/email', { data: E2E_ADMIN });
  if (!res.ok()) throw new Error(`e2e sign-in failed: ${res.status()} ${await res.text()}`);
  fs.mkdirSync(path.dirname(AUTH_STATE), { recursive: true });
  await ctx.storageState({ path: AUTH_STATE });
  await ctx.dispose();
}
