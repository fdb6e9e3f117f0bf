import { and, asc, count, desc, eq, gte, inArray, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { datasets, experiments, experimentTombstones } from '../db/schema';
import { databaseNow } from '../db/now';
import { commitHorizon, commitHorizonAndNow, encodeChangeCursor, isoMicros, nextChangeCursor, NIL_UUID, type ChangeCursor } from '../db/change-cursor';
import { summarise, type ExperimentSummary } from './queries';
import { withEvaluatorAverages } from './evaluator-averages';
import { likeContains } from './search';

/**
 * The experiments table's read model: one page of recorded experiments (newest first, searched by
 * name) and the delta poll that keeps it current. Both read only the experiments row (counters)
 * and the per-evaluator score sums, through indexes: never the runs.
 */

export const EXPERIMENTS_PAGE_SIZE = 50;
/** Deleted experiments are remembered this long (the trigger in drizzle/0007 prunes after a day). */
const TOMBSTONE_TRUST_MS = 23 * 3600_000;
/** More deletions than this since a cursor: the table reloads its page instead. */
const REMOVED_MAX = 1_000;

/** All recorded experiments, or one dataset's. */
export type ListScope = { datasetId: string } | { datasetId?: undefined };

/** A row of either list: the dataset name is present on the cross-dataset one. */
export type ExperimentListRow = ExperimentSummary & { datasetName?: string };
/** The row type of a scope's list. */
export type ListRowFor<S extends ListScope> = S extends { datasetId: string } ? ExperimentSummary : ExperimentSummary & { datasetName: string };

export interface ExperimentsPage<Row extends ExperimentListRow = ExperimentListRow> {
  experiments: Row[];
  total: number; page: number; pageSize: number; pages: number;
  /** Pass as `updatedSince` to poll for what changes after this page was read. */
  cursor: string;
}

export interface ExperimentChanges<Row extends ExperimentListRow = ExperimentListRow> {
  /** Rows changed since the cursor (and every QUEUED or RUNNING one), matching the search, any page. */
  experiments: Row[];
  /** Ids deleted since the cursor. */
  removed: string[];
  /** Matching experiments now (for the pager). */
  total: number;
  /** More changes follow: ask again at once with `cursor`. */
  more: boolean;
  /** The cursor was too old to answer from: `experiments` is the requested page itself; replace the table with it. */
  reset: boolean;
  cursor: string;
}

function matching(scope: ListScope, q: string): SQL {
  return and(
    eq(experiments.record, true),
    scope.datasetId ? eq(experiments.datasetId, scope.datasetId) : undefined,
    q ? sql`${experiments.name} ilike ${likeContains(q)} escape '\\'` : undefined,
  )!;
}

type Row = { experiment: typeof experiments.$inferSelect; datasetName: string | null };

function baseSelect(db: DbOrTx, scope: ListScope) {
  const q = db.select({ experiment: experiments, datasetName: scope.datasetId ? sql<null>`null` : datasets.name }).from(experiments);
  return scope.datasetId ? q.$dynamic() : q.innerJoin(datasets, eq(datasets.id, experiments.datasetId)).$dynamic();
}

function toListRow(r: Row, scope: ListScope, now: Date): ExperimentListRow {
  const summary = summarise(r.experiment, now);
  return scope.datasetId ? summary : { ...summary, datasetName: r.datasetName ?? '' };
}

async function countMatching(db: DbOrTx, where: SQL): Promise<number> {
  const [row] = await db.select({ n: count() }).from(experiments).where(where);
  return Number(row?.n ?? 0);
}

/** Newest first; `offset` rows skipped (the JSON API's plain list, and each page). */
export async function listExperimentRows<S extends ListScope>(db: DbOrTx, p: { scope: S; q?: string; limit: number; offset: number }): Promise<ListRowFor<S>[]> {
  const rows = await baseSelect(db, p.scope).where(matching(p.scope, p.q ?? ''))
    .orderBy(desc(experiments.createdAt), desc(experiments.id)).limit(p.limit).offset(p.offset);
  const now = await databaseNow(db);
  return withEvaluatorAverages(db, rows.map((r) => toListRow(r, p.scope, now))) as Promise<ListRowFor<S>[]>;
}

/** One page of the table (a page past the end shows the last one), with the cursor its polls start from. */
export async function listExperimentsPage<S extends ListScope>(db: DbOrTx, p: { scope: S; q?: string; page?: number; pageSize?: number }): Promise<ExperimentsPage<ListRowFor<S>>> {
  const pageSize = p.pageSize ?? EXPERIMENTS_PAGE_SIZE;
  // The horizon is read first: whatever commits after it is read by the first poll.
  const horizon = await commitHorizon(db);
  const total = await countMatching(db, matching(p.scope, p.q ?? ''));
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(Math.max(1, Math.floor(p.page ?? 1)), pages);
  const rows = await listExperimentRows(db, { scope: p.scope, q: p.q, limit: pageSize, offset: (page - 1) * pageSize });
  return { experiments: rows, total, page, pageSize, pages, cursor: encodeChangeCursor({ at: horizon, id: NIL_UUID }) };
}

/**
 * What changed since `after`: rows stamped after it (through the (updated_at, id) index, in
 * keyset pages of `limit`), plus every QUEUED or RUNNING row (their "waiting for a worker" and
 * "rate limited" flags move with the clock, not with a write), plus the ids deleted since. Commit
 * order is handled by the cursor (lib/db/change-cursor.ts): it never moves past a transaction
 * still open, so a change that commits late is read by the next poll.
 */
export async function listExperimentChanges<S extends ListScope>(db: DbOrTx, p: {
  scope: S; q?: string; after: ChangeCursor; limit?: number; page?: number; pageSize?: number;
}): Promise<ExperimentChanges<ListRowFor<S>>> {
  const limit = Math.max(1, p.limit ?? EXPERIMENTS_PAGE_SIZE);
  const fresh = !p.after.horizon;
  // One round trip for the horizon and the clock, then the reads at once (they are independent).
  const { horizon: freshHorizon, now } = await commitHorizonAndNow(db);
  const horizon = p.after.horizon ?? freshHorizon;
  const where = matching(p.scope, p.q ?? '');
  const reload = async (): Promise<ExperimentChanges<ListRowFor<S>>> => {
    const page = await listExperimentsPage(db, p);
    return { experiments: page.experiments, removed: [], total: page.total, more: false, reset: true, cursor: page.cursor };
  };
  if (Date.parse(horizon) - Date.parse(p.after.at) > TOMBSTONE_TRUST_MS) return reload();

  const [removed, changed, active, total] = await Promise.all([
    fresh ? removedSince(db, p.scope, p.after.at) : [],
    db.select({ experiment: experiments, datasetName: p.scope.datasetId ? sql<null>`null` : datasets.name, at: isoMicros(sql`${experiments.updatedAt}`).mapWith(String) })
      .from(experiments)
      .leftJoin(datasets, p.scope.datasetId ? sql`false` : eq(datasets.id, experiments.datasetId))
      .where(and(where, sql`(${experiments.updatedAt}, ${experiments.id}) > (${p.after.at}::timestamptz, ${p.after.id}::uuid)`))
      .orderBy(asc(experiments.updatedAt), asc(experiments.id))
      .limit(limit + 1),
    fresh ? baseSelect(db, p.scope).where(and(where, inArray(experiments.status, ['QUEUED', 'RUNNING']))) : [],
    countMatching(db, where),
  ]);
  if (removed.length > REMOVED_MAX) return reload();
  const more = changed.length > limit;
  const page = changed.slice(0, limit);
  const seen = new Set(page.map((r) => r.experiment.id));
  const rows: Row[] = [...page, ...active.filter((r) => !seen.has(r.experiment.id))];
  const last = page.at(-1);
  return {
    experiments: await withEvaluatorAverages(db, rows.map((r) => toListRow(r, p.scope, now))) as ListRowFor<S>[],
    removed,
    total,
    more,
    reset: false,
    cursor: encodeChangeCursor(nextChangeCursor({ horizon, more, last: last ? { at: last.at, id: last.experiment.id } : null })),
  };
}

async function removedSince(db: DbOrTx, scope: ListScope, at: string): Promise<string[]> {
  const rows = await db.select({ id: experimentTombstones.experimentId }).from(experimentTombstones)
    .where(and(gte(experimentTombstones.deletedAt, sql`${at}::timestamptz`), scope.datasetId ? eq(experimentTombstones.datasetId, scope.datasetId) : undefined))
    .orderBy(asc(experimentTombstones.deletedAt))
    .limit(REMOVED_MAX + 1);
  return rows.map((r) => r.id);
}
