import { z } from 'zod';
import { experimentRoutes } from '@/lib/server/resource-routes';
import { listErrorLog, type ErrorSourceFilter } from '@/lib/experiments/error-log';
import { errorLogPageSchema } from '@/lib/experiments/api-responses';

export const dynamic = 'force-dynamic';

const SOURCE_MESSAGE = 'must be all, task, system, evaluators or evaluator:<name>';
const BEFORE_MESSAGE = 'must be an error id returned by this route';

const query = z.object({
  before: z.coerce.number({ message: BEFORE_MESSAGE }).int(BEFORE_MESSAGE).positive(BEFORE_MESSAGE).optional()
    .meta({ description: 'The `nextBefore` of the previous page' }),
  source: z.union([z.enum(['all', 'task', 'system', 'evaluators']), z.string().max(200).regex(/^evaluator:./)], { message: SOURCE_MESSAGE })
    .default('all').meta({ description: 'all, task, system, evaluators (every evaluator) or evaluator:<name>' }),
});

export const GET = experimentRoutes.item({
  method: 'GET', path: '/errors', summary: 'List experiment errors',
  description: 'The error log, newest first, 50 a page. The log keeps the newest 5,000 entries; `dropped` says how many older ones were let go.',
  query,
  response: errorLogPageSchema,
}, async ({ params, query: q }, { db }) =>
  experimentRoutes.found(await listErrorLog(db, params.id, { before: q.before ?? null, source: q.source as ErrorSourceFilter })));
