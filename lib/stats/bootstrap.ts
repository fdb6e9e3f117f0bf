import { normalQuantile } from './normal';
import { drawIndex, mulberry32 } from './prng';

/**
 * A mean with its confidence interval by the percentile bootstrap over items: resample the items
 * with replacement `resamples` times, take each resample's mean, and read the interval off those
 * means' percentiles. Seeded, so the same data gives the same interval on every call.
 *
 * The work is `n x resamples` draws. Past `maxDraws` (by default from 2,000 items at 2,000
 * resamples) the interval is the normal one, mean +- z x sd / sqrt(n) with the plug-in sd: the
 * distribution the bootstrap of a mean converges to, reached at a fraction of the cost. `method`
 * says which one an interval is.
 */

export const DEFAULT_RESAMPLES = 2_000;
export const DEFAULT_LEVEL = 0.95;
/** Fixed, so a page polled twice shows the same interval. */
export const DEFAULT_SEED = 0x5eed;
export const DEFAULT_MAX_DRAWS = 4_000_000;
/** Below this many items no interval is given: a bootstrap over so few is too narrow to trust. */
export const MIN_ITEMS_FOR_INTERVAL = 10;
export const MAX_RESAMPLES = 100_000;

export interface BootstrapOptions {
  resamples?: number;
  seed?: number;
  /** The interval's coverage, between 0 and 1 (0.95: a 95% interval). */
  level?: number;
  /** Above n x resamples draws, the normal interval is used instead. */
  maxDraws?: number;
}

export type IntervalMethod = 'bootstrap' | 'normal';

export interface MeanInterval {
  /** Items the mean is over. */
  n: number;
  /** Null when there is no item. */
  mean: number | null;
  /** [low, high]; null below MIN_ITEMS_FOR_INTERVAL items. */
  ci: [number, number] | null;
  method: IntervalMethod | null;
}

interface Resolved { resamples: number; seed: number; level: number; maxDraws: number }

export function resolveOptions(opts: BootstrapOptions = {}): Resolved {
  const resamples = opts.resamples ?? DEFAULT_RESAMPLES;
  const level = opts.level ?? DEFAULT_LEVEL;
  if (!Number.isInteger(resamples) || resamples < 1 || resamples > MAX_RESAMPLES) {
    throw new RangeError(`resamples must be a whole number from 1 to ${MAX_RESAMPLES}, not ${resamples}`);
  }
  if (!(level > 0 && level < 1)) throw new RangeError(`level must be between 0 and 1 (0.95 for a 95% interval), not ${level}`);
  return { resamples, level, seed: opts.seed ?? DEFAULT_SEED, maxDraws: opts.maxDraws ?? DEFAULT_MAX_DRAWS };
}

export function mean(values: ArrayLike<number>): number {
  let sum = 0;
  for (let i = 0; i < values.length; i++) sum += values[i];
  return sum / values.length;
}

/**
 * The q-quantile (0..1) of ascending `sorted`, interpolating linearly between the two nearest
 * order statistics (R's and NumPy's default, "type 7").
 */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, sorted.length - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** The means of `resamples` resamples of `values`, ascending. Draws: resample by resample, item by item. */
export function bootstrapMeans(values: ArrayLike<number>, resamples: number, seed: number): Float64Array {
  const n = values.length;
  const random = mulberry32(seed);
  const means = new Float64Array(resamples);
  for (let b = 0; b < resamples; b++) {
    let sum = 0;
    for (let i = 0; i < n; i++) sum += values[drawIndex(random, n)];
    means[b] = sum / n;
  }
  return means.sort();
}

function normalInterval(values: ArrayLike<number>, m: number, level: number): [number, number] {
  let squares = 0, min = Infinity, max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    squares += (v - m) ** 2;
    if (v < min) min = v;
    if (v > max) max = v;
  }
  const half = normalQuantile(1 - (1 - level) / 2) * Math.sqrt(squares / values.length) / Math.sqrt(values.length);
  // A resampled mean never leaves the values' range, so neither does the interval it stands for.
  return [Math.max(min, m - half), Math.min(max, m + half)];
}

export function bootstrapMeanCI(values: ArrayLike<number>, opts: BootstrapOptions = {}): MeanInterval {
  const o = resolveOptions(opts);
  const n = values.length;
  if (n === 0) return { n, mean: null, ci: null, method: null };
  const m = mean(values);
  if (n < MIN_ITEMS_FOR_INTERVAL) return { n, mean: m, ci: null, method: null };
  if (n * o.resamples > o.maxDraws) return { n, mean: m, ci: normalInterval(values, m, o.level), method: 'normal' };
  const means = bootstrapMeans(values, o.resamples, o.seed);
  const tail = (1 - o.level) / 2;
  return { n, mean: m, ci: [quantileSorted(means, tail), quantileSorted(means, 1 - tail)], method: 'bootstrap' };
}
