import { z } from 'zod';
import { defineRoute } from '@/lib/server/define-route';
import { providerModels } from '@/lib/playground/models';
import { providerIdSchema } from '@/lib/providers/api-schemas';
import { providerModelsSchema } from '@/lib/playground/api-schemas';

export const dynamic = 'force-dynamic';

export const GET = defineRoute({
  method: 'GET', path: '/api/playground/models', tag: 'Playground', access: 'member',
  summary: 'List provider models',
  description: "The provider's `/models`, as suggestions; an unreachable provider gives none and says why (its own error text only to admins).",
  query: z.object({ providerId: providerIdSchema }), response: providerModelsSchema,
  errors: { 404: 'Provider connection not found' },
}, async ({ query }, { db, principal }) =>
  // A provider's error text is for admins; members see its status only.
  providerModels(db, query.providerId, { showDetails: principal.role === 'admin' }));
