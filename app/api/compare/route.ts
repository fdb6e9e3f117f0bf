import { jsonRoute } from '@/lib/server/route';
import { compareExperiments, parseCompareParams } from '@/lib/experiments/compare';

export const dynamic = 'force-dynamic';

/**
 * Experiments on one dataset side by side: `?ids=a,b,c&baseline=b&page=2&diff=1` → aggregates
 * with deltas against the baseline, then one row per item (repetition 1). 400 when they are on
 * different datasets.
 */
export const GET = jsonRoute(async (req, ctx) => {
  const p = parseCompareParams(new URL(req.url).searchParams);
  return compareExperiments(ctx.db, p);
});
