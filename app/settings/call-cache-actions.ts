'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { defineAction } from '@/lib/server/safe-action';
import { clearCallCacheNow } from '@/lib/call-cache/admin';

/** The call cache is shared by every user's experiments: only an admin clears it. */
export const clearCallCacheAction = defineAction(z.object({}), async (_input, ctx) => {
  const cleared = await clearCallCacheNow(ctx.db);
  revalidatePath('/settings');
  return cleared;
}, { access: 'admin' });
