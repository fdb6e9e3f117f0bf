import { z } from 'zod';
import { experimentRoutes } from '@/lib/server/resource-routes';
import { stopExperiment } from '@/lib/experiments/lifecycle';
import { stoppedSchema } from '@/lib/experiments/api-responses';
import { flagParam } from '@/lib/server/query-params';

export const dynamic = 'force-dynamic';

export const POST = experimentRoutes.item({
  method: 'POST', path: '/stop', summary: 'Stop experiment',
  description: 'Dispatches nothing new and lets the calls in flight finish; `?now=true` aborts them instead (their items run again on resume).',
  query: z.object({ now: flagParam.optional() }),
  response: stoppedSchema,
  errors: { 409: 'The experiment is not running', 429: 'Stopped or resumed less than 5 seconds ago' },
}, async ({ params, query }, { db }) => stopExperiment(db, params.id, { now: query.now }));
