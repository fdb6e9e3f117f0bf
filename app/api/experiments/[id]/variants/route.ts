import { z } from 'zod';
import { experimentRoutes } from '@/lib/server/resource-routes';
import { getExperiment } from '@/lib/experiments/queries';
import { variantSummaries } from '@/lib/experiments/variant-summary';
import { variantSummarySchema } from '@/lib/experiments/api-responses';
import type { ExperimentConfig } from '@/lib/experiments/config';

export const dynamic = 'force-dynamic';

export const GET = experimentRoutes.item({
  method: 'GET', path: '/variants', summary: 'List experiment variants',
  description: 'Each variant (prompt x model x parameters) with its own progress, tokens, cost, mean latency and evaluator averages, '
    + 'from counters kept with every result (one for a plain experiment).',
  response: z.object({ variants: z.array(variantSummarySchema) }),
}, async ({ params }, { db }) => {
  const e = experimentRoutes.found(await getExperiment(db, params.id));
  const names = ((e.config as ExperimentConfig).evaluators ?? []).map((ev) => ev.name);
  const variants = await variantSummaries(db, [e.id], new Map([[e.id, names]]));
  return { variants: variants.get(e.id) ?? [] };
});
