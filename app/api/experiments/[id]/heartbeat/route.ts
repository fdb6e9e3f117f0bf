import { experimentRoutes } from '@/lib/server/resource-routes';
import { touchEphemeral } from '@/lib/experiments/lifecycle';
import { okSchema } from '@/lib/experiments/api-responses';

export const dynamic = 'force-dynamic';

export const POST = experimentRoutes.item({
  method: 'POST', path: '/heartbeat', summary: 'Keep unrecorded experiment alive', noNotFound: true,
  description: 'The page running an unrecorded (playground) experiment calls this every few seconds; without it the worker stops the run.',
  response: okSchema,
}, async ({ params }, { db }) => {
  await touchEphemeral(db, params.id);
  return { ok: true as const };
});
