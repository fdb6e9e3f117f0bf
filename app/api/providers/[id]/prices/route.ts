import { z } from 'zod';
import { defineRoute } from '@/lib/server/define-route';
import { providerIdSchema } from '@/lib/providers/api-schemas';
import { deleteModelPrice, listConnectionPrices, setModelPrice } from '@/lib/costs/price-admin';
import { modelNameSchema, modelPriceFieldsSchema, priceListSchema, priceRowSchema } from '@/lib/costs/price-schema';

export const dynamic = 'force-dynamic';

const params = z.object({ id: providerIdSchema });

export const GET = defineRoute({
  method: 'GET', path: '/api/providers/{id}/prices', tag: 'Provider connections', access: 'admin',
  summary: 'List model prices',
  description: "US dollars per million tokens: the connection's own prices, and the shipped defaults it has not overridden.",
  params, response: priceListSchema,
  errors: { 404: 'Provider connection not found' },
}, async ({ params }, { db }) => ({ prices: await listConnectionPrices(db, params.id) }));

export const PUT = defineRoute({
  method: 'PUT', path: '/api/providers/{id}/prices', tag: 'Provider connections', access: 'admin',
  summary: 'Set a model price',
  description: 'Applies to calls made after it; runs already recorded keep the price they were charged at.',
  params, body: modelPriceFieldsSchema, response: priceRowSchema,
  errors: { 404: 'Provider connection not found' },
}, async ({ params, body }, { db, principal }) => setModelPrice(db, { ...body, providerConnectionId: params.id }, principal));

export const DELETE = defineRoute({
  method: 'DELETE', path: '/api/providers/{id}/prices', tag: 'Provider connections', access: 'admin',
  summary: 'Remove a model price',
  description: "Removes the connection's own price for `model`; a shipped default, if there is one, applies again.",
  params, query: z.object({ model: modelNameSchema }), response: z.object({ deleted: z.boolean() }),
  errors: { 404: 'Provider connection not found' },
}, async ({ params, query }, { db }) => deleteModelPrice(db, { providerConnectionId: params.id, model: query.model }));
