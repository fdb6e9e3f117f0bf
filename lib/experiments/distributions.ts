import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { UserError } from '../errors';

/**
 * Score and latency distributions of experiments, counted by PostgreSQL into a few buckets
 * (never computed in the browser from loaded pages): scores of COMPLETED evaluations per
 * evaluator in ten bins over 0..1, and latencies of the runs the provider answered (succeeded,
 * not from the call cache) in at most 13 bins. The answer's size depends only on the number of
 * experiments and evaluators, never on the number of runs. Several experiments share one set of
 * bins, one series each, so their shapes can be drawn side by side.
 */

export const SCORE_BINS = 10;
export const LATENCY_BINS = 12;
/** Experiments one call may count together. */
export const DISTRIBUTIONS_MAX_EXPERIMENTS = 10;

export interface HistogramBin {
  from: number;
  to: number;
  /** The last bin of a long tail: every value from `from` up, `to` being the largest seen. */
  overflow?: boolean;
}

export interface HistogramSeries {
  /** The experiment id. */
  key: string;
  /** Per bin, in the order of `bins`. */
  counts: number[];
  /** The sum of `counts`: every value counted. */
  total: number;
}

export interface Histogram { bins: HistogramBin[]; series: HistogramSeries[] }

export interface ExperimentDistributions {
  /** One histogram per evaluator that has a score, series per experiment. */
  scores: { evaluator: string; histogram: Histogram }[];
  latency: Histogram & { unit: 'ms' };
}

const num = (v: unknown) => Number(v ?? 0);

function checkIds(experimentIds: string[]): string[] {
  const ids = [...new Set(experimentIds)];
  if (ids.length > DISTRIBUTIONS_MAX_EXPERIMENTS) {
    throw new UserError(`Distributions of at most ${DISTRIBUTIONS_MAX_EXPERIMENTS} experiments at a time`);
  }
  return ids;
}

export const scoreBins = (): HistogramBin[] =>
  Array.from({ length: SCORE_BINS }, (_, i) => ({ from: i / SCORE_BINS, to: (i + 1) / SCORE_BINS }));

/**
 * Per evaluator, how many COMPLETED evaluations scored in each tenth of 0..1 (a score of exactly
 * 1 counts in the last bin). An index-only range over evaluations_experiment_evaluator_score_idx.
 */
export async function scoreDistributions(db: DbOrTx, experimentIds: string[]): Promise<ExperimentDistributions['scores']> {
  const ids = checkIds(experimentIds);
  if (!ids.length) return [];
  const rows = await db.execute<{ experiment_id: string; evaluator_name: string; bin: number; n: number }>(sql`
    select experiment_id, evaluator_name,
      least(greatest(width_bucket(score, 0, 1, ${SCORE_BINS}), 1), ${SCORE_BINS}) - 1 as bin,
      count(*)::int as n
    from evaluations
    where experiment_id in ${ids} and status = 'COMPLETED' and score is not null
    group by 1, 2, 3
    order by 2`);
  const byEvaluator = new Map<string, Map<string, number[]>>();
  for (const r of rows) {
    const series = byEvaluator.get(r.evaluator_name) ?? new Map<string, number[]>();
    byEvaluator.set(r.evaluator_name, series);
    const counts = series.get(r.experiment_id) ?? new Array<number>(SCORE_BINS).fill(0);
    series.set(r.experiment_id, counts);
    counts[num(r.bin)] += num(r.n);
  }
  return [...byEvaluator].map(([evaluator, series]) => ({
    evaluator,
    histogram: { bins: scoreBins(), series: ids.map((key) => seriesOf(key, series.get(key) ?? new Array<number>(SCORE_BINS).fill(0))) },
  }));
}

const seriesOf = (key: string, counts: number[]): HistogramSeries => ({ key, counts, total: counts.reduce((a, b) => a + b, 0) });

