import { eq } from 'drizzle-orm';
import { getDb } from '../db/client';
import { user } from '../db/schema';
import { getAuth } from './auth';
import type { Principal, Role } from './principal';

/**
 * Resolves the caller of a request: `Authorization: Bearer <api key>` or the session cookie.
 * Returns null for an anonymous caller (or a revoked, expired or unknown key).
 */
export async function authenticateRequest(req: Request): Promise<Principal | null> {
  return principalFromHeaders(req.headers);
}

export async function principalFromHeaders(headers: Headers): Promise<Principal | null> {
  const authorization = headers.get('authorization');
  if (authorization !== null) {
    const [scheme, key] = authorization.trim().split(/\s+/, 2);
    return scheme?.toLowerCase() === 'bearer' && key ? principalFromApiKey(key) : null;
  }
  const found = await getAuth().api.getSession({ headers });
  if (!found) return null;
  const u = found.user as typeof found.user & { role?: string };
  return { userId: u.id, email: u.email, name: u.name, role: asRole(u.role), via: 'session' };
}

async function principalFromApiKey(key: string): Promise<Principal | null> {
  const result = await getAuth().api.verifyApiKey({ body: { key } });
  if (!result.valid || !result.key) return null;
  const [owner] = await getDb().select().from(user).where(eq(user.id, result.key.referenceId));
  if (!owner) return null;
  return { userId: owner.id, email: owner.email, name: owner.name, role: asRole(owner.role), via: 'api-key' };
}

const asRole = (role: unknown): Role => (role === 'admin' ? 'admin' : 'member');
