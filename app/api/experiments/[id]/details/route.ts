import { jsonRoute } from '@/lib/server/route';
import { getExperimentDetails } from '@/lib/experiments/details';
import { NotFoundError } from '@/lib/errors';
import { parseExperimentId } from '../../parse-id';

export const dynamic = 'force-dynamic';

/** Counters, timing, config snapshot and connection names (never a key): the details slideover. */
export const GET = jsonRoute<{ id: string }>(async (_req, ctx, { id }) => {
  const details = await getExperimentDetails(ctx.db, parseExperimentId(id));
  if (!details) throw new NotFoundError('Experiment');
  return details;
});
