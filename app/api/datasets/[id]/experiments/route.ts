import { z } from 'zod';
import { datasetRoutes } from '@/lib/server/resource-routes';
import { listExperimentChanges, listExperimentRows } from '@/lib/experiments/list';
import { listQuery } from '@/lib/experiments/list-params';
import { experimentChangesSchema, experimentSummarySchema } from '@/lib/experiments/api-responses';

export const dynamic = 'force-dynamic';

export const GET = datasetRoutes.item({
  method: 'GET', path: '/experiments', summary: 'List dataset experiments', noNotFound: true,
  description: "The dataset's recorded experiments, newest first, as summaries (counters only), `pageSize` a page, optionally "
    + 'only those whose name contains `q`. Pass the previous answer\'s `cursor` as `updatedSince` (`0` to start) to get only what changed since.',
  query: listQuery(500, 500),
  response: z.union([z.array(experimentSummarySchema), experimentChangesSchema(experimentSummarySchema, 'DatasetExperimentChanges')]),
}, async ({ params, query }, { db }) => {
  const scope = { datasetId: params.id };
  if (query.updatedSince) {
    return listExperimentChanges(db, { scope, q: query.q, after: query.updatedSince, limit: query.pageSize, page: query.page, pageSize: query.pageSize });
  }
  return listExperimentRows(db, { scope, q: query.q, limit: query.pageSize, offset: (query.page - 1) * query.pageSize });
});
