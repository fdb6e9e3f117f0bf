'use server';

import { z } from 'zod';
import { defineAction } from '@/lib/server/safe-action';
import { clearCallCacheNow } from '@/lib/call-cache/admin';

/** The call cache is shared by every user's experiments: only an admin clears it. */
export const clearCallCacheAction = defineAction(z.object({}),
  (_input, ctx) => clearCallCacheNow(ctx.db), { access: 'admin', revalidate: '/settings' });
