import { jsonRoute } from '@/lib/server/route';
import { listErrorLog, parseSourceFilter } from '@/lib/experiments/error-log';
import { NotFoundError, UserError } from '@/lib/errors';
import { parseExperimentId } from '../../parse-id';

export const dynamic = 'force-dynamic';

/**
 * The error log, newest first, 50 a page: `?before=<id>&source=all|task|system|evaluators|evaluator:<name>`
 * → `{ entries, nextBefore, matching, total, stored, dropped, droppedNote }`. Pass `nextBefore` back as
 * `before` for older entries. The log keeps the newest entries: `dropped` older ones were let go.
 */
export const GET = jsonRoute<{ id: string }>(async (req, ctx, { id }) => {
  const experimentId = parseExperimentId(id);
  const q = new URL(req.url).searchParams;
  const rawBefore = q.get('before');
  const before = rawBefore ? Number(rawBefore) : null;
  if (before !== null && !(Number.isSafeInteger(before) && before > 0)) throw new UserError('before must be an error id returned by this route');
  const page = await listErrorLog(ctx.db, experimentId, { before, source: parseSourceFilter(q.get('source')) });
  if (!page) throw new NotFoundError('Experiment');
  return page;
});
