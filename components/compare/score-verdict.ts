import type { PairedScore } from '@/lib/experiments/comparison';

/**
 * What a paired difference says, in words, and the numbers of the scores section as text. Pure,
 * so the wording is tested apart from the screen.
 */

export type VerdictKind = 'better' | 'worse' | 'same' | 'few' | 'none';

export function verdict(p: Pick<PairedScore, 'n' | 'ci' | 'diff' | 'significant'>, minItems: number): { kind: VerdictKind; label: string } {
  if (p.n === 0) return { kind: 'none', label: 'No shared items' };
  if (!p.ci) return { kind: 'few', label: `Too few shared items for an interval (under ${minItems})` };
  if (p.significant && (p.diff ?? 0) > 0) return { kind: 'better', label: 'Better' };
  if (p.significant && (p.diff ?? 0) < 0) return { kind: 'worse', label: 'Worse' };
  return { kind: 'same', label: 'No significant difference' };
}

const MINUS = '\u2212';

/** A score or a bound: three decimals ("0.870"). */
export const formatStat = (v: number) => (v < 0 ? `${MINUS}${(-v).toFixed(3)}` : v.toFixed(3));

/** A difference, always signed ("+0.050", "−0.013", "±0.000"). */
export function formatDiff(v: number): string {
  const text = Math.abs(v).toFixed(3);
  if (Number(text) === 0) return `\u00b1${text}`;
  return v > 0 ? `+${text}` : `${MINUS}${text}`;
}

/** "[0.810, 0.930]"; a difference's bounds signed ("[−0.100, +0.020]"), a bound of zero plain. */
export const formatInterval = (ci: readonly [number, number], signed = false) => {
  const f = (v: number) => (!signed ? formatStat(v) : Number(Math.abs(v).toFixed(3)) === 0 ? '0.000' : formatDiff(v));
  return `[${f(ci[0])}, ${f(ci[1])}]`;
};

/** Where a value falls on a 0..1 or -1..1 scale, as a percentage of the track (clamped). */
export function trackPercent(v: number, min: number, max: number): number {
  return Math.min(100, Math.max(0, ((v - min) / (max - min)) * 100));
}
