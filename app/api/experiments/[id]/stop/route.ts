import { jsonRoute } from '@/lib/server/route';
import { stopExperiment } from '@/lib/experiments/lifecycle';
import { parseExperimentId } from '../../parse-id';

export const dynamic = 'force-dynamic';

/** POST /api/experiments/:id/stop; `?now=true` aborts the calls in flight instead of letting them finish. */
export const POST = jsonRoute<{ id: string }>(async (req, ctx, { id }) =>
  stopExperiment(ctx.db, parseExperimentId(id), { now: new URL(req.url).searchParams.get('now') === 'true' }));
