import 'server-only';
import { AsyncLocalStorage } from 'node:async_hooks';
import { headers } from 'next/headers';
import { getDb } from '../db/client';
import { getProducerBoss } from '../queue/boss';
import { databaseUrl } from '../config';
import { principalFromHeaders } from '../auth/authenticate';
import type { Principal } from '../auth/principal';

/** What every action and route gets: the database, the job producer and who is calling. */
export async function requestContext(principal?: Principal | null) {
  return {
    db: getDb(),
    boss: () => getProducerBoss(databaseUrl()),
    principal: principal === undefined ? await currentPrincipal() : principal,
  };
}
export type RequestContext = Awaited<ReturnType<typeof requestContext>>;

const callerScope = new AsyncLocalStorage<Headers>();

/**
 * Runs `fn` as the caller these headers identify (a session cookie or an API key), for code that
 * calls server actions outside a Next.js request: scripts and tests.
 */
export function withCallerHeaders<T>(callerHeaders: Headers, fn: () => Promise<T>): Promise<T> {
  return callerScope.run(callerHeaders, fn);
}

// One session lookup per request: the layout, the page and its actions share the answer.
const resolved = new WeakMap<Headers, Promise<Principal | null>>();

/** The caller of the current page or server action; null when anonymous or outside a request. */
export async function currentPrincipal(): Promise<Principal | null> {
  let h = callerScope.getStore();
  if (!h) {
    try {
      h = await headers();
    } catch {
      return null; // no request scope (e.g. called from a script): nobody is signed in
    }
  }
  let principal = resolved.get(h);
  if (!principal) {
    principal = principalFromHeaders(h);
    resolved.set(h, principal);
  }
  return principal;
}
