'use server';

import { defineAction } from '@/lib/server/safe-action';
import { quotasSchema } from '@/lib/quotas/quota-schema';
import { setQuotas } from '@/lib/quotas/quotas';

/** Quotas: admins only (they are subject to them too, and can raise them here). */
export const setQuotasAction = defineAction(quotasSchema,
  (input, ctx) => setQuotas(ctx.db, input, { userId: ctx.principal!.userId }), { access: 'admin', revalidate: '/settings' });
