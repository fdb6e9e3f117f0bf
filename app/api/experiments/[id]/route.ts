import { experimentRoutes } from '@/lib/server/resource-routes';
import { getExperiment, summarise } from '@/lib/experiments/queries';
import { databaseNow } from '@/lib/db/now';
import { deleteExperiment } from '@/lib/experiments/lifecycle';
import { deletedSchema, experimentSummarySchema } from '@/lib/experiments/api-responses';

export const dynamic = 'force-dynamic';

export const GET = experimentRoutes.item({
  method: 'GET', path: '', summary: 'Get experiment',
  description: 'Status and counters: cheap enough to poll every second.',
  response: experimentSummarySchema,
}, async ({ params }, { db }) => summarise(experimentRoutes.found(await getExperiment(db, params.id)), await databaseNow(db)));

export const DELETE = experimentRoutes.item({
  method: 'DELETE', path: '', summary: 'Delete experiment',
  description: 'Deletes it with its runs, evaluations and error log; a running one stops at its next claim check.',
  response: deletedSchema,
}, async ({ params }, { db }) => deleteExperiment(db, params.id));
