import { z } from 'zod';
import { defineRoute } from '@/lib/server/define-route';
import { listExperimentChanges, listExperimentRows } from '@/lib/experiments/list';
import { listQuery } from '@/lib/experiments/list-params';
import { datasetIdSchema } from '@/lib/datasets/api-schemas';
import { experimentChangesSchema, experimentSummarySchema } from '@/lib/experiments/api-responses';

export const dynamic = 'force-dynamic';

export const GET = defineRoute({
  method: 'GET', path: '/api/datasets/{id}/experiments', tag: 'Datasets', access: 'member',
  summary: 'List dataset experiments',
  description: "The dataset's recorded experiments, newest first, as summaries (counters only), `pageSize` a page, optionally "
    + 'only those whose name contains `q`. Pass the previous answer\'s `cursor` as `updatedSince` (`0` to start) to get only what changed since.',
  params: z.object({ id: datasetIdSchema }),
  query: listQuery(500, 500),
  response: z.union([z.array(experimentSummarySchema), experimentChangesSchema(experimentSummarySchema, 'DatasetExperimentChanges')]),
}, async ({ params, query }, { db }) => {
  const scope = { datasetId: params.id };
  if (query.updatedSince) {
    return listExperimentChanges(db, { scope, q: query.q, after: query.updatedSince, limit: query.pageSize, page: query.page, pageSize: query.pageSize });
  }
  return listExperimentRows(db, { scope, q: query.q, limit: query.pageSize, offset: (query.page - 1) * query.pageSize });
});
