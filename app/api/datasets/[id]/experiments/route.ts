import { z } from 'zod';
import { jsonRoute } from '@/lib/server/route';
import { listDatasetExperiments } from '@/lib/experiments/queries';
import { NotFoundError } from '@/lib/errors';

export const dynamic = 'force-dynamic';

/** The dataset's recorded experiments as summaries (counters only): polled by the experiments table. */
export const GET = jsonRoute<{ id: string }>(async (_req, ctx, { id }) => {
  if (!z.uuid().safeParse(id).success) throw new NotFoundError('Dataset');
  return listDatasetExperiments(ctx.db, id);
});
