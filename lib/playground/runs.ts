import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { runEvaluationsJoin, runViewColumns, toRunView, type RunView, type RunViewRow } from '../experiments/run-view';
import { encodeCursor, type RunCursor } from './cursor';

/** One run as the playground's live table follows it: the shared run view and its place in the change stream. */
export interface PlaygroundRun extends RunView {
  /** Where this run sits in the change stream (the later of its own and its evaluations' updates). */
  cursor: string;
}

export interface RunChanges {
  runs: PlaygroundRun[];
  /** More changes follow the last run returned: ask again at once, from its cursor, without overlap. */
  more: boolean;
}

export const RUNS_PAGE_LIMIT = 200;
export const RUNS_PAGE_MAX = 1_000;

/**
 * Runs of an experiment that changed after `after`, oldest change first: a run changes when it is
 * written (or retried by a resume) and again when one of its evaluations is. Keyset-paged on
 * (change time, id). `overlapMs` re-reads that much before the cursor, so a write that committed
 * after a later-stamped one is still picked up; the caller merges by run id.
 */
export async function listRunChanges(db: DbOrTx, experimentId: string, p: { after?: RunCursor | null; overlapMs?: number; limit?: number } = {}): Promise<RunChanges> {
  const limit = Math.min(RUNS_PAGE_MAX, Math.max(1, p.limit ?? RUNS_PAGE_LIMIT));
  const after = p.after ?? null;
  const overlap = Math.max(0, p.overlapMs ?? 0);
  const since = !after
    ? sql`true`
    : overlap > 0
      ? sql`c.changed_at > ${after.at}::timestamptz - make_interval(secs => ${overlap / 1000})`
      : sql`(c.changed_at, r.id) > (${after.at}::timestamptz, ${after.id}::uuid)`;

  const rows = await db.execute<RunViewRow & { changed_at_text: string }>(sql`
    select ${runViewColumns},
      to_char(c.changed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as changed_at_text
    from experiment_runs r
    join dataset_items i on i.id = r.dataset_item_id
    ${runEvaluationsJoin}
    cross join lateral (select greatest(r.updated_at, coalesce(ev.updated_at, r.updated_at)) as changed_at) c
    where r.experiment_id = ${experimentId} and ${since}
    order by c.changed_at, r.id
    limit ${limit + 1}`);

  const list = [...rows];
  const more = list.length > limit;
  return {
    runs: list.slice(0, limit).map((r) => ({ ...toRunView(r), cursor: encodeCursor({ at: r.changed_at_text, id: r.id }) })),
    more,
  };
}
