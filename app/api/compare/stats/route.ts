import { z } from 'zod';
import { defineRoute } from '@/lib/server/define-route';
import { compareScores } from '@/lib/experiments/comparison';
import { parseCompareParams, queryParams } from '@/lib/experiments/compare-params';
import { compareSeriesQuery, comparisonStatsSchema } from '@/lib/experiments/compare-schemas';
import { compareRoute } from '../compare-route';

export const dynamic = 'force-dynamic';

export const GET = defineRoute({
  method: 'GET', path: '/api/compare/stats', ...compareRoute,
  summary: 'Compare scores with confidence intervals',
  description: 'Per evaluator: every series\' mean score with a 95% bootstrap interval over items (repetitions averaged within an item), '
    + 'and against the baseline the paired difference on the items both have, with its interval and win / tie / loss counts; '
    + 'a difference whose interval contains 0 is not significant. Also each series\' score histogram.',
  query: z.object(compareSeriesQuery),
  response: comparisonStatsSchema,
}, async ({ query: q }, { db }) => compareScores(db, parseCompareParams(queryParams(q))));
