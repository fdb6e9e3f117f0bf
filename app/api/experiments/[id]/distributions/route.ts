import { experimentRoutes } from '@/lib/server/resource-routes';
import { getExperiment } from '@/lib/experiments/queries';
import type { ExperimentConfig } from '@/lib/experiments/config';
import { experimentDistributions } from '@/lib/experiments/distributions';
import { experimentDistributionsSchema } from '@/lib/experiments/distributions-schema';

export const dynamic = 'force-dynamic';

export const GET = experimentRoutes.item({
  method: 'GET', path: '/distributions', summary: 'Get score and latency distributions',
  description: 'How many runs fall in each bin: every evaluator\'s scores (ten bins over 0..1) and the latency of the runs the provider '
    + 'answered, counted by the database over the whole experiment.',
  response: experimentDistributionsSchema,
}, async ({ params }, { db }) => {
  const e = experimentRoutes.found(await getExperiment(db, params.id));
  const order = ((e.config as ExperimentConfig).evaluators ?? []).map((ev) => ev.name);
  return experimentDistributions(db, [e.id], order);
});
