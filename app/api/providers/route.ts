import { z } from 'zod';
import { defineRoute } from '@/lib/server/define-route';
import { listProviders, providerInputSchema } from '@/lib/providers/connections';
import { createProviderConnection } from '@/lib/providers/admin-operations';
import { providerSummarySchema } from '@/lib/providers/api-schemas';

export const dynamic = 'force-dynamic';

export const GET = defineRoute({
  method: 'GET', path: '/api/providers', tag: 'Provider connections', access: 'admin',
  summary: 'List provider connections',
  description: 'Never a key: `hasApiKey` says whether one is stored.',
  response: z.array(providerSummarySchema),
}, async (_input, { db }) => listProviders(db));

export const POST = defineRoute({
  method: 'POST', path: '/api/providers', tag: 'Provider connections', access: 'admin', status: 201,
  summary: 'Create provider connection',
  description: 'An OpenAI-compatible endpoint. The key is stored encrypted and never answered back.',
  body: providerInputSchema,
  response: providerSummarySchema,
}, async ({ body }, { db }) => createProviderConnection(db, body));
