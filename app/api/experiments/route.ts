import { z } from 'zod';
import { experimentRoutes } from '@/lib/server/resource-routes';
import { createExperiment } from '@/lib/experiments/create';
import { createExperimentSchema } from '@/lib/experiments/config';
import { listExperimentChanges, listExperimentRows } from '@/lib/experiments/list';
import { listQuery } from '@/lib/experiments/list-params';
import { createdSchema, experimentChangesSchema, experimentWithDatasetSchema } from '@/lib/experiments/api-responses';

export const dynamic = 'force-dynamic';

export const GET = experimentRoutes.collection({
  method: 'GET', summary: 'List experiments',
  description: 'Recorded experiments across every dataset, newest first, `pageSize` a page (a short page is the last), '
    + 'optionally only those whose name contains `q`. To follow the list live, pass the `cursor` of the previous answer as '
    + '`updatedSince` (`0` to start): the answer is then an object with only what changed since (read from counters, through an index).',
  query: listQuery(500, 500),
  response: z.union([z.array(experimentWithDatasetSchema), experimentChangesSchema(experimentWithDatasetSchema, 'ExperimentChanges')]),
}, async ({ query }, { db }) => {
  const scope = {} as const;
  if (query.updatedSince) {
    return listExperimentChanges(db, { scope, q: query.q, after: query.updatedSince, limit: query.pageSize, page: query.page, pageSize: query.pageSize });
  }
  return listExperimentRows(db, { scope, q: query.q, limit: query.pageSize, offset: (query.page - 1) * query.pageSize });
});

export const POST = experimentRoutes.collection({
  method: 'POST', status: 201, summary: 'Create experiment',
  description: 'Validates the config against the dataset version, stores it and queues the run in one transaction. Poll `GET /api/experiments/{id}` for progress.',
  body: createExperimentSchema, response: createdSchema,
  errors: { 409: 'An experiment of that name exists in the dataset' },
}, async ({ body }, ctx) => createExperiment(ctx.db, await ctx.boss(), body, { userId: ctx.principal.userId }));
