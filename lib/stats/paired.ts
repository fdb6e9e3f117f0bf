import { bootstrapMeanCI, mean, type BootstrapOptions, type IntervalMethod } from './bootstrap';

/**
 * Two series scored on the same items, compared item by item: the difference of their means on
 * the items both have, its bootstrap interval (the items are resampled as pairs, so what both
 * series share about an item's difficulty cancels out), and how often the other series scored
 * above, equal to, or below the base. Higher scores are better.
 */

/** Scores closer than this are equal (a tie). */
export const TIE_EPSILON = 1e-9;

export interface PairedComparison {
  /** Items both series have a score for. */
  n: number;
  /** Null when they share no item. */
  meanBase: number | null;
  meanOther: number | null;
  /** meanOther - meanBase on the shared items. */
  diff: number | null;
  /** Interval of `diff`; null when too few items are shared (see MIN_ITEMS_FOR_INTERVAL). */
  ci: [number, number] | null;
  method: IntervalMethod | null;
  /** Items where the other series scored higher / the same / lower. */
  wins: number;
  ties: number;
  losses: number;
  /** The interval lies wholly above or below zero. False when there is no interval. */
  significant: boolean;
}

/** `base` and `other`: one score per item (repetitions already averaged). Items are taken in `base`'s order. */
export function pairedComparison<K>(base: ReadonlyMap<K, number>, other: ReadonlyMap<K, number>, opts: BootstrapOptions = {}): PairedComparison {
  const a: number[] = [], b: number[] = [];
  for (const [item, x] of base) {
    const y = other.get(item);
    if (y === undefined) continue;
    a.push(x); b.push(y);
  }
  return pairedScores(a, b, opts);
}

/** The same for scores already paired: `base[i]` and `other[i]` are one item's. */
export function pairedScores(base: ArrayLike<number>, other: ArrayLike<number>, opts: BootstrapOptions = {}): PairedComparison {
  if (base.length !== other.length) throw new RangeError(`Paired scores need as many of each: ${base.length} and ${other.length}`);
  const n = base.length;
  const d = new Float64Array(n);
  let wins = 0, ties = 0, losses = 0;
  for (let i = 0; i < n; i++) {
    const diff = other[i] - base[i];
    d[i] = diff;
    if (Math.abs(diff) < TIE_EPSILON) ties++;
    else if (diff > 0) wins++;
    else losses++;
  }
  const interval = bootstrapMeanCI(d, opts);
  const ci = interval.ci;
  return {
    n,
    meanBase: n ? mean(base) : null,
    meanOther: n ? mean(other) : null,
    diff: interval.mean,
    ci,
    method: interval.method,
    wins, ties, losses,
    significant: ci !== null && (ci[0] > TIE_EPSILON || ci[1] < -TIE_EPSILON),
  };
}

/**
 * Pairs two series given as item keys ascending with their scores (as the database returns
 * them): the scores of the items both have, in key order. No map: a merge of the two lists.
 */
export function alignSorted(
  baseKeys: ArrayLike<number>, baseScores: ArrayLike<number>, otherKeys: ArrayLike<number>, otherScores: ArrayLike<number>,
): { base: Float64Array; other: Float64Array } {
  const base: number[] = [], other: number[] = [];
  let i = 0, j = 0;
  while (i < baseKeys.length && j < otherKeys.length) {
    if (baseKeys[i] < otherKeys[j]) i++;
    else if (baseKeys[i] > otherKeys[j]) j++;
    else { base.push(baseScores[i++]); other.push(otherScores[j++]); }
  }
  return { base: Float64Array.from(base), other: Float64Array.from(other) };
}
