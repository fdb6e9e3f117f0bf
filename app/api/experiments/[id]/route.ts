import { jsonRoute } from '@/lib/server/route';
import { getExperiment, summarise } from '@/lib/experiments/queries';
import { deleteExperiment } from '@/lib/experiments/lifecycle';
import { NotFoundError } from '@/lib/errors';
import { parseExperimentId } from '../parse-id';

export const dynamic = 'force-dynamic';

export const GET = jsonRoute<{ id: string }>(async (_req, ctx, { id }) => {
  const row = await getExperiment(ctx.db, parseExperimentId(id));
  if (!row) throw new NotFoundError('Experiment');
  return summarise(row);
});

export const DELETE = jsonRoute<{ id: string }>(async (_req, ctx, { id }) => deleteExperiment(ctx.db, parseExperimentId(id)));
