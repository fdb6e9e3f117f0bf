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
 * The mean score per (experiment, evaluator) over COMPLETED evaluations, read from the sums a
 * trigger keeps (experiment_evaluator_stats, drizzle/0007; one row per variant): an index range per experiment,
 * however many evaluations it has. Experiments without a scored evaluation are absent from the map.
 */
export async function evaluatorAverages(db: DbOrTx, experimentIds: string[]): Promise<Map<string, EvaluatorAverage[]>> {
  const out = new Map<string, EvaluatorAverage[]>();
  if (!experimentIds.length) return out;
  // Plain SQL, not the schema objects: compare.ts imports this module and its URL helpers run in
  // the browser, where the table definitions do not belong.
  const rows = await db.execute<{ experiment_id: string; evaluator_name: string; average: string | number; n: number }>(sql`
    select experiment_id, evaluator_name, (sum(score_sum) / sum(scored))::float8 as average, sum(scored)::int as n
    from experiment_evaluator_stats
    where experiment_id in ${[...new Set(experimentIds)]} and scored > 0
    group by experiment_id, evaluator_name
    order by experiment_id, evaluator_name`);
  for (const r of rows) {
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

/** The summaries with `evaluatorAverages` filled in (one indexed read for all of them). */
export async function withEvaluatorAverages<T extends ExperimentSummary>(db: DbOrTx, summaries: T[]): Promise<T[]> {
  const scored = summaries.filter((s) => s.evaluatorCount > 0);
  const averages = scored.length ? await evaluatorAverages(db, scored.map((s) => s.id)) : new Map<string, EvaluatorAverage[]>();
  return summaries.map((s) => ({
    ...s,
    evaluatorAverages: s.evaluatorCount > 0 ? orderAverages(averages.get(s.id) ?? [], s.evaluatorNames) : [],
  }));
}
