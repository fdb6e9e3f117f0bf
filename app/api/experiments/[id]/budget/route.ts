import { experimentRoutes } from '@/lib/server/resource-routes';
import { setBudgetCap } from '@/lib/experiments/budget';
import { budgetCapBodySchema, budgetCapSchema } from '@/lib/experiments/budget-schema';

export const dynamic = 'force-dynamic';

export const PATCH = experimentRoutes.item({
  method: 'PATCH', path: '/budget', summary: 'Set budget cap',
  description: 'Sets, raises or removes (`null`) the budget cap of an experiment that is not running. A cap needs a price for every model the experiment calls. Raised past what was spent, a resume runs only the outstanding work.',
  body: budgetCapBodySchema,
  response: budgetCapSchema,
  errors: { 409: 'The experiment is queued or running: stop it first' },
}, async ({ params, body }, { db }) => setBudgetCap(db, params.id, body.budgetUsd));
