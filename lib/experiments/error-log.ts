import { and, count, desc, eq, like, lt, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { experimentErrors, experiments } from '../db/schema';
import { UserError } from '../errors';

export const ERROR_LOG_PAGE_SIZE = 50;

/** One entry of the append-only error log, as the browser gets it. */
export interface ErrorLogEntry {
  id: number;
  at: string;
  /** 'task', 'system' or 'evaluator:<name>'. */
  source: string;
  kind: string | null;
  datasetItemId: string | null;
  repetition: number | null;
  attempt: number | null;
  /** The variant whose call it was; null for entries about the whole experiment. */
  variant: number | null;
  message: string;
}

/**
 * Which entries to list: every source, the task, the system, every evaluator, or one evaluator
 * (`evaluator:<name>`).
 */
export type ErrorSourceFilter = 'all' | 'task' | 'system' | 'evaluators' | `evaluator:${string}`;

export function parseSourceFilter(raw: string | null | undefined): ErrorSourceFilter {
  if (!raw || raw === 'all') return 'all';
  if (raw === 'task' || raw === 'system' || raw === 'evaluators') return raw;
  if (raw.startsWith('evaluator:') && raw.length > 'evaluator:'.length) return raw as ErrorSourceFilter;
  throw new UserError('source must be all, task, system, evaluators or evaluator:<name>');
}

export interface ErrorLogPage {
  entries: ErrorLogEntry[];
  /** Pass as `before` for the next (older) page; null when this is the last one. */
  nextBefore: number | null;
  /** Stored entries matching the filter (the log keeps the newest 5,000 of an experiment). */
  matching: number;
  /** Every error ever logged for the experiment, stored or not. */
  total: number;
  /** Entries the log holds, every source. */
  stored: number;
  /** Older entries the cap dropped (total - stored). */
  dropped: number;
  /** "Showing the newest 5,000 of 7,310 errors (2,310 older ones dropped)"; null when none were dropped. */
  droppedNote: string | null;
}

const int = (n: number) => n.toLocaleString('en-US');

export function droppedNote(p: { stored: number; total: number; dropped: number }): string | null {
  if (p.dropped <= 0) return null;
  return `Showing the newest ${int(p.stored)} of ${int(p.total)} errors (${int(p.dropped)} older ${p.dropped === 1 ? 'one' : 'ones'} dropped)`;
}

function sourceCondition(source: ErrorSourceFilter): SQL | undefined {
  if (source === 'all') return undefined;
  if (source === 'evaluators') return like(experimentErrors.source, 'evaluator:%');
  return eq(experimentErrors.source, source);
}

/**
 * Newest first, keyset-paged on the id (`before` = the last id of the previous page), so a page
 * never shifts while new errors are appended at the top; filtered by source and by variant. Null
 * when the experiment does not exist.
 */
export async function listErrorLog(db: DbOrTx, experimentId: string, p: {
  before?: number | null; source?: ErrorSourceFilter; limit?: number;
  /** Only the entries of this variant; null or absent: every entry, with a variant or not. */
  variant?: number | null;
} = {}): Promise<ErrorLogPage | null> {
  const limit = Math.min(200, Math.max(1, p.limit ?? ERROR_LOG_PAGE_SIZE));
  const narrowed = and(sourceCondition(p.source ?? 'all'), p.variant == null ? undefined : eq(experimentErrors.variant, p.variant));
  const mine = eq(experimentErrors.experimentId, experimentId);
  const base = and(mine, narrowed);
  const countOf = (where: SQL | undefined) => db.select({ n: count() }).from(experimentErrors).where(where).then(([r]) => Number(r?.n ?? 0));
  const [[experiment], rows, matching, stored] = await Promise.all([
    db.select({ total: experiments.errorsLogged }).from(experiments).where(eq(experiments.id, experimentId)),
    db.select().from(experimentErrors)
      .where(p.before != null ? and(base, lt(experimentErrors.id, p.before)) : base)
      .orderBy(desc(experimentErrors.id))
      .limit(limit + 1),
    countOf(base),
    narrowed ? countOf(mine) : null,
  ]);
  if (!experiment) return null;
  const page = rows.slice(0, limit);
  const kept = stored ?? matching;
  const dropped = Math.max(0, experiment.total - kept);
  return {
    entries: page.map((r) => ({
      id: r.id, at: r.at.toISOString(), source: r.source, kind: r.kind, datasetItemId: r.datasetItemId,
      repetition: r.repetition, attempt: r.attempt, variant: r.variant, message: r.message,
    })),
    nextBefore: rows.length > limit ? page[page.length - 1].id : null,
    matching,
    total: experiment.total,
    stored: kept,
    dropped,
    droppedNote: droppedNote({ stored: kept, total: experiment.total, dropped }),
  };
}
