import { z } from 'zod';
import { experimentRoutes } from '@/lib/server/resource-routes';
import { getExperiment } from '@/lib/experiments/queries';
import { listResults, parseCursor, SCORE_OPS } from '@/lib/experiments/results';
import { resultsPageSchema } from '@/lib/experiments/api-responses';

export const dynamic = 'force-dynamic';

const CURSOR_MESSAGE = 'must be a cursor from a page (next or prev)';
const cursorParam = z.string().max(40, CURSOR_MESSAGE).transform((raw, ctx) => {
  const key = parseCursor(raw);
  if (!key) ctx.addIssue({ code: 'custom', message: CURSOR_MESSAGE });
  return key ?? z.NEVER;
});

const query = z.object({
  status: z.enum(['all', 'succeeded', 'failed'], { message: 'must be all, succeeded or failed' }).default('all'),
  evaluator: z.string().trim().min(1).max(100).optional().meta({ description: 'With op and score: runs whose score by this evaluator matches' }),
  op: z.enum(SCORE_OPS, { message: `must be one of ${SCORE_OPS.join(', ')}` }).optional(),
  score: z.coerce.number({ message: 'must be a number' }).optional(),
  item: z.uuid({ message: 'must be a dataset item id' }).optional().meta({ description: 'Only the runs of this dataset item' }),
  variant: z.coerce.number({ message: 'must be a variant number' }).int('must be a variant number').min(0, 'must be a variant number').max(999, 'must be a variant number')
    .optional().meta({ description: 'Only the runs of this variant (0 first)' }),
  after: cursorParam.optional().meta({ description: 'The `next` of a page: the page after it' }),
  before: cursorParam.optional().meta({ description: 'The `prev` of a page: the page before it' }),
}).refine((q) => (q.evaluator === undefined) === (q.op === undefined) && (q.op === undefined) === (q.score === undefined), {
  message: 'evaluator, op and score go together', path: ['evaluator'],
}).refine((q) => !(q.after && q.before), { message: 'give after or before, not both', path: ['after'] });

export const GET = experimentRoutes.item({
  method: 'GET', path: '/results', summary: 'List experiment results',
  description: 'One page (50) of runs in dataset order (item, repetition, variant), each with its item and evaluations, paged by key: pass a page\'s `next` as `after` '
    + '(or its `prev` as `before`). Runs recorded meanwhile never shift a page. A page past the end answers the last one.',
  query,
  response: resultsPageSchema,
}, async ({ params, query: q }, { db }) => {
  experimentRoutes.found(await getExperiment(db, params.id));
  const score = q.evaluator !== undefined && q.op !== undefined && q.score !== undefined ? { evaluator: q.evaluator, op: q.op, value: q.score } : null;
  const page = q.after ? { after: q.after } : q.before ? { before: q.before } : null;
  return listResults(db, params.id, { filter: { status: q.status, score, itemId: q.item?.toLowerCase() ?? null, variant: q.variant ?? null }, page });
});
