import { z } from 'zod';
import { experimentRoutes } from '@/lib/server/resource-routes';
import { getExperiment } from '@/lib/experiments/queries';
import { listRunChanges, RUNS_PAGE_LIMIT, RUNS_PAGE_MAX } from '@/lib/playground/runs';
import { decodeChangeCursor } from '@/lib/db/change-cursor';
import { runChangesSchema } from '@/lib/experiments/api-responses';
import { limitParam } from '@/lib/server/query-params';

export const dynamic = 'force-dynamic';

const overlapMessage = 'must be a whole number from 0 to 10000';

const query = z.object({
  after: z.string().max(200).optional()
    .transform((raw, ctx) => {
      if (raw === undefined || raw === '') return null;
      const cursor = decodeChangeCursor(raw);
      if (!cursor) ctx.addIssue({ code: 'custom', message: 'not a cursor returned by this route' });
      return cursor;
    })
    .meta({ description: 'The `cursor` of the previous answer (or of the last run received); absent for the start' }),
  overlapMs: z.coerce.number({ message: overlapMessage }).int(overlapMessage).min(0, overlapMessage).max(10_000, overlapMessage).default(0)
    .meta({ description: "Read this much before a run's cursor again (merge by run id); not needed with the answer's own `cursor`, which is commit-safe" }),
  limit: limitParam(RUNS_PAGE_LIMIT, RUNS_PAGE_MAX),
});

export const GET = experimentRoutes.item({
  method: 'GET', path: '/runs', summary: 'List run changes',
  description: 'Runs that changed after a cursor, with their item and evaluations, oldest change first, read through indexes on the change times (never every run): poll with the answer\'s `cursor` to follow an experiment live.',
  query,
  response: runChangesSchema,
}, async ({ params, query: q }, { db }) => {
  experimentRoutes.found(await getExperiment(db, params.id));
  return listRunChanges(db, params.id, { after: q.after, overlapMs: q.overlapMs, limit: q.limit });
});
