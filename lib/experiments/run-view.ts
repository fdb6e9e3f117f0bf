import { sql, type SQL } from 'drizzle-orm';
import type { EvaluationStatus, RunStatus } from '../db/schema';

/**
 * The one read model of a run with its item and evaluations, shared by the experiment page's
 * results, the playground's live table and compare: the DTO, the SQL that selects it and the
 * mapping from its row. Each view adds only its own filter, order and paging around it.
 */

export interface RunEvaluation {
  name: string; status: EvaluationStatus; score: number | null; label: string | null;
  explanation: string | null; error: string | null;
  /** When a DELAYED evaluation is tried again. */
  nextRetryAt: string | null;
}

/** One run: one (item, repetition, variant) call of an experiment. */
export interface RunView {
  id: string;
  experimentId: string;
  itemId: string;
  /** The item's position in its dataset (insertion order), for a stable table order. */
  itemSeq: number;
  repetition: number;
  /** The experiment's variant that made the call (0 for a single-variant experiment). */
  variant: number;
  status: RunStatus;
  input: unknown;
  expected: unknown;
  output: unknown;
  error: string | null;
  attempts: number;
  latencyMs: number | null;
  promptTokens: number | null;
  completionTokens: number | null;
  /** Answered from the call cache (no provider call, no cost). */
  cached: boolean;
  evaluations: RunEvaluation[];
}

/**
 * The select list of a run view: needs `experiment_runs r`, `dataset_items i` joined on the run's
 * item, and `runEvaluationsJoin` (alias `ev`).
 */
export const runViewColumns = sql`r.id, r.experiment_id, r.dataset_item_id, i.seq as item_seq, r.repetition, r.variant, r.status,
  i.input, i.expected_output, r.output, r.error, r.attempts, r.latency_ms, r.prompt_tokens, r.completion_tokens, r.cached, ev.evals`;

/**
 * A run's evaluations as one JSON array (`ev.evals`, by evaluator name) and the time the latest
 * of them changed (`ev.updated_at`), for the run `r`.
 */
export const runEvaluationsJoin: SQL = sql`left join lateral (
    select max(e.updated_at) as updated_at,
      json_agg(json_build_object(
        'name', e.evaluator_name, 'status', e.status, 'score', e.score, 'label', e.label,
        'explanation', e.explanation, 'error', e.error,
        'nextRetryAt', to_char(e.next_retry_at at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')
      ) order by e.evaluator_name) as evals
    from evaluations e where e.run_id = r.id
  ) ev on true`;

export interface RunViewRow extends Record<string, unknown> {
  id: string; experiment_id: string; dataset_item_id: string; item_seq: string | number; repetition: number; variant: number; status: RunStatus;
  input: unknown; expected_output: unknown; output: unknown; error: string | null; attempts: number;
  latency_ms: number | null; prompt_tokens: number | null; completion_tokens: number | null; cached: boolean; evals: RunEvaluation[] | null;
}

export function toRunView(r: RunViewRow): RunView {
  return {
    id: r.id, experimentId: r.experiment_id, itemId: r.dataset_item_id, itemSeq: Number(r.item_seq), repetition: r.repetition, variant: r.variant,
    status: r.status, input: r.input, expected: r.expected_output, output: r.output, error: r.error, attempts: r.attempts,
    latencyMs: r.latency_ms, promptTokens: r.prompt_tokens, completionTokens: r.completion_tokens, cached: r.cached,
    evaluations: r.evals ?? [],
  };
}