/** 1, 2 or 5 times a power of ten, at least `raw` (and at least 1 ms). */
export function niceStep(raw: number): number {
  if (!(raw > 1)) return 1;
  const power = 10 ** Math.floor(Math.log10(raw));
  const mult = [1, 2, 5, 10].find((m) => m * power >= raw) ?? 10;
  return mult * power;
}

/**
 * The latency bins for values between `min` and `max` whose 99th percentile is `p99`: round-number
 * edges (a step of 1, 2 or 5 times a power of ten) from a multiple of the step at or below `min`,
 * at most LATENCY_BINS + 1 of them. A long tail (the maximum more than twice the 99th percentile,
 * e.g. one timed-out call) ends in an overflow bin instead of squeezing the rest into the first.
 */
export function latencyBins(min: number, max: number, p99: number): HistogramBin[] {
  const tail = max > 2 * p99 && p99 > min;
  const top = tail ? p99 : max;
  let step = niceStep((top - min) / LATENCY_BINS);
  let lo = Math.floor(min / step) * step;
  // Rounding the start down can need one bin more than LATENCY_BINS: widen the step instead.
  while (Math.floor((top - lo) / step) + 1 > LATENCY_BINS + 1) {
    step = niceStep(step + 1);
    lo = Math.floor(min / step) * step;
  }
  const n = Math.floor((top - lo) / step) + 1;
  const bins: HistogramBin[] = Array.from({ length: n }, (_, i) => ({ from: lo + i * step, to: lo + (i + 1) * step }));
  if (tail) {
    // The tail bin starts where the regular ones end.
    bins.push({ from: lo + n * step, to: max, overflow: true });
  }
  return bins;
}

/** The latencies of the runs the provider answered (succeeded, not cached), binned as latencyBins says. */
export async function latencyDistribution(db: DbOrTx, experimentIds: string[]): Promise<ExperimentDistributions['latency']> {
  const ids = checkIds(experimentIds);
  const empty = { unit: 'ms' as const, bins: [], series: ids.map((key) => seriesOf(key, [])) };
  if (!ids.length) return empty;
  const answered = sql`experiment_id in ${ids} and status = 'SUCCEEDED' and not cached and latency_ms is not null`;
  const [stats] = [...await db.execute<{ lo: number | null; hi: number | null; p99: number | null }>(sql`
    select min(latency_ms) as lo, max(latency_ms) as hi, percentile_disc(0.99) within group (order by latency_ms) as p99
    from experiment_runs where ${answered}`)];
  if (!stats || stats.lo === null || stats.hi === null) return empty;
  const bins = latencyBins(num(stats.lo), num(stats.hi), num(stats.p99));
  const first = bins[0].from;
  const step = bins[0].to - bins[0].from;
  const last = bins.length - 1;
  const rows = await db.execute<{ experiment_id: string; bin: number; n: number }>(sql`
    select experiment_id, least(floor((latency_ms - ${first}) / ${step}::float8)::int, ${last}) as bin, count(*)::int as n
    from experiment_runs where ${answered}
    group by 1, 2`);
  const counts = new Map(ids.map((key) => [key, new Array<number>(bins.length).fill(0)]));
  for (const r of rows) counts.get(r.experiment_id)![num(r.bin)] += num(r.n);
  return { unit: 'ms', bins, series: ids.map((key) => seriesOf(key, counts.get(key)!)) };
}

/** Both distributions of the experiments (one series each), evaluators in `evaluatorOrder` first. */
export async function experimentDistributions(db: DbOrTx, experimentIds: string[], evaluatorOrder: readonly string[] = []): Promise<ExperimentDistributions> {
  const [scores, latency] = await Promise.all([scoreDistributions(db, experimentIds), latencyDistribution(db, experimentIds)]);
  const rank = (name: string) => {
    const i = evaluatorOrder.indexOf(name);
    return i === -1 ? evaluatorOrder.length : i;
  };
  scores.sort((a, b) => rank(a.evaluator) - rank(b.evaluator) || a.evaluator.localeCompare(b.evaluator));
  return { scores, latency };
}
