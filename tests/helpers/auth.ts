import crypto from 'node:crypto';
import { createUser } from '../../lib/auth/users';
import { createApiKey } from '../../lib/auth/api-keys';
import type { Role } from '../../lib/auth/principal';

/**
 * Sign-in for tests that call routes and actions: the auth module uses the process's database
 * (DATABASE_URL), so point it at the test's own database first.
 */
export function useDatabaseForAuth(url: string) {
  process.env.DATABASE_URL = url;
}

/** A real account (password hashed by better-auth) and an API key for it, as `Authorization` headers. */
export async function signedInAs(role: Role = 'member') {
  const email = `${role}-${crypto.randomBytes(4).toString('hex')}@test.local`;
  const user = await createUser({ name: role, email, password: 'a-long-test-password', role });
  const { key, id } = await createApiKey(user.id, { name: 'test' });
  return { user, key, keyId: id, headers: { authorization: `Bearer ${key}` } };
}
