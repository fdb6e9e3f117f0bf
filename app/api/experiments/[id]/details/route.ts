import { defineRoute } from '@/lib/server/define-route';
import { getExperimentDetails } from '@/lib/experiments/details';
import { experimentRefSchema } from '@/lib/experiments/api-schemas';
import { experimentDetailsSchema } from '@/lib/experiments/api-responses';
import { NotFoundError } from '@/lib/errors';

export const dynamic = 'force-dynamic';

export const GET = defineRoute({
  method: 'GET', path: '/api/experiments/{id}/details', tag: 'Experiments', access: 'member',
  summary: 'Get experiment details',
  description: 'Counters, timing, the config snapshot and the names of the dataset and provider connections (never a key).',
  params: experimentRefSchema,
  response: experimentDetailsSchema,
  errors: { 404: 'Experiment not found' },
}, async ({ params }, { db }) => {
  const details = await getExperimentDetails(db, params.id);
  if (!details) throw new NotFoundError('Experiment');
  return details;
});
