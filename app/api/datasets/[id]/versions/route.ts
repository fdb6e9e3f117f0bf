import { z } from 'zod';
import { datasetRoutes } from '@/lib/server/resource-routes';
import { getDataset } from '@/lib/datasets/items';
import { listDatasetVersions } from '@/lib/datasets/versions';
import { datasetVersionsSchema } from '@/lib/datasets/api-responses';
import { limitParam } from '@/lib/server/query-params';

export const dynamic = 'force-dynamic';

export const GET = datasetRoutes.item({
  method: 'GET', path: '/versions', summary: 'List dataset versions',
  description: 'A version is the dataset at a point in time (edits archive and replace items, so a version never changes). '
    + 'Listed: the latest, and the versions recorded experiments ran on (newest first, with those experiments). '
    + 'Any point in time can be read with `GET /api/datasets/{id}/items?version=`.',
  query: z.object({ limit: limitParam(50, 200) }),
  response: datasetVersionsSchema,
}, async ({ params, query }, { db }) => {
  datasetRoutes.found(await getDataset(db, params.id));
  return listDatasetVersions(db, params.id, { limit: query.limit });
});
