import { z } from 'zod';
import { defineRoute } from '@/lib/server/define-route';
import { compareExperiments, COMPARE_MAX, parseCompareParams } from '@/lib/experiments/compare';
import { comparisonSchema } from '@/lib/experiments/api-responses';
import { pageParam } from '@/lib/server/query-params';

export const dynamic = 'force-dynamic';

const query = z.object({
  ids: z.string({ message: 'required: experiment ids separated by commas' }).max(40 * COMPARE_MAX, `at most ${COMPARE_MAX} experiments`)
    .meta({ description: `Experiment ids of one dataset, separated by commas (2 to ${COMPARE_MAX})` }),
  baseline: z.string().max(40).optional().meta({ description: 'The experiment the others are compared with (default: the first)' }),
  page: pageParam,
  diff: z.enum(['0', '1'], { message: 'must be 0 or 1' }).optional().meta({ description: '1: only the items whose outputs differ from the baseline' }),
});

export const GET = defineRoute({
  method: 'GET', path: '/api/compare', tag: 'Experiments', access: 'member',
  summary: 'Compare experiments',
  description: 'Experiments on one dataset side by side: aggregates with deltas against the baseline, then one row per item (repetition 1), 50 a page.',
  query,
  response: comparisonSchema,
  errors: { 404: 'Experiment not found' },
}, async ({ query: q }, { db }) => {
  const raw: Record<string, string | undefined> = { ids: q.ids, baseline: q.baseline, page: String(q.page), diff: q.diff };
  return compareExperiments(db, parseCompareParams({ get: (name) => raw[name] ?? null }));
});
