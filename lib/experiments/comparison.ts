import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { BoundedCache } from '../bounded-cache';
import { bootstrapMeanCI, DEFAULT_LEVEL, DEFAULT_MAX_DRAWS, DEFAULT_RESAMPLES, MIN_ITEMS_FOR_INTERVAL, type BootstrapOptions, type IntervalMethod } from '../stats/bootstrap';
import { alignSorted, pairedScores, type PairedComparison } from '../stats/paired';
import type { SeriesRef } from './compare-params';
import { inSeries, resolveComparison, type ResolvedComparison, type ResolvedSeries } from './compare-series';
import { SCORE_BINS, scoreBins, type Histogram } from './distributions';

/**
 * The honest part of a comparison: per evaluator, each series' mean score with a 95% bootstrap
 * interval over items (an item's repetitions averaged first), and against the baseline the
 * paired difference on the items both have, its interval, and wins / ties / losses. Items are
 * what is resampled, so 40 items give a wide interval and 4,000 a narrow one.
 *
 * Bounded: per evaluator, the database returns one row per series holding two arrays (item seqs
 * ascending, their mean scores), at most COMPARE_ITEM_CAP items a series (the first by dataset
 * order; `capped` names the series cut). Evaluators are read one after another, so at most one
 * evaluator's arrays are held at a time.
 */

/** Items per series a comparison counts (the first, in dataset order). */
export const COMPARE_ITEM_CAP = 200_000;

export interface SeriesScore {
  key: string;
  /** Items with a completed score. */
  n: number;
  mean: number | null;
  ci: [number, number] | null;
  method: IntervalMethod | null;
}

export interface PairedScore extends PairedComparison {
  /** The series compared with the baseline. */
  key: string;
}

export interface EvaluatorComparison {
  evaluator: string;
  /** Every series, baseline first. */
  series: SeriesScore[];
  /** Every other series against the baseline. */
  paired: PairedScore[];
  /** Items per tenth of 0..1 (by their mean score), a series each (keyed by series key). */
  histogram: Histogram;
}

export interface ComparisonStats {
  baseline: string;
  /** The intervals' coverage (0.95). */
  level: number;
  resamples: number;
  /** Intervals over more items than this use the normal approximation (see lib/stats/bootstrap.ts). */
  bootstrapMaxItems: number;
  /** Below this many items no interval is given. */
  minItems: number;
  itemCap: number;
  /** Series with more items than the cap: only the first `itemCap` are counted. */
  capped: string[];
  evaluators: EvaluatorComparison[];
}

interface ScoreArrays { seqs: number[]; scores: number[] }

/** The seq of the item the cap ends at, per series that has more items than the cap. */
async function capCuts(db: DbOrTx, series: ResolvedSeries[], cap: number): Promise<Map<string, number>> {
  const cuts = new Map<string, number>();
  await Promise.all(series.map(async (s) => {
    const rows = [...await db.execute<{ item_seq: string | number }>(sql`
      select item_seq from (
        select distinct item_seq from experiment_runs
        where experiment_id = ${s.experimentId} and variant = ${s.variant} and item_seq is not null
        order by item_seq limit ${cap + 1}
      ) s order by item_seq offset ${cap - 1} limit 2`)];
    if (rows.length === 2) cuts.set(s.key, Number(rows[0].item_seq));
  }));
  return cuts;
}

/** One evaluator's per-item mean scores, per series: item seqs ascending. */
async function itemScores(db: DbOrTx, series: ResolvedSeries[], evaluator: string, cuts: Map<string, number>): Promise<Map<string, ScoreArrays>> {
  const ids = [...new Set(series.map((s) => s.experimentId))];
  const uncut = series.filter((s) => !cuts.has(s.key));
  const cut = series.filter((s) => cuts.has(s.key)).map((s) =>
    sql`(r.experiment_id = ${s.experimentId}::uuid and r.variant = ${s.variant}::int and r.item_seq <= ${cuts.get(s.key)!})`);
  const which = sql.join([...(uncut.length ? [inSeries('r', uncut)] : []), ...cut], sql` or `);
  const rows = await db.execute<{ experiment_id: string; variant: number; seqs: number[]; scores: number[] }>(sql`
    select experiment_id, variant, array_agg(item_seq order by item_seq) as seqs, array_agg(score order by item_seq) as scores
    from (
      select r.experiment_id, r.variant, r.item_seq::float8 as item_seq, avg(e.score)::float8 as score
      from evaluations e join experiment_runs r on r.id = e.run_id
      where e.experiment_id in ${ids} and e.evaluator_name = ${evaluator} and e.status = 'COMPLETED' and e.score is not null
        and r.item_seq is not null and (${which})
      group by 1, 2, 3
    ) per_item
    group by 1, 2`);
  const out = new Map<string, ScoreArrays>();
  for (const r of rows) out.set(`${r.experiment_id}:${r.variant}`, { seqs: r.seqs.map(Number), scores: r.scores.map(Number) });
  return out;
}

