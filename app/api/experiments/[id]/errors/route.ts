import { z } from 'zod';
import { defineRoute } from '@/lib/server/define-route';
import { listErrorLog, type ErrorSourceFilter } from '@/lib/experiments/error-log';
import { experimentRefSchema } from '@/lib/experiments/api-schemas';
import { errorLogPageSchema } from '@/lib/experiments/api-responses';
import { NotFoundError } from '@/lib/errors';

export const dynamic = 'force-dynamic';

const SOURCE_MESSAGE = 'must be all, task, system, evaluators or evaluator:<name>';
const BEFORE_MESSAGE = 'must be an error id returned by this route';

const query = z.object({
  before: z.coerce.number({ message: BEFORE_MESSAGE }).int(BEFORE_MESSAGE).positive(BEFORE_MESSAGE).optional()
    .meta({ description: 'The `nextBefore` of the previous page' }),
  source: z.union([z.enum(['all', 'task', 'system', 'evaluators']), z.string().max(200).regex(/^evaluator:./)], { message: SOURCE_MESSAGE })
    .default('all').meta({ description: 'all, task, system, evaluators (every evaluator) or evaluator:<name>' }),
});

export const GET = defineRoute({
  method: 'GET', path: '/api/experiments/{id}/errors', tag: 'Experiments', access: 'member',
  summary: 'List experiment errors',
  description: 'The error log, newest first, 50 a page. The log keeps the newest 5,000 entries; `dropped` says how many older ones were let go.',
  params: experimentRefSchema,
  query,
  response: errorLogPageSchema,
  errors: { 404: 'Experiment not found' },
}, async ({ params, query: q }, { db }) => {
  const page = await listErrorLog(db, params.id, { before: q.before ?? null, source: q.source as ErrorSourceFilter });
  if (!page) throw new NotFoundError('Experiment');
  return page;
});
