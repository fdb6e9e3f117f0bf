import 'server-only';
import crypto from 'node:crypto';
import { count } from 'drizzle-orm';
import { betterAuth } from 'better-auth';
import { drizzleAdapter } from 'better-auth/adapters/drizzle';
import { apiKey } from '@better-auth/api-key';
import { getDb } from '../db/client';
import { account, apikey, rateLimit, session, user, verification } from '../db/schema';
import { appUrl } from '../config';

/** better-auth's own secret (cookie signing), derived from APP_SECRET so there is one secret to keep. */
function authSecret(): string {
  const secret = process.env.APP_SECRET;
  if (!secret || secret.length < 16) throw new Error('APP_SECRET must be set (at least 16 characters)');
  return Buffer.from(crypto.hkdfSync('sha256', secret, 'experiment-runner', 'better-auth session secret', 32)).toString('hex');
}

export const API_KEY_PREFIX = 'er_';
export const SIGN_IN_LIMIT = { window: 60, max: 10 } as const;

function createAuth() {
  const url = appUrl();
  return betterAuth({
    appName: 'Experiment runner',
    baseURL: url,
    secret: authSecret(),
    trustedOrigins: [url],
    database: drizzleAdapter(getDb(), { provider: 'pg', schema: { user, session, account, verification, apikey, rateLimit } }),
    telemetry: { enabled: false },
    logger: {
      // A wrong or revoked API key is an ordinary 401, not an error worth a log line each time.
      log: (level, message, ...args) => {
        if (message.includes('Failed to validate API key')) return;
        (level === 'error' ? console.error : console.warn)(`[auth] ${message}`, ...args);
      },
    },
    emailAndPassword: {
      enabled: true,
      // Accounts are made by an admin (Settings → Users) or by the first-run screen, never by a
      // stranger: the public sign-up endpoint is refused by the route (app/api/auth).
      minPasswordLength: 10,
      maxPasswordLength: 200,
    },
    user: {
      additionalFields: { role: { type: 'string', required: false, defaultValue: 'member', input: false } },
    },
    session: { expiresIn: 60 * 60 * 24 * 7, updateAge: 60 * 60 * 24 },
    databaseHooks: {
      user: {
        create: {
          // The first account of an empty install (the first-run screen) is its admin.
          before: async (data) => {
            const [row] = await getDb().select({ n: count() }).from(user);
            return { data: { ...data, role: (row?.n ?? 0) === 0 ? 'admin' : 'member' } };
          },
        },
      },
    },
    advanced: {
      useSecureCookies: url.startsWith('https://'),
      cookiePrefix: 'er',
      database: { generateId: () => crypto.randomUUID() },
    },
    rateLimit: {
      enabled: true,
      storage: 'database',
      window: 60,
      max: 300,
      customRules: { '/sign-in/email': SIGN_IN_LIMIT, '/sign-up/email': SIGN_IN_LIMIT },
    },
    plugins: [
      apiKey({
        defaultPrefix: API_KEY_PREFIX,
        // Keys are checked by our route wrapper, not sent as a session header.
        enableSessionForAPIKeys: false,
        rateLimit: { enabled: false },
      }),
    ],
  });
}

export type Auth = ReturnType<typeof createAuth>;
const globalForAuth = globalThis as unknown as { __auth?: Auth };

/** One instance per process, created on first use (so `next build` needs no database). */
export function getAuth(): Auth {
  globalForAuth.__auth ??= createAuth();
  return globalForAuth.__auth;
}
