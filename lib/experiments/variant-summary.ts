import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { orderAverages, type EvaluatorAverage } from './evaluator-averages';
import { costWithNote } from './queries';

/** One variant of an experiment as the table's breakdown, the details and the API show it. */
export interface VariantSummary {
  variant: number;
  name: string;
  providerConnectionId: string | null;
  providerName: string | null;
  model: string;
  totalRuns: number;
  runsSucceeded: number;
  runsFailed: number;
  runsCached: number;
  promptTokens: number;
  completionTokens: number;
  /** US dollars, tasks and judges; null when no call had a price. */
  costUsd: number | null;
  unpricedCalls: number;
  costNote: string | null;
  /** Mean latency of its provider calls (cached answers excluded); null before the first. */
  meanLatencyMs: number | null;
  evaluatorAverages: EvaluatorAverage[];
}

/**
 * The variants of each experiment, in order, from the counters kept beside the experiment's own
 * (experiment_variants, experiment_evaluator_stats): index reads, however many runs there are.
 */
export async function variantSummaries(db: DbOrTx, experimentIds: string[], evaluatorNames: Map<string, readonly string[]> = new Map()): Promise<Map<string, VariantSummary[]>> {
  const out = new Map<string, VariantSummary[]>();
  const ids = [...new Set(experimentIds)];
  if (!ids.length) return out;
  // Plain SQL (no schema objects): this module's types are used by browser code.
  const [variants, stats] = await Promise.all([
    db.execute<{
      experiment_id: string; variant: number; name: string; provider_connection_id: string | null; provider_name: string | null; model: string;
      total_runs: number; runs_succeeded: number; runs_failed: number; runs_cached: number; prompt_tokens: string | number;
      completion_tokens: string | number; cost_usd: string | number; unpriced_calls: number; latency_ms_sum: string | number;
    }>(sql`
      select v.*, p.name as provider_name
      from experiment_variants v left join provider_connections p on p.id = v.provider_connection_id
      where v.experiment_id in ${ids}
      order by v.experiment_id, v.variant`),
    db.execute<{ experiment_id: string; variant: number; evaluator_name: string; average: number; n: number }>(sql`
      select experiment_id, variant, evaluator_name, (score_sum / scored)::float8 as average, scored as n
      from experiment_evaluator_stats
      where experiment_id in ${ids} and scored > 0`),
  ]);
  const scores = new Map<string, EvaluatorAverage[]>();
  for (const s of stats) {
    const key = `${s.experiment_id}:${s.variant}`;
    scores.set(key, [...(scores.get(key) ?? []), { evaluator: s.evaluator_name, average: Number(s.average), count: Number(s.n) }]);
  }
  for (const v of variants) {
    const called = v.runs_succeeded - v.runs_cached;
    const list = out.get(v.experiment_id) ?? [];
    list.push({
      variant: v.variant, name: v.name, providerConnectionId: v.provider_connection_id, providerName: v.provider_name, model: v.model,
      totalRuns: v.total_runs, runsSucceeded: v.runs_succeeded, runsFailed: v.runs_failed, runsCached: v.runs_cached,
      promptTokens: Number(v.prompt_tokens), completionTokens: Number(v.completion_tokens),
      ...costWithNote(Number(v.cost_usd), v.unpriced_calls),
      meanLatencyMs: called > 0 ? Math.round(Number(v.latency_ms_sum) / called) : null,
      evaluatorAverages: orderAverages(scores.get(`${v.experiment_id}:${v.variant}`) ?? [], evaluatorNames.get(v.experiment_id) ?? []),
    });
    out.set(v.experiment_id, list);
  }
  return out;
}
