import { experimentRoutes } from '@/lib/server/resource-routes';
import { resumeExperiment } from '@/lib/experiments/lifecycle';
import { resumedSchema } from '@/lib/experiments/api-responses';

export const dynamic = 'force-dynamic';

export const POST = experimentRoutes.item({
  method: 'POST', path: '/resume', summary: 'Resume experiment',
  description: 'Queues a stopped, failed or finished experiment again: items without a succeeded run are run, and new evaluators score the existing runs.',
  response: resumedSchema,
  errors: { 409: 'The experiment is already running', 429: 'Stopped or resumed less than 5 seconds ago' },
}, async ({ params }, ctx) => resumeExperiment(ctx.db, await ctx.boss(), params.id, { userId: ctx.principal.userId }));
