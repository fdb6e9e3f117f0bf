import { z } from 'zod';
import { jsonRoute } from '@/lib/server/route';
import { getRunDetail } from '@/lib/experiments/results';
import { NotFoundError } from '@/lib/errors';
import { parseExperimentId } from '../../../parse-id';

export const dynamic = 'force-dynamic';

/** One run's exact request body, the provider's raw response, and every attempt's outcome (`history`). */
export const GET = jsonRoute<{ id: string; runId: string }>(async (_req, ctx, { id, runId }) => {
  const experimentId = parseExperimentId(id);
  if (!z.uuid().safeParse(runId).success) throw new NotFoundError('Run');
  const run = await getRunDetail(ctx.db, experimentId, runId);
  if (!run) throw new NotFoundError('Run');
  return run;
});
