import { z } from 'zod';
import { defineRoute } from '@/lib/server/define-route';
import { testSavedProvider } from '@/lib/providers/admin-operations';
import { connectionTestSchema, providerIdSchema } from '@/lib/providers/api-schemas';

export const dynamic = 'force-dynamic';

export const POST = defineRoute({
  method: 'POST', path: '/api/providers/{id}/test', tag: 'Provider connections', access: 'admin',
  summary: 'Test provider connection',
  description: "Lists the provider's models with the stored key. A failure is an answer (`ok: false` and why), not an error status.",
  params: z.object({ id: providerIdSchema }),
  response: connectionTestSchema,
  errors: { 404: 'Provider connection not found' },
}, async ({ params }, { db }) => testSavedProvider(db, params.id));
