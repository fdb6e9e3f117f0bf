'use server';

import { z } from 'zod';
import { defineAction } from '@/lib/server/safe-action';
import { deleteModelPriceSchema, setModelPriceSchema } from '@/lib/costs/price-schema';
import { deleteModelPrice, listConnectionPrices, setModelPrice } from '@/lib/costs/price-admin';

// Model prices per provider connection: admins only, like every other provider edit.

export const listPricesAction = defineAction(z.object({ providerConnectionId: z.uuid({ message: 'Unknown provider connection' }) }),
  async ({ providerConnectionId }, ctx) => listConnectionPrices(ctx.db, providerConnectionId), { access: 'admin' });

export const setPriceAction = defineAction(setModelPriceSchema,
  (input, ctx) => setModelPrice(ctx.db, input, ctx.principal), { access: 'admin', revalidate: '/settings' });

export const deletePriceAction = defineAction(deleteModelPriceSchema,
  (input, ctx) => deleteModelPrice(ctx.db, input), { access: 'admin', revalidate: '/settings' });
