'use server';

import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { defineAction } from '@/lib/server/safe-action';
import { deleteModelPriceSchema, setModelPriceSchema } from '@/lib/costs/price-schema';
import { deleteModelPrice, listConnectionPrices, setModelPrice } from '@/lib/costs/price-admin';

// Model prices per provider connection: admins only, like every other provider edit.

export const listPricesAction = defineAction(z.object({ providerConnectionId: z.uuid({ message: 'Unknown provider connection' }) }),
  async ({ providerConnectionId }, ctx) => listConnectionPrices(ctx.db, providerConnectionId), { access: 'admin' });

export const setPriceAction = defineAction(setModelPriceSchema, async (input, ctx) => {
  const saved = await setModelPrice(ctx.db, input, ctx.principal);
  revalidatePath('/settings');
  return saved;
}, { access: 'admin' });

export const deletePriceAction = defineAction(deleteModelPriceSchema, async (input, ctx) => {
  const deleted = await deleteModelPrice(ctx.db, input);
  revalidatePath('/settings');
  return deleted;
}, { access: 'admin' });
