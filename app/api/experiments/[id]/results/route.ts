import { z } from 'zod';
import { defineRoute } from '@/lib/server/define-route';
import { getExperiment } from '@/lib/experiments/queries';
import { listResults, SCORE_OPS } from '@/lib/experiments/results';
import { experimentRefSchema } from '@/lib/experiments/api-schemas';
import { resultsPageSchema } from '@/lib/experiments/api-responses';
import { pageParam } from '@/lib/server/query-params';
import { NotFoundError } from '@/lib/errors';

export const dynamic = 'force-dynamic';

const query = z.object({
  status: z.enum(['all', 'succeeded', 'failed'], { message: 'must be all, succeeded or failed' }).default('all'),
  evaluator: z.string().trim().min(1).max(100).optional().meta({ description: 'With op and score: runs whose score by this evaluator matches' }),
  op: z.enum(SCORE_OPS, { message: `must be one of ${SCORE_OPS.join(', ')}` }).optional(),
  score: z.coerce.number({ message: 'must be a number' }).optional(),
  item: z.uuid({ message: 'must be a dataset item id' }).optional().meta({ description: 'Only the runs of this dataset item' }),
  page: pageParam,
}).refine((q) => (q.evaluator === undefined) === (q.op === undefined) && (q.op === undefined) === (q.score === undefined), {
  message: 'evaluator, op and score go together', path: ['evaluator'],
});

export const GET = defineRoute({
  method: 'GET', path: '/api/experiments/{id}/results', tag: 'Experiments', access: 'member',
  summary: 'List experiment results',
  description: 'One page (50) of runs in dataset order, each with its item and evaluations. A page past the end answers the last one.',
  params: experimentRefSchema,
  query,
  response: resultsPageSchema,
  errors: { 404: 'Experiment not found' },
}, async ({ params, query: q }, { db }) => {
  if (!await getExperiment(db, params.id)) throw new NotFoundError('Experiment');
  const score = q.evaluator !== undefined && q.op !== undefined && q.score !== undefined ? { evaluator: q.evaluator, op: q.op, value: q.score } : null;
  return listResults(db, params.id, { filter: { status: q.status, score, itemId: q.item?.toLowerCase() ?? null }, page: q.page });
});
