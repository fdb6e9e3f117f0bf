import { z } from 'zod';
import { defineRoute } from '@/lib/server/define-route';
import { addEvaluators } from '@/lib/experiments/evaluators';
import { evaluatorConfigSchema } from '@/lib/evaluators/types';
import { experimentRefSchema } from '@/lib/experiments/api-schemas';
import { addedEvaluatorsSchema } from '@/lib/experiments/api-responses';

export const dynamic = 'force-dynamic';

export const POST = defineRoute({
  method: 'POST', path: '/api/experiments/{id}/evaluators', tag: 'Experiments', access: 'member',
  summary: 'Add evaluators',
  description: 'Adds evaluators to a stopped or finished experiment; the next resume scores every existing succeeded run with them, without re-running any task. Answers the whole evaluator list.',
  params: experimentRefSchema,
  body: z.object({ evaluators: z.array(evaluatorConfigSchema).min(1, 'Add at least one evaluator') }),
  response: addedEvaluatorsSchema,
  errors: { 404: 'Experiment not found', 409: 'The experiment is running: stop it first' },
}, async ({ params, body }, { db }) => ({ evaluators: await addEvaluators(db, params.id, body.evaluators) }));