/** Items per tenth of 0..1, as width_bucket counts them in lib/experiments/distributions.ts (1 in the last bin). */
export function binScores(scores: readonly number[]): number[] {
  const counts = new Array<number>(SCORE_BINS).fill(0);
  for (const s of scores) counts[Math.min(SCORE_BINS - 1, Math.max(0, Math.floor(s * SCORE_BINS)))]++;
  return counts;
}

export function evaluatorComparison(evaluator: string, series: readonly Pick<ResolvedSeries, 'key'>[], data: Map<string, ScoreArrays>, opts: BootstrapOptions = {}): EvaluatorComparison {
  const empty: ScoreArrays = { seqs: [], scores: [] };
  const [base, ...others] = series;
  const baseData = data.get(base.key) ?? empty;
  return {
    evaluator,
    series: series.map((s) => ({ key: s.key, ...bootstrapMeanCI((data.get(s.key) ?? empty).scores, opts) })),
    paired: others.map((s) => {
      const other = data.get(s.key) ?? empty;
      const aligned = alignSorted(baseData.seqs, baseData.scores, other.seqs, other.scores);
      return { key: s.key, ...pairedScores(aligned.base, aligned.other, opts) };
    }),
    histogram: {
      bins: scoreBins(),
      series: series.map((s) => {
        const counts = binScores((data.get(s.key) ?? empty).scores);
        return { key: s.key, counts, total: counts.reduce((a, b) => a + b, 0) };
      }),
    },
  };
}

export async function scoreComparison(db: DbOrTx, resolved: ResolvedComparison, opts: BootstrapOptions & { itemCap?: number } = {}): Promise<ComparisonStats> {
  const cap = opts.itemCap ?? COMPARE_ITEM_CAP;
  const resamples = opts.resamples ?? DEFAULT_RESAMPLES;
  const cuts = await capCuts(db, resolved.series, cap);
  const evaluators: EvaluatorComparison[] = [];
  for (const name of resolved.evaluatorNames) {
    const data = await itemScores(db, resolved.series, name, cuts);
    evaluators.push(evaluatorComparison(name, resolved.series, data, opts));
  }
  return {
    baseline: resolved.baseline,
    level: opts.level ?? DEFAULT_LEVEL,
    resamples,
    bootstrapMaxItems: Math.floor((opts.maxDraws ?? DEFAULT_MAX_DRAWS) / resamples),
    minItems: MIN_ITEMS_FOR_INTERVAL,
    itemCap: cap,
    capped: resolved.series.filter((s) => cuts.has(s.key)).map((s) => s.key),
    evaluators,
  };
}

/** The scores of a comparison as its address asks (see compare-params.ts). */
export async function compareScores(db: DbOrTx, p: { series: SeriesRef[]; baseline?: string | null }, opts: BootstrapOptions & { itemCap?: number } = {}): Promise<ComparisonStats> {
  const resolved = await resolveComparison(db, p);
  const key = Object.keys(opts).length === 0 ? statsKey(resolved) : null;
  if (key === null) return scoreComparison(db, resolved, opts);
  const cached = computedStats.get(key);
  if (cached) return cached;
  const computing = scoreComparison(db, resolved);
  computedStats.set(key, computing);
  computing.catch(() => computedStats.delete(key));
  return computing;
}

/**
 * Resampling 20,000 items takes about a second of the web process's CPU, and a compare page
 * polls, or several people open the same one: intervals are kept by what they were computed from.
 * The key holds each series' status and counters (runs, evaluator averages and counts), which
 * every recorded run or evaluation moves, so a changed series is computed afresh.
 */
const computedStats = new BoundedCache<string, Promise<ComparisonStats>>(32);

function statsKey(resolved: ResolvedComparison): string | null {
  // An experiment from before per-variant counters has nothing that moves with its scores.
  if (resolved.series.some((s) => s.summary === null && (s.status === 'QUEUED' || s.status === 'RUNNING'))) return null;
  return JSON.stringify([resolved.baseline, resolved.evaluatorNames, resolved.series.map((s) => [s.key, s.status, s.summary])]);
}
