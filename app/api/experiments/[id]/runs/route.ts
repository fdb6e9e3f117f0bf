import { jsonRoute } from '@/lib/server/route';
import { getExperiment } from '@/lib/experiments/queries';
import { listRunChanges, RUNS_PAGE_LIMIT, RUNS_PAGE_MAX } from '@/lib/playground/runs';
import { decodeCursor } from '@/lib/playground/cursor';
import { parseLimit } from '@/lib/playground/params';
import { NotFoundError, UserError } from '@/lib/errors';
import { parseExperimentId } from '../../parse-id';

export const dynamic = 'force-dynamic';

/**
 * Runs that changed after a cursor, with their item and evaluations, oldest change first:
 * `?after=<cursor>&overlapMs=1000&limit=200` → `{ runs, more }`. Each run carries its cursor;
 * pass the last one back. Without `after`, from the start.
 */
export const GET = jsonRoute<{ id: string }>(async (req, ctx, { id }) => {
  const experimentId = parseExperimentId(id);
  const q = new URL(req.url).searchParams;
  const rawAfter = q.get('after');
  const after = decodeCursor(rawAfter);
  if (rawAfter && !after) throw new UserError('after is not a cursor returned by this route');
  const overlapMs = Math.min(10_000, Math.max(0, Number(q.get('overlapMs')) || 0));
  if (!await getExperiment(ctx.db, experimentId)) throw new NotFoundError('Experiment');
  return listRunChanges(ctx.db, experimentId, { after, overlapMs, limit: parseLimit(q.get('limit'), RUNS_PAGE_LIMIT, RUNS_PAGE_MAX) });
});
