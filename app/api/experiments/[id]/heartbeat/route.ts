import { defineRoute } from '@/lib/server/define-route';
import { touchEphemeral } from '@/lib/experiments/lifecycle';
import { experimentRefSchema } from '@/lib/experiments/api-schemas';
import { okSchema } from '@/lib/experiments/api-responses';

export const dynamic = 'force-dynamic';

export const POST = defineRoute({
  method: 'POST', path: '/api/experiments/{id}/heartbeat', tag: 'Experiments', access: 'member',
  summary: 'Keep unrecorded experiment alive',
  description: 'The page running an unrecorded (playground) experiment calls this every few seconds; without it the worker stops the run.',
  params: experimentRefSchema,
  response: okSchema,
}, async ({ params }, { db }) => {
  await touchEphemeral(db, params.id);
  return { ok: true as const };
});
