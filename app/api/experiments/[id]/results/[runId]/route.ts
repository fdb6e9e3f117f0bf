import { z } from 'zod';
import { defineRoute } from '@/lib/server/define-route';
import { getRunDetail } from '@/lib/experiments/results';
import { experimentIdSchema } from '@/lib/experiments/api-schemas';
import { runDetailSchema } from '@/lib/experiments/api-responses';
import { NotFoundError } from '@/lib/errors';

export const dynamic = 'force-dynamic';

export const GET = defineRoute({
  method: 'GET', path: '/api/experiments/{id}/results/{runId}', tag: 'Experiments', access: 'member',
  summary: 'Get run',
  description: "One run's exact request body, the provider's raw response, and every attempt's outcome (`history`).",
  params: z.object({ id: experimentIdSchema, runId: z.uuid({ message: 'Unknown run id' }).meta({ description: 'Run id' }) }),
  response: runDetailSchema,
  errors: { 404: 'Run not found' },
}, async ({ params }, { db }) => {
  const run = await getRunDetail(db, params.id, params.runId);
  if (!run) throw new NotFoundError('Run');
  return run;
});
