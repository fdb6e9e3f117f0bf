import { z } from 'zod';
import { defineRoute } from '@/lib/server/define-route';
import { createExperiment } from '@/lib/experiments/create';
import { createExperimentSchema } from '@/lib/experiments/config';
import { listRecordedExperiments } from '@/lib/experiments/runs-queries';
import { createdSchema, experimentWithDatasetSchema } from '@/lib/experiments/api-responses';
import { limitParam, pageParam } from '@/lib/server/query-params';

export const dynamic = 'force-dynamic';

export const GET = defineRoute({
  method: 'GET', path: '/api/experiments', tag: 'Experiments', access: 'member',
  summary: 'List experiments',
  description: 'Recorded experiments across every dataset, newest first, `pageSize` a page (a short page is the last).',
  query: z.object({ page: pageParam, pageSize: limitParam(500, 500) }),
  response: z.array(experimentWithDatasetSchema),
}, async ({ query }, { db }) => listRecordedExperiments(db, { limit: query.pageSize, offset: (query.page - 1) * query.pageSize }));

export const POST = defineRoute({
  method: 'POST', path: '/api/experiments', tag: 'Experiments', access: 'member', status: 201,
  summary: 'Create experiment',
  description: 'Validates the config against the dataset version, stores it and queues the run in one transaction. Poll `GET /api/experiments/{id}` for progress.',
  body: createExperimentSchema,
  response: createdSchema,
  errors: { 409: 'An experiment of that name exists in the dataset' },
}, async ({ body }, ctx) => createExperiment(ctx.db, await ctx.boss(), body, { userId: ctx.principal.userId }));
