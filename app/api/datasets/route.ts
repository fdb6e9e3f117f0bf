import { z } from 'zod';
import { datasetRoutes } from '@/lib/server/resource-routes';
import { createDataset } from '@/lib/datasets/items';
import { listDatasetsWithStats } from '@/lib/datasets/queries';
import { newDatasetSchema } from '@/lib/datasets/api-schemas';
import { datasetListRowSchema, datasetSchema } from '@/lib/datasets/api-responses';

export const dynamic = 'force-dynamic';

export const GET = datasetRoutes.collection({
  method: 'GET', summary: 'List datasets',
  description: 'Every dataset with its item and experiment counts, newest first.',
  response: z.array(datasetListRowSchema),
}, async (_input, { db }) => listDatasetsWithStats(db));

export const POST = datasetRoutes.collection({
  method: 'POST', status: 201, summary: 'Create dataset',
  description: 'An empty dataset; add items with `POST /api/datasets/{id}/upload`.',
  body: newDatasetSchema, response: datasetSchema,
  errors: { 409: 'A dataset of that name exists' },
}, async ({ body }, { db }) => {
  const row = await createDataset(db, body);
  return { id: row.id, name: row.name, description: row.description, createdAt: row.createdAt, itemCount: 0 };
});
