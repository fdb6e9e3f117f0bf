import { jsonRoute } from '@/lib/server/route';
import { getExperiment } from '@/lib/experiments/queries';
import { listResults, parseResultsParams } from '@/lib/experiments/results';
import { NotFoundError } from '@/lib/errors';
import { parseExperimentId } from '../../parse-id';

export const dynamic = 'force-dynamic';

/**
 * One page of runs with item and evaluations:
 * `?page=2&status=succeeded|failed&evaluator=<name>&op=lt|lte|eq|gte|gt&score=1&item=<dataset item id>`
 * → `{ runs, total, page, pageSize, pages }`.
 */
export const GET = jsonRoute<{ id: string }>(async (req, ctx, { id }) => {
  const experimentId = parseExperimentId(id);
  if (!await getExperiment(ctx.db, experimentId)) throw new NotFoundError('Experiment');
  const { filter, page } = parseResultsParams(new URL(req.url).searchParams);
  return listResults(ctx.db, experimentId, { filter, page });
});
