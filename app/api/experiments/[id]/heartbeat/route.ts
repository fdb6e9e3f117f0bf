import { jsonRoute } from '@/lib/server/route';
import { touchEphemeral } from '@/lib/experiments/lifecycle';
import { parseExperimentId } from '../../parse-id';

export const dynamic = 'force-dynamic';

/** The page running an unrecorded experiment keeps it alive with this every few seconds. */
export const POST = jsonRoute<{ id: string }>(async (_req, ctx, { id }) => {
  await touchEphemeral(ctx.db, parseExperimentId(id));
  return { ok: true };
});
