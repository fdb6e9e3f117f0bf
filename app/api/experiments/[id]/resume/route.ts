import { defineRoute } from '@/lib/server/define-route';
import { resumeExperiment } from '@/lib/experiments/lifecycle';
import { experimentRefSchema } from '@/lib/experiments/api-schemas';
import { resumedSchema } from '@/lib/experiments/api-responses';

export const dynamic = 'force-dynamic';

export const POST = defineRoute({
  method: 'POST', path: '/api/experiments/{id}/resume', tag: 'Experiments', access: 'member',
  summary: 'Resume experiment',
  description: 'Queues a stopped, failed or finished experiment again: items without a succeeded run are run, and new evaluators score the existing runs.',
  params: experimentRefSchema,
  response: resumedSchema,
  errors: { 404: 'Experiment not found', 409: 'The experiment is already running', 429: 'Stopped or resumed less than 5 seconds ago' },
}, async ({ params }, ctx) => resumeExperiment(ctx.db, await ctx.boss(), params.id, { userId: ctx.principal.userId }));
