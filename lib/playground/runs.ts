import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import type { EvaluationStatus, RunStatus } from '../db/schema';
import { encodeCursor, type RunCursor } from './cursor';

export interface RunEvaluation {
  name: string; status: EvaluationStatus; score: number | null; label: string | null; explanation: string | null; error: string | null;
}

/** One run as the playground's results table shows it: the item, the output and its scores. */
export interface PlaygroundRun {
  id: string;
  itemId: string;
  /** The item's position in its dataset (insertion order), for a stable table order. */
  itemSeq: number;
  repetition: number;
  status: RunStatus;
  input: unknown;
  expected: unknown;
  output: unknown;
  error: string | null;
  attempts: number;
  latencyMs: number | null;
  promptTokens: number | null;
  completionTokens: number | null;
  evaluations: RunEvaluation[];
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

interface Row extends Record<string, unknown> {
  id: string; dataset_item_id: string; item_seq: string | number; repetition: number; status: RunStatus;
  input: unknown; expected_output: unknown; output: unknown; error: string | null; attempts: number;
  latency_ms: number | null; prompt_tokens: number | null; completion_tokens: number | null;
  evals: RunEvaluation[] | null; changed_at_text: string;
}

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
      : sql`(c.changed_at, c.id) > (${after.at}::timestamptz, ${after.id}::uuid)`;

  const rows = await db.execute<Row>(sql`
    with changed as (
      select r.id, r.dataset_item_id, r.repetition, r.status, r.output, r.error, r.attempts, r.latency_ms,
        r.prompt_tokens, r.completion_tokens, ev.evals,
        greatest(r.updated_at, coalesce(ev.max_updated_at, r.updated_at)) as changed_at
      from experiment_runs r
      left join lateral (
        select max(e.updated_at) as max_updated_at,
          jsonb_agg(jsonb_build_object(
            'name', e.evaluator_name, 'status', e.status, 'score', e.score, 'label', e.label,
            'explanation', e.explanation, 'error', e.error) order by e.evaluator_name) as evals
        from evaluations e where e.run_id = r.id
      ) ev on true
      where r.experiment_id = ${experimentId}
    )
    select c.*, i.seq as item_seq, i.input, i.expected_output,
      to_char(c.changed_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"') as changed_at_text
    from changed c
    join dataset_items i on i.id = c.dataset_item_id
    where ${since}
    order by c.changed_at, c.id
    limit ${limit + 1}`);

  const list = [...rows];
  const more = list.length > limit;
  return { runs: list.slice(0, limit).map(toRun), more };
}

function toRun(r: Row): PlaygroundRun {
  return {
    id: r.id, itemId: r.dataset_item_id, itemSeq: Number(r.item_seq), repetition: r.repetition, status: r.status,
    input: r.input, expected: r.expected_output, output: r.output, error: r.error, attempts: r.attempts,
    latencyMs: r.latency_ms, promptTokens: r.prompt_tokens, completionTokens: r.completion_tokens,
    evaluations: r.evals ?? [],
    cursor: encodeCursor({ at: r.changed_at_text, id: r.id }),
  };
}
