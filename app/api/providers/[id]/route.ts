import { z } from 'zod';
import { defineRoute } from '@/lib/server/define-route';
import { deleteProviderConnection } from '@/lib/providers/admin-operations';
import { providerDeletedSchema, providerIdSchema } from '@/lib/providers/api-schemas';

export const dynamic = 'force-dynamic';

export const DELETE = defineRoute({
  method: 'DELETE', path: '/api/providers/{id}', tag: 'Provider connections', access: 'admin',
  summary: 'Delete provider connection',
  params: z.object({ id: providerIdSchema }),
  response: providerDeletedSchema,
  errors: { 404: 'Provider connection not found' },
}, async ({ params }, { db }) => deleteProviderConnection(db, params.id));
