import { z } from 'zod';
import { experimentRoutes } from '@/lib/server/resource-routes';
import { addEvaluators } from '@/lib/experiments/evaluators';
import { evaluatorConfigSchema } from '@/lib/evaluators/types';
import { addedEvaluatorsSchema } from '@/lib/experiments/api-responses';

export const dynamic = 'force-dynamic';

export const POST = experimentRoutes.item({
  method: 'POST', path: '/evaluators', summary: 'Add evaluators',
  description: 'Adds evaluators to a stopped or finished experiment; the next resume scores every existing succeeded run with them, without re-running any task. Answers the whole evaluator list.',
  body: z.object({ evaluators: z.array(evaluatorConfigSchema).min(1, 'Add at least one evaluator') }),
  response: addedEvaluatorsSchema,
  errors: { 409: 'The experiment is running: stop it first' },
}, async ({ params, body }, { db }) => ({ evaluators: await addEvaluators(db, params.id, body.evaluators) }));
