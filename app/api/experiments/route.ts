import { jsonRoute, readJson } from '@/lib/server/route';
import { createExperiment } from '@/lib/experiments/create';
import type { CreateExperimentInput } from '@/lib/experiments/config';
import { listRecordedExperiments } from '@/lib/experiments/runs-queries';

export const dynamic = 'force-dynamic';

/** Recorded experiments across datasets, newest first. */
export const GET = jsonRoute(async (_req, ctx) => listRecordedExperiments(ctx.db));

/** Body: createExperimentSchema input (createExperiment validates it). 201 `{ id }`. */
export const POST = jsonRoute(async (req, ctx) => {
  const created = await createExperiment(ctx.db, await ctx.boss(), (await readJson(req)) as CreateExperimentInput);
  return Response.json(created, { status: 201 });
});
