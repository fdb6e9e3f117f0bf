'use server';

import { z } from 'zod';
import { defineAction } from '@/lib/server/safe-action';
import { createApiKey, newApiKeySchema, revokeApiKey } from '@/lib/auth/api-keys';
import { createUser, deleteUser, newUserSchema, setUserRole } from '@/lib/auth/users';
import { ROLES } from '@/lib/db/schema';

const byId = z.object({ id: z.string().min(1).max(100) });

// API keys: every user manages their own.
export const createApiKeyAction = defineAction(newApiKeySchema,
  (input, ctx) => createApiKey(ctx.principal!.userId, input), { revalidate: '/settings' });

export const revokeApiKeyAction = defineAction(byId, async ({ id }, ctx) => {
  await revokeApiKey(ctx.principal!.userId, id);
  return { revoked: true };
}, { revalidate: '/settings' });

// Users: admins only.
export const createUserAction = defineAction(newUserSchema,
  (input) => createUser(input), { access: 'admin', revalidate: '/settings' });

export const setUserRoleAction = defineAction(byId.extend({ role: z.enum(ROLES) }), async ({ id, role }, ctx) => {
  await setUserRole(id, role, ctx.principal!.userId);
  return { id, role };
}, { access: 'admin', revalidate: '/settings' });

export const deleteUserAction = defineAction(byId, async ({ id }, ctx) => {
  await deleteUser(id, ctx.principal!.userId);
  return { deleted: true };
}, { access: 'admin', revalidate: '/settings' });
