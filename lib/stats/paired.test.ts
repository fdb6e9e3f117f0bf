import { describe, expect, it } from 'vitest';
import { bootstrapMeanCI } from './bootstrap';
import { alignSorted, pairedComparison, pairedScores } from './paired';
import { mulberry32 } from './prng';

const byItem = (values: number[], prefix = 'item') => new Map(values.map((v, i) => [`${prefix}-${i}`, v]));

describe('pairedComparison', () => {
  it('of a series with itself is a zero difference with a [0, 0] interval, every item a tie', () => {
    const r = mulberry32(3);
    const base = byItem(Array.from({ length: 50 }, () => r()));
    const p = pairedComparison(base, new Map(base));
    expect(p).toMatchObject({ n: 50, diff: 0, ci: [0, 0], wins: 0, ties: 50, losses: 0, significant: false, method: 'bootstrap' });
    expect(p.meanBase).toBe(p.meanOther);
  });

  it('pairs only the shared items, counts wins, ties and losses, and bootstraps the differences', () => {
    const base = new Map([['a', 0], ['b', 1], ['c', 0.5], ['d', 1], ['only-base', 1]]);
    const other = new Map([['d', 1], ['c', 1], ['b', 0], ['a', 1], ['only-other', 0]]);
    for (let i = 0; i < 20; i++) { base.set(`x${i}`, 0.5); other.set(`x${i}`, i % 2 ? 0.75 : 0.5); }
    const p = pairedComparison(base, other, { seed: 17, resamples: 700 });
    expect(p.n).toBe(24);
    expect(p).toMatchObject({ wins: 2 + 10, ties: 1 + 10, losses: 1 });
    const diffs = [1, -1, 0.5, 0, ...Array.from({ length: 20 }, (_, i) => (i % 2 ? 0.25 : 0))];
    const sum = (xs: number[]) => xs.reduce((s, v) => s + v, 0);
    expect(p.meanBase).toBeCloseTo((0 + 1 + 0.5 + 1 + 20 * 0.5) / 24, 12);
    expect(p.meanOther).toBeCloseTo((1 + 0 + 1 + 1 + 10 * 0.5 + 10 * 0.75) / 24, 12);
    expect(p.diff).toBeCloseTo(sum(diffs) / 24, 12);
    // The interval is the bootstrap of the differences, in the base's item order.
    expect(p.ci).toEqual(bootstrapMeanCI(diffs, { seed: 17, resamples: 700 }).ci);
  });

  it('calls a clear improvement significant and noise not significant', () => {
    const r = mulberry32(99);
    const base = byItem(Array.from({ length: 200 }, () => (r() < 0.5 ? 1 : 0)));
    const better = new Map([...base].map(([k, v]) => [k, r() < 0.6 ? 1 : v]));
    const up = pairedComparison(base, better);
    expect(up.diff).toBeGreaterThan(0);
    expect(up.ci![0]).toBeGreaterThan(0);
    expect(up.significant).toBe(true);
    expect(up.losses).toBe(0);

    // Same distribution, independent draws: the interval crosses zero.
    const noisy = new Map([...base].map(([k]) => [k, r() < 0.5 ? 1 : 0]));
    const flat = pairedComparison(base, noisy, { seed: 4 });
    expect(flat.ci![0]).toBeLessThan(0);
    expect(flat.ci![1]).toBeGreaterThan(0);
    expect(flat.significant).toBe(false);
  });

  it('with nothing shared gives n 0 and no means; with few shared, means but no interval', () => {
    expect(pairedComparison(byItem([1, 0], 'a'), byItem([1, 0], 'b'))).toEqual({
      n: 0, meanBase: null, meanOther: null, diff: null, ci: null, method: null, wins: 0, ties: 0, losses: 0, significant: false,
    });
    const few = pairedComparison(byItem([0, 0, 0]), byItem([1, 1, 1]));
    expect(few).toMatchObject({ n: 3, diff: 1, ci: null, wins: 3, significant: false });
  });
});

describe('alignSorted', () => {
  it('pairs the keys both lists have, in key order, and compares like the map form', () => {
    const { base, other } = alignSorted([1, 3, 4, 7, 9], [0.1, 0.3, 0.4, 0.7, 0.9], [2, 3, 7, 8, 9, 10], [1, 0.33, 0.77, 1, 0.99, 1]);
    expect([...base]).toEqual([0.3, 0.7, 0.9]);
    expect([...other]).toEqual([0.33, 0.77, 0.99]);
    const r = mulberry32(8);
    const keys = Array.from({ length: 60 }, (_, i) => i * 2);
    const a = keys.map(() => r()), b = keys.map(() => r());
    const aligned = alignSorted(keys, a, keys.filter((k) => k % 3), b.filter((_, i) => keys[i] % 3));
    const viaMaps = pairedComparison(new Map(keys.map((k, i) => [k, a[i]])), new Map(keys.filter((k) => k % 3).map((k) => [k, b[keys.indexOf(k)]])));
    expect(pairedScores(aligned.base, aligned.other)).toEqual(viaMaps);
    expect(() => pairedScores([1], [])).toThrow(/as many of each/);
  });
});
