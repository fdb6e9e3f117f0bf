import { z } from 'zod';
import { defineRoute } from '@/lib/server/define-route';
import { getDataset } from '@/lib/datasets/items';
import { listDatasetVersions } from '@/lib/datasets/versions';
import { datasetIdSchema } from '@/lib/datasets/api-schemas';
import { datasetVersionsSchema } from '@/lib/datasets/api-responses';
import { limitParam } from '@/lib/server/query-params';
import { NotFoundError } from '@/lib/errors';

export const dynamic = 'force-dynamic';

export const GET = defineRoute({
  method: 'GET', path: '/api/datasets/{id}/versions', tag: 'Datasets', access: 'member',
  summary: 'List dataset versions',
  description: 'A version is the dataset at a point in time (edits archive and replace items, so a version never changes). '
    + 'Listed: the latest, and the versions recorded experiments ran on (newest first, with those experiments). '
    + 'Any point in time can be read with `GET /api/datasets/{id}/items?version=`.',
  params: z.object({ id: datasetIdSchema }),
  query: z.object({ limit: limitParam(50, 200) }),
  response: datasetVersionsSchema,
  errors: { 404: 'Dataset not found' },
}, async ({ params, query }, { db }) => {
  if (!await getDataset(db, params.id)) throw new NotFoundError('Dataset');
  return listDatasetVersions(db, params.id, { limit: query.limit });
});
