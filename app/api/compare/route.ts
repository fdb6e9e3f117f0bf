import { z } from 'zod';
import { defineRoute } from '@/lib/server/define-route';
import { compareExperiments } from '@/lib/experiments/compare';
import { parseCompareParams, queryParams } from '@/lib/experiments/compare-params';
import { compareSeriesQuery, comparisonSchema } from '@/lib/experiments/compare-schemas';
import { pageParam } from '@/lib/server/query-params';
import { compareRoute } from './compare-route';

export const dynamic = 'force-dynamic';

const query = z.object({
  ...compareSeriesQuery,
  page: pageParam,
  diff: z.enum(['0', '1'], { message: 'must be 0 or 1' }).optional().meta({ description: "1: only the items whose output differs from the baseline's" }),
});

export const GET = defineRoute({
  method: 'GET', path: '/api/compare', ...compareRoute,
  summary: 'Compare experiments',
  description: 'Series (experiments, or variants of them) on one dataset side by side: aggregates with deltas against the baseline, '
    + 'then one row per item (repetition 1), 50 a page. Scores with confidence intervals: /api/compare/stats.',
  query,
  response: comparisonSchema,
}, async ({ query: q }, { db }) => {
  const p = parseCompareParams(queryParams(q, { page: String(q.page), diff: q.diff }));
  return compareExperiments(db, p);
});
