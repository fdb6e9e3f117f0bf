import { z } from 'zod';
import { defineRoute } from '@/lib/server/define-route';
import { getDataset } from '@/lib/datasets/items';
import { countActiveItems } from '@/lib/datasets/queries';
import { datasetIdSchema } from '@/lib/datasets/api-schemas';
import { datasetSchema } from '@/lib/datasets/api-responses';
import { NotFoundError } from '@/lib/errors';

export const dynamic = 'force-dynamic';

export const GET = defineRoute({
  method: 'GET', path: '/api/datasets/{id}', tag: 'Datasets', access: 'member',
  summary: 'Get dataset',
  params: z.object({ id: datasetIdSchema }),
  response: datasetSchema,
  errors: { 404: 'Dataset not found' },
}, async ({ params }, { db }) => {
  const row = await getDataset(db, params.id);
  if (!row) throw new NotFoundError('Dataset');
  return { id: row.id, name: row.name, description: row.description, createdAt: row.createdAt, itemCount: await countActiveItems(db, row.id) };
});
