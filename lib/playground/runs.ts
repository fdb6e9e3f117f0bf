import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { runEvaluationsJoin, runViewColumns, toRunView, type RunView, type RunViewRow } from '../experiments/run-view';
import { commitHorizon, encodeChangeCursor, nextChangeCursor, type ChangeCursor } from '../db/change-cursor';

/** One run as the playground's live table follows it: the shared run view and its place in the change stream. */
export interface PlaygroundRun extends RunView {
  /** Where this run sits in the change stream (the later of its own and its evaluations' updates). */
  cursor: string;
}

export interface RunChanges {
  runs: PlaygroundRun[];
  /** More changes follow the last run returned: ask again at once, from `cursor`. */
  more: boolean;
  /** Where the next request starts (commit-safe: see lib/db/change-cursor.ts). */
  cursor: string;
}

export const RUNS_PAGE_LIMIT = 200;
export const RUNS_PAGE_MAX = 1_000;

/**
 * Runs of an experiment that changed after `after`, oldest change first: a run changes when it is
 * written (or retried by a resume) and again when one of its evaluations is. Keyset-paged on
 * (change time, id). Only the runs and evaluations stamped since the cursor are read, through the
 * (experiment_id, updated_at) indexes of both tables; a run's change time is the later of its own
 * and its evaluations' stamps, so a run changed after the cursor is always among them. `cursor`
 * in the answer is commit-safe; `overlapMs` (re-read that much before a run's own cursor) is
 * kept for callers that page by the runs' cursors instead.
 */
export async function listRunChanges(db: DbOrTx, experimentId: string, p: { after?: ChangeCursor | null; overlapMs?: number; limit?: number } = {}): Promise<RunChanges> {
  const limit = Math.min(RUNS_PAGE_MAX, Math.max(1, p.limit ?? RUNS_PAGE_LIMIT));
  const after = p.after ?? null;
  const horizon = after?.horizon ?? await commitHorizon(db);
  const overlap = after?.horizon ? 0 : Math.max(0, p.overlapMs ?? 0);
  const since = !after ? null : overlap > 0
    ? sql`${after.at}::timestamptz - make_interval(secs => ${overlap / 1000})`
    : sql`${after.at}::timestamptz`;
  const candidates = !since
    ? sql`select r.id from experiment_runs r where r.experiment_id = ${experimentId}`
    : sql`select r.id from experiment_runs r where r.experiment_id = ${experimentId} and r.updated_at >= ${since}
      union
      select e.run_id from evaluations e where e.experiment_id = ${experimentId} and e.updated_at >= ${since}`;
  const exact = !after ? sql`true` : overlap > 0
    ? sql`c.changed_at > ${since}`
    : sql`(c.changed_at, r.id) > (${after.at}::timestamptz, ${after.id}::uuid)`;

  const rows = await db.execute<RunViewRow & { changed_at_text: string }>(sql`
    with changed as (${candidates})
    select ${runViewColumns},
      to_char(c.changed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as changed_at_text
    from changed ch
    join experiment_runs r on r.id = ch.id
    join dataset_items i on i.id = r.dataset_item_id
    ${runEvaluationsJoin}
    cross join lateral (select greatest(r.updated_at, coalesce(ev.updated_at, r.updated_at)) as changed_at) c
    where ${exact}
    order by c.changed_at, r.id
    limit ${limit + 1}`);

  const list = [...rows];
  const more = list.length > limit;
  const page = list.slice(0, limit);
  const last = page.at(-1);
  return {
    runs: page.map((r) => ({ ...toRunView(r), cursor: encodeChangeCursor({ at: r.changed_at_text, id: r.id }) })),
    more,
    cursor: encodeChangeCursor(nextChangeCursor({ horizon, more, last: last ? { at: last.changed_at_text, id: last.id } : null })),
  };
}
