import { experimentRoutes } from '@/lib/server/resource-routes';
import { getExperimentDetails } from '@/lib/experiments/details';
import { experimentDetailsSchema } from '@/lib/experiments/api-responses';

export const dynamic = 'force-dynamic';

export const GET = experimentRoutes.item({
  method: 'GET', path: '/details', summary: 'Get experiment details',
  description: 'Counters, timing, the config snapshot and the names of the dataset and provider connections (never a key).',
  response: experimentDetailsSchema,
}, async ({ params }, { db }) => experimentRoutes.found(await getExperimentDetails(db, params.id)));
