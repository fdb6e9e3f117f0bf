import { z } from 'zod';
import { defineRoute } from '@/lib/server/define-route';
import { compareDisagreements, DISAGREEMENT_PAGE_SIZE } from '@/lib/experiments/disagreements';
import { compareSeriesQuery, disagreementPageSchema } from '@/lib/experiments/compare-schemas';
import { parseCompareParams, queryParams } from '@/lib/experiments/compare-params';
import { limitParam } from '@/lib/server/query-params';
import { compareRoute } from '../compare-route';

export const dynamic = 'force-dynamic';

const AFTER = 'must be an item seq (a whole number), as `next` gave it';

const query = z.object({
  ...compareSeriesQuery,
  after: z.coerce.number({ message: AFTER }).int(AFTER).min(0, AFTER).optional().meta({ description: 'The `next` of the previous page' }),
  limit: limitParam(DISAGREEMENT_PAGE_SIZE, 50).meta({ description: 'Items a page' }),
});

export const GET = defineRoute({
  method: 'GET', path: '/api/compare/disagreements', ...compareRoute,
  summary: 'List items where compared series disagree',
  description: 'Items where, for some evaluator, the series\' mean scores are 0.5 or more apart or one passes (>= 0.5) and another fails, '
    + 'with every series\' output (its first repetition) and scores side by side; in dataset order, paged with `after`.',
  query,
  response: disagreementPageSchema,
}, async ({ query: q }, { db }) => {
  const p = parseCompareParams(queryParams(q));
  return compareDisagreements(db, { ...p, after: q.after ?? null, pageSize: q.limit });
});
