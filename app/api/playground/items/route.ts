import { z } from 'zod';
import { defineRoute } from '@/lib/server/define-route';
import { previewItems } from '@/lib/playground/preview';
import { datasetIdSchema } from '@/lib/datasets/api-schemas';
import { previewItemsSchema } from '@/lib/playground/api-schemas';
import { limitParam, versionParam } from '@/lib/server/query-params';

export const dynamic = 'force-dynamic';

export const GET = defineRoute({
  method: 'GET', path: '/api/playground/items', tag: 'Playground', access: 'member',
  summary: 'Preview dataset items',
  description: 'The first items of a dataset version, for the prompt preview.',
  query: z.object({ datasetId: datasetIdSchema, version: versionParam.optional(), limit: limitParam(5, 20) }),
  response: previewItemsSchema,
  errors: { 404: 'Dataset not found' },
}, async ({ query }, { db }) => previewItems(db, { datasetId: query.datasetId, version: query.version ?? null, limit: query.limit }));
