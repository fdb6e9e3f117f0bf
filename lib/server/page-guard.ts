import { redirect } from 'next/navigation';
import { canAccess, type AccessLevel, type Principal } from '../auth/principal';
import { currentPrincipal } from './context';

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
