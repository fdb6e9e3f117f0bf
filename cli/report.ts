import type { EvaluatorAverage, ExperimentDetails, ExperimentStatus, VariantSummary } from './api-types';

export interface EvaluatorRow { evaluator: string; mean: number | null; n: number }

export interface VariantRow {
  index: number; name: string; model: string;
  totalRuns: number; runsSucceeded: number; runsFailed: number; costUsd: number | null; costNote: string | null;
  evaluators: EvaluatorRow[];
}

/** What the CLI prints and gates on: the API's answers reduced to the figures that matter in CI. */
export interface Report {
  id: string; name: string; url: string; status: ExperimentStatus; lastError: string | null;
  runs: { total: number; succeeded: number; failed: number; skipped: number; cached: number };
  evaluations: { completed: number; failed: number; delayed: number };
  evaluators: EvaluatorRow[];
  tokens: { prompt: number; completion: number };
  costUsd: number | null; costNote: string | null;
  /** Every variant, as the API lists them (one for a plain experiment; none from an app without variants). */
  variants: VariantRow[];
}

export function buildReport(details: ExperimentDetails, appUrl: string): Report {
  const s = details.summary;
  return {
    id: s.id, name: s.name, url: `${appUrl}/experiments/${s.id}`, status: s.status, lastError: s.lastError,
    runs: { total: s.totalRuns, succeeded: s.runsSucceeded, failed: s.runsFailed, skipped: s.itemsSkipped, cached: s.runsCached },
    evaluations: { completed: s.evalsCompleted, failed: s.evalsFailed, delayed: s.evalsDelayed },
    evaluators: evaluatorRows(s.evaluatorNames, details.evaluatorAverages),
    tokens: { prompt: s.promptTokens, completion: s.completionTokens },
    costUsd: s.costUsd, costNote: s.costNote,
    variants: (details.variants ?? []).map((v) => variantRow(v, s.evaluatorNames)),
  };
}

/** Several variants are compared side by side and gated one by one; a single one is the experiment itself. */
export const hasVariants = (r: Report) => r.variants.length > 1;

function variantRow(v: VariantSummary, evaluatorNames: readonly string[]): VariantRow {
  return {
    index: v.variant, name: v.name, model: v.model,
    totalRuns: v.totalRuns, runsSucceeded: v.runsSucceeded, runsFailed: v.runsFailed, costUsd: v.costUsd, costNote: v.costNote,
    evaluators: evaluatorRows(evaluatorNames, v.evaluatorAverages ?? []),
  };
}

/** One row per configured evaluator, in config order; one with no completed evaluation has no mean. */
function evaluatorRows(names: readonly string[], averages: readonly EvaluatorAverage[]): EvaluatorRow[] {
  const rows = names.map((name) => {
    const found = averages.find((a) => a.evaluator === name);
    return { evaluator: name, mean: found?.average ?? null, n: found?.count ?? 0 };
  });
  const extra = averages.filter((a) => !names.includes(a.evaluator)).map((a) => ({ evaluator: a.evaluator, mean: a.average, n: a.count }));
  return [...rows, ...extra];
}
