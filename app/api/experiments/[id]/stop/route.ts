import { z } from 'zod';
import { defineRoute } from '@/lib/server/define-route';
import { stopExperiment } from '@/lib/experiments/lifecycle';
import { experimentRefSchema } from '@/lib/experiments/api-schemas';
import { stoppedSchema } from '@/lib/experiments/api-responses';
import { flagParam } from '@/lib/server/query-params';

export const dynamic = 'force-dynamic';

export const POST = defineRoute({
  method: 'POST', path: '/api/experiments/{id}/stop', tag: 'Experiments', access: 'member',
  summary: 'Stop experiment',
  description: 'Dispatches nothing new and lets the calls in flight finish; `?now=true` aborts them instead (their items run again on resume).',
  params: experimentRefSchema,
  query: z.object({ now: flagParam.optional() }),
  response: stoppedSchema,
  errors: { 404: 'Experiment not found', 409: 'The experiment is not running', 429: 'Stopped or resumed less than 5 seconds ago' },
}, async ({ params, query }, { db }) => stopExperiment(db, params.id, { now: query.now }));
