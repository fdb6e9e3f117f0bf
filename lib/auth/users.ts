import { asc, count, eq } from 'drizzle-orm';
import { z } from 'zod';
import { getDb } from '../db/client';
import { user, ROLES } from '../db/schema';
import { NotFoundError, UserError, zodToUserError } from '../errors';
import { getAuth } from './auth';
import type { Role } from './principal';

export async function hasAnyUser(): Promise<boolean> {
  const [row] = await getDb().select({ n: count() }).from(user);
  return (row?.n ?? 0) > 0;
}

export const newUserSchema = z.object({
  name: z.string().trim().min(1, 'Name is required').max(100),
  email: z.email({ message: 'Enter a valid email address' }).max(200),
  password: z.string().min(10, 'The password needs at least 10 characters').max(200, 'The password can be at most 200 characters'),
  role: z.enum(ROLES).default('member'),
});
export type NewUser = z.input<typeof newUserSchema>;

/**
 * Creates an account (an admin's action, the first-run screen, or ADMIN_EMAIL at start-up). The
 * password is hashed by better-auth (scrypt); the role is set here, never by the caller's own request.
 */
export async function createUser(raw: NewUser): Promise<{ id: string; email: string; role: Role }> {
  const parsed = newUserSchema.safeParse(raw);
  if (!parsed.success) throw zodToUserError(parsed.error);
  const { name, email, password, role } = parsed.data;
  const db = getDb();
  const [taken] = await db.select({ id: user.id }).from(user).where(eq(user.email, email.toLowerCase()));
  if (taken) throw new UserError(`An account for ${email} already exists`, { email: 'Already in use' }, 409);
  const created = await getAuth().api.signUpEmail({ body: { name, email, password } });
  await db.update(user).set({ role }).where(eq(user.id, created.user.id));
  return { id: created.user.id, email: created.user.email, role };
}

export async function listUsers() {
  return getDb().select({ id: user.id, name: user.name, email: user.email, role: user.role, createdAt: user.createdAt })
    .from(user).orderBy(asc(user.createdAt), asc(user.id));
}

/** Never leaves the install without an admin. */
export async function setUserRole(id: string, role: Role, actingUserId: string) {
  const db = getDb();
  if (id === actingUserId && role !== 'admin') throw new UserError('You cannot remove your own admin role', {}, 409);
  const rows = await db.update(user).set({ role, updatedAt: new Date() }).where(eq(user.id, id)).returning({ id: user.id });
  if (!rows.length) throw new NotFoundError('User');
}

export async function deleteUser(id: string, actingUserId: string) {
  if (id === actingUserId) throw new UserError('You cannot delete your own account', {}, 409);
  const rows = await getDb().delete(user).where(eq(user.id, id)).returning({ id: user.id });
  if (!rows.length) throw new NotFoundError('User');
}

/** ADMIN_EMAIL / ADMIN_PASSWORD: the first admin of a server install, created once at start-up. */
export async function ensureAdminFromEnv(log: (line: string) => void = console.log) {
  const email = process.env.ADMIN_EMAIL;
  const password = process.env.ADMIN_PASSWORD;
  if (!email || !password) return;
  if (await hasAnyUser()) return;
  await createUser({ name: process.env.ADMIN_NAME ?? 'Admin', email, password, role: 'admin' });
  log(`[start] created the admin account ${email} (from ADMIN_EMAIL)`);
}
