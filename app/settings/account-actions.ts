'use server';

import { z } from 'zod';
import { revalidatePath } from 'next/cache';
import { defineAction } from '@/lib/server/safe-action';
import { createApiKey, newApiKeySchema, revokeApiKey } from '@/lib/auth/api-keys';
import { createUser, deleteUser, newUserSchema, setUserRole } from '@/lib/auth/users';
import { ROLES } from '@/lib/db/schema';

const byId = z.object({ id: z.string().min(1).max(100) });

// API keys: every user manages their own.
export const createApiKeyAction = defineAction(newApiKeySchema, async (input, ctx) => {
  const created = await createApiKey(ctx.principal!.userId, input);
  revalidatePath('/settings');
  return created;
});

export const revokeApiKeyAction = defineAction(byId, async ({ id }, ctx) => {
  await revokeApiKey(ctx.principal!.userId, id);
  revalidatePath('/settings');
  return { revoked: true };
});

// Users: admins only.
export const createUserAction = defineAction(newUserSchema, async (input) => {
  const created = await createUser(input);
  revalidatePath('/settings');
  return created;
}, { access: 'admin' });

export const setUserRoleAction = defineAction(byId.extend({ role: z.enum(ROLES) }), async ({ id, role }, ctx) => {
  await setUserRole(id, role, ctx.principal!.userId);
  revalidatePath('/settings');
  return { id, role };
}, { access: 'admin' });

export const deleteUserAction = defineAction(byId, async ({ id }, ctx) => {
  await deleteUser(id, ctx.principal!.userId);
  revalidatePath('/settings');
  return { deleted: true };
}, { access: 'admin' });
