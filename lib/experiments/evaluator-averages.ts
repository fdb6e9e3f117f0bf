import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import type { ExperimentSummary } from './queries';

/** The mean score of one evaluator over an experiment's COMPLETED evaluations. */
export interface EvaluatorAverage {
  evaluator: string;
  /** 0..1 */
  average: number;
  /** How many completed evaluations the mean is over. */
  count: number;
}

/**
 * `avg(score)` per (experiment, evaluator) for COMPLETED evaluations, in one grouped query (the
 * `evaluations_experiment_idx` index on (experiment_id, status) serves it). Experiments without a
 * completed evaluation are absent from the map.
 */
export async function evaluatorAverages(db: DbOrTx, experimentIds: string[]): Promise<Map<string, EvaluatorAverage[]>> {
  const out = new Map<string, EvaluatorAverage[]>();
  if (!experimentIds.length) return out;
  // Plain SQL, not the schema objects: compare.ts imports this module and its URL helpers run in
  // the browser, where the table definitions do not belong.
  const rows = await db.execute<{ experiment_id: string; evaluator_name: string; average: string | number | null; n: string | number }>(sql`
    select experiment_id, evaluator_name, avg(score) as average, count(score) as n
    from evaluations
    where experiment_id in ${[...new Set(experimentIds)]} and status = 'COMPLETED'
    group by experiment_id, evaluator_name
    order by experiment_id, evaluator_name`);
  for (const r of rows) {
    if (r.average === null || Number(r.n) === 0) continue;
    const list = out.get(r.experiment_id) ?? [];
    list.push({ evaluator: r.evaluator_name, average: Number(r.average), count: Number(r.n) });
    out.set(r.experiment_id, list);
  }
  return out;
}

/** Orders averages as the experiment's config lists its evaluators (unknown names last, by name). */
export function orderAverages(list: EvaluatorAverage[], evaluatorNames: readonly string[]): EvaluatorAverage[] {
  const rank = (name: string) => {
    const i = evaluatorNames.indexOf(name);
    return i === -1 ? evaluatorNames.length : i;
  };
  return [...list].sort((a, b) => rank(a.evaluator) - rank(b.evaluator) || a.evaluator.localeCompare(b.evaluator));
}

// The experiments table polls every second while something runs: averages of experiments whose
// counters have not moved since the last poll are reused, so a finished experiment is aggregated
// once per process, not once per poll. (Any evaluation write moves a counter.)
const MEMO_MAX = 2_000;
const memo = new Map<string, { key: string; averages: EvaluatorAverage[] }>();

const countersKey = (s: ExperimentSummary) =>
  [s.status, s.runsSucceeded, s.runsFailed, s.evalsCompleted, s.evalsFailed, s.evalsDelayed, s.toggledAt].join('|');

/** The summaries with `evaluatorAverages` filled in (one grouped query for the ones that changed). */
export async function withEvaluatorAverages<T extends ExperimentSummary>(db: DbOrTx, summaries: T[]): Promise<T[]> {
  const stale = summaries.filter((s) => s.evaluatorCount > 0 && memo.get(s.id)?.key !== countersKey(s));
  if (stale.length) {
    const fresh = await evaluatorAverages(db, stale.map((s) => s.id));
    for (const s of stale) {
      memo.delete(s.id);
      memo.set(s.id, { key: countersKey(s), averages: fresh.get(s.id) ?? [] });
    }
    while (memo.size > MEMO_MAX) memo.delete(memo.keys().next().value!);
  }
  return summaries.map((s) => ({
    ...s,
    evaluatorAverages: s.evaluatorCount > 0 ? orderAverages(memo.get(s.id)?.averages ?? [], s.evaluatorNames) : [],
  }));
}
