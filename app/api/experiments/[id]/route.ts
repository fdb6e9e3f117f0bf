import { defineRoute } from '@/lib/server/define-route';
import { getExperiment, summarise } from '@/lib/experiments/queries';
import { databaseNow } from '@/lib/db/now';
import { deleteExperiment } from '@/lib/experiments/lifecycle';
import { experimentRefSchema } from '@/lib/experiments/api-schemas';
import { deletedSchema, experimentSummarySchema } from '@/lib/experiments/api-responses';
import { NotFoundError } from '@/lib/errors';

export const dynamic = 'force-dynamic';

export const GET = defineRoute({
  method: 'GET', path: '/api/experiments/{id}', tag: 'Experiments', access: 'member',
  summary: 'Get experiment',
  description: 'Status and counters: cheap enough to poll every second.',
  params: experimentRefSchema,
  response: experimentSummarySchema,
  errors: { 404: 'Experiment not found' },
}, async ({ params }, { db }) => {
  const row = await getExperiment(db, params.id);
  if (!row) throw new NotFoundError('Experiment');
  return summarise(row, await databaseNow(db));
});

export const DELETE = defineRoute({
  method: 'DELETE', path: '/api/experiments/{id}', tag: 'Experiments', access: 'member',
  summary: 'Delete experiment',
  description: 'Deletes it with its runs, evaluations and error log; a running one stops at its next claim check.',
  params: experimentRefSchema,
  response: deletedSchema,
  errors: { 404: 'Experiment not found' },
}, async ({ params }, { db }) => deleteExperiment(db, params.id));
