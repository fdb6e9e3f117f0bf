import { describe, expect, it } from 'vitest';
import { bootstrapMeanCI, MIN_ITEMS_FOR_INTERVAL } from './bootstrap';
import { normalQuantile } from './normal';
import { mulberry32 } from './prng';

/** Scores of a fixed shape: `n` draws of 0, 0.5 or 1 from their own seeded stream. */
function scores(n: number, seed: number): number[] {
  const r = mulberry32(seed);
  return Array.from({ length: n }, () => { const u = r(); return u < 0.3 ? 0 : u < 0.5 ? 0.5 : 1; });
}

/** The percentile bootstrap written out plainly: the same draws, the same percentile rule. */
function referenceInterval(values: number[], resamples: number, seed: number, level: number): [number, number] {
  const next = mulberry32(seed);
  const means: number[] = [];
  for (let b = 0; b < resamples; b++) {
    let total = 0;
    for (let i = 0; i < values.length; i++) total += values[Math.floor(next() * values.length)];
    means.push(total / values.length);
  }
  means.sort((x, y) => x - y);
  const at = (q: number) => {
    const pos = q * (means.length - 1);
    const below = Math.floor(pos);
    const above = Math.ceil(pos);
    return means[below] * (1 - (pos - below)) + means[above] * (pos - below);
  };
  return [at((1 - level) / 2), at(1 - (1 - level) / 2)];
}

const width = (ci: [number, number] | null) => ci![1] - ci![0];

describe('mulberry32', () => {
  it('repeats a seed and differs between seeds, in [0, 1)', () => {
    const a = mulberry32(42), b = mulberry32(42), c = mulberry32(43);
    const xs = Array.from({ length: 1000 }, () => a());
    expect(Array.from({ length: 1000 }, () => b())).toEqual(xs);
    expect(Array.from({ length: 1000 }, () => c())).not.toEqual(xs);
    expect(xs.every((x) => x >= 0 && x < 1)).toBe(true);
    // Roughly uniform: a tenth of the draws in each tenth.
    const bins = new Array<number>(10).fill(0);
    for (const x of xs) bins[Math.floor(x * 10)]++;
    for (const n of bins) expect(n).toBeGreaterThan(60);
  });
});

describe('bootstrapMeanCI', () => {
  const data = [0.1, 0.9, 1, 0, 0.5, 0.75, 1, 1, 0.25, 0.6, 0.8, 0, 1, 0.4, 0.95, 0.3, 0.7, 1, 0.55, 0.2];

  it('matches the percentile bootstrap computed by hand for a seed', () => {
    for (const [seed, resamples, level] of [[7, 500, 0.95], [123456, 2000, 0.9], [1, 999, 0.99]] as const) {
      const got = bootstrapMeanCI(data, { seed, resamples, level });
      const [lo, hi] = referenceInterval(data, resamples, seed, level);
      expect(got.method).toBe('bootstrap');
      expect(got.n).toBe(data.length);
      expect(got.mean).toBeCloseTo(data.reduce((s, v) => s + v, 0) / data.length, 12);
      expect(got.ci![0]).toBeCloseTo(lo, 12);
      expect(got.ci![1]).toBeCloseTo(hi, 12);
    }
  });

  it('is the same for the same seed and contains the mean', () => {
    const a = bootstrapMeanCI(data, { seed: 9 });
    expect(bootstrapMeanCI(data, { seed: 9 })).toEqual(a);
    expect(bootstrapMeanCI(data, { seed: 10 }).ci).not.toEqual(a.ci);
    expect(a.ci![0]).toBeLessThan(a.mean!);
    expect(a.ci![1]).toBeGreaterThan(a.mean!);
    // A wider level gives a wider interval from the same resamples.
    expect(width(bootstrapMeanCI(data, { seed: 9, level: 0.99 }).ci)).toBeGreaterThan(width(a.ci));
  });

  it('narrows as items grow: 40 items give a wider interval than 4,000 of the same kind', () => {
    const few = bootstrapMeanCI(scores(40, 5), { maxDraws: Infinity, resamples: 1000 });
    const many = bootstrapMeanCI(scores(4000, 6), { maxDraws: Infinity, resamples: 1000 });
    expect(few.method).toBe('bootstrap');
    expect(many.method).toBe('bootstrap');
    expect(few.ci![0]).toBeLessThanOrEqual(few.mean!);
    expect(many.ci![1]).toBeGreaterThanOrEqual(many.mean!);
    // About sqrt(100) = 10 times narrower; at least 5 times.
    expect(width(few.ci)).toBeGreaterThan(5 * width(many.ci));
  });

  it('past the draw budget gives the normal interval, which agrees with the bootstrap there', () => {
    const values = scores(4000, 11);
    const normal = bootstrapMeanCI(values);
    const boot = bootstrapMeanCI(values, { maxDraws: Infinity });
    expect(normal.method).toBe('normal');
    expect(boot.method).toBe('bootstrap');
    expect(normal.mean).toBe(boot.mean);
    expect(Math.abs(normal.ci![0] - boot.ci![0])).toBeLessThan(0.1 * width(boot.ci));
    expect(Math.abs(normal.ci![1] - boot.ci![1])).toBeLessThan(0.1 * width(boot.ci));
    // Never past the values' own range.
    const ones = bootstrapMeanCI([...new Array<number>(3999).fill(1), 0]);
    expect(ones.ci![1]).toBe(1);
  });

  it('gives no interval for no items or too few, and the same value for a constant', () => {
    expect(bootstrapMeanCI([])).toEqual({ n: 0, mean: null, ci: null, method: null });
    const few = bootstrapMeanCI(data.slice(0, MIN_ITEMS_FOR_INTERVAL - 1));
    expect(few).toMatchObject({ n: MIN_ITEMS_FOR_INTERVAL - 1, ci: null, method: null });
    expect(few.mean).toBeCloseTo(data.slice(0, MIN_ITEMS_FOR_INTERVAL - 1).reduce((s, v) => s + v, 0) / (MIN_ITEMS_FOR_INTERVAL - 1), 12);
    expect(bootstrapMeanCI(new Array<number>(30).fill(0.5)).ci).toEqual([0.5, 0.5]);
  });

  it('refuses options out of range, naming the limit', () => {
    expect(() => bootstrapMeanCI(data, { resamples: 0 })).toThrow(/resamples must be a whole number from 1 to 100000/);
    expect(() => bootstrapMeanCI(data, { resamples: 2.5 })).toThrow(/resamples/);
    expect(() => bootstrapMeanCI(data, { level: 1 })).toThrow(/level must be between 0 and 1/);
  });
});

describe('normalQuantile', () => {
  it('gives the familiar z values', () => {
    expect(normalQuantile(0.975)).toBeCloseTo(1.959964, 5);
    expect(normalQuantile(0.95)).toBeCloseTo(1.644854, 5);
    expect(normalQuantile(0.5)).toBeCloseTo(0, 6);
    expect(normalQuantile(0.005)).toBeCloseTo(-2.575829, 5);
    expect(() => normalQuantile(1)).toThrow(/strictly between 0 and 1/);
  });
});
