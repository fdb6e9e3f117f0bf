import { datasetRoutes } from '@/lib/server/resource-routes';
import { getDataset } from '@/lib/datasets/items';
import { countActiveItems } from '@/lib/datasets/queries';
import { datasetSchema } from '@/lib/datasets/api-responses';

export const dynamic = 'force-dynamic';

export const GET = datasetRoutes.item({
  method: 'GET', path: '', summary: 'Get dataset',
  response: datasetSchema,
}, async ({ params }, { db }) => {
  const row = datasetRoutes.found(await getDataset(db, params.id));
  return { id: row.id, name: row.name, description: row.description, createdAt: row.createdAt, itemCount: await countActiveItems(db, row.id) };
});
