import { z } from 'zod';
import { experimentRoutes } from '@/lib/server/resource-routes';
import { listErrorLog, type ErrorSourceFilter } from '@/lib/experiments/error-log';
import { errorLogPageSchema } from '@/lib/experiments/api-responses';
import { LIMITS } from '@/lib/limits';

export const dynamic = 'force-dynamic';

const SOURCE_MESSAGE = 'must be all, task, system, evaluators or evaluator:<name>';
const BEFORE_MESSAGE = 'must be an error id returned by this route';
const VARIANT_MESSAGE = `must be a variant number from 0 to ${LIMITS.variants - 1}`;

const query = z.object({
  before: z.coerce.number({ message: BEFORE_MESSAGE }).int(BEFORE_MESSAGE).positive(BEFORE_MESSAGE).optional()
    .meta({ description: 'The `nextBefore` of the previous page' }),
  source: z.union([z.enum(['all', 'task', 'system', 'evaluators']), z.string().max(200).regex(/^evaluator:./)], { message: SOURCE_MESSAGE })
    .default('all').meta({ description: 'all, task, system, evaluators (every evaluator) or evaluator:<name>' }),
  variant: z.coerce.number({ message: VARIANT_MESSAGE }).int(VARIANT_MESSAGE).min(0, VARIANT_MESSAGE).max(LIMITS.variants - 1, VARIANT_MESSAGE).optional()
    .meta({ description: 'Only the entries of this variant (0-based, as in `variants`)' }),
});

export const GET = experimentRoutes.item({
  method: 'GET', path: '/errors', summary: 'List experiment errors',
  description: 'The error log, newest first, 50 a page, filtered by source and by variant. The log keeps the newest 5,000 entries; `dropped` says how many older ones were let go.',
  query,
  response: errorLogPageSchema,
}, async ({ params, query: q }, { db }) =>
  experimentRoutes.found(await listErrorLog(db, params.id, { before: q.before ?? null, source: q.source as ErrorSourceFilter, variant: q.variant ?? null })));
