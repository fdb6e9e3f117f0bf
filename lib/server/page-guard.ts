import { redirect } from 'next/navigation';
import { canAccess, type AccessLevel, type Principal } from '../auth/principal';
import type { DbOrTx } from '../db/client';
import { isUuid } from '../uuid';
import { currentPrincipal, requestContext } from './context';

/**
 * The first line of every page: the signed-in caller, or a redirect to sign-in. An admin-only page
 * sends a member back to the datasets.
 */
export async function requirePagePrincipal(level: AccessLevel = 'member'): Promise<Principal> {
  const principal = await currentPrincipal();
  if (!principal) redirect('/sign-in');
  if (!canAccess(principal, level)) redirect('/datasets');
  return principal;
}

/**
 * The record a page's `[id]` names, or null (the page's 404): an id that is not a UUID is null
 * before any query, never a database cast error.
 */
export async function pageRecord<T>(id: string, read: (db: DbOrTx, id: string) => Promise<T | null>): Promise<T | null> {
  if (!isUuid(id)) return null;
  const { db } = await requestContext();
  return read(db, id);
}
