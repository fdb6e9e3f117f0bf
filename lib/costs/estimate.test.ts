import { describe, expect, it } from 'vitest';
import { addRanges, callGroups, costRange, countCalls, extrapolateSum, JUDGE_OUTPUT_PER_CALL, summarise, taskOutputPerCall } from './estimate';
import type { ModelPrice } from './prices';

const price = (inputPerMTok: number, outputPerMTok: number): ModelPrice => ({ inputPerMTok, outputPerMTok, cachedInputPerMTok: null, asOf: '2026-01-01' });

describe('calls', () => {
  it('is items x repetitions x (1 + LLM judges)', () => {
    expect(countCalls({ eligibleItems: 30, repetitions: 3, judges: 2 })).toEqual({ task: 90, judge: 180, total: 270 });
    expect(countCalls({ eligibleItems: 30, repetitions: 1, judges: 0 })).toEqual({ task: 30, judge: 0, total: 30 });
    expect(countCalls({ eligibleItems: 0, repetitions: 5, judges: 1 }).total).toBe(0);
  });
});

describe('extrapolating a sample', () => {
  it('is exact when the sample is the whole population', () => {
    expect(extrapolateSum([10, 20, 30], 3)).toEqual({ expected: 60, low: 60, high: 60 });
  });

  it('scales the mean to the population, with a range that holds it', () => {
    const samples = Array.from({ length: 200 }, (_, i) => 50 + (i % 20));
    const r = extrapolateSum(samples, 100_000);
    expect(r.expected).toBe(Math.round((samples.reduce((a, b) => a + b, 0) / 200) * 100_000));
    expect(r.low).toBeLessThan(r.expected);
    expect(r.high).toBeGreaterThan(r.expected);
    // Two standard errors of a mean of 200 samples with sd ~5.8: well under 5% either side.
    expect((r.high - r.expected) / r.expected).toBeLessThan(0.05);
  });

  it('narrows as the sample covers more of the population, and has no spread for identical items', () => {
    const samples = Array.from({ length: 100 }, (_, i) => (i % 2 ? 10 : 30));
    const wide = extrapolateSum(samples, 1_000_000);
    const narrow = extrapolateSum(samples, 120);
    expect((narrow.high - narrow.low) / narrow.expected).toBeLessThan((wide.high - wide.low) / wide.expected);
    expect(extrapolateSum([7, 7, 7], 1000)).toEqual({ expected: 7000, low: 7000, high: 7000 });
  });

  it('is zero with nothing sampled', () => {
    expect(extrapolateSum([], 1000)).toEqual({ expected: 0, low: 0, high: 0 });
  });
});

describe('output tokens per task call', () => {
  it('prefers a measurement, then max tokens, then the quota cap, else no upper bound', () => {
    expect(taskOutputPerCall({ measured: [12, 4, 9], maxTokens: 100, quotaMaxTokens: 16_384 })).toEqual({ source: 'measured', perCall: { low: 4, high: 12 } });
    expect(taskOutputPerCall({ measured: null, maxTokens: 100, quotaMaxTokens: 16_384 })).toEqual({ source: 'max_tokens', perCall: { low: 0, high: 100 } });
    expect(taskOutputPerCall({ measured: [], quotaMaxTokens: 16_384 })).toEqual({ source: 'quota', perCall: { low: 0, high: 16_384 } });
    expect(taskOutputPerCall({ measured: null, quotaMaxTokens: null })).toEqual({ source: 'unknown', perCall: { low: 0, high: null } });
  });
});

describe('ranges and cost', () => {
  it('adds ranges; an unbounded part makes the sum unbounded', () => {
    expect(addRanges({ low: 1, high: 2 }, { low: 3, high: 4 })).toEqual({ low: 4, high: 6 });
    expect(addRanges({ low: 1, high: 2 }, { low: 3, high: null })).toEqual({ low: 4, high: null });
  });

  it('prices input and output per million tokens', () => {
    const cost = costRange({ input: { low: 1_000_000, high: 2_000_000 }, output: { low: 0, high: 500_000 } }, price(2.5, 10));
    expect(cost).toEqual({ low: 2.5, high: 5 + 5 });
    expect(costRange({ input: { low: 1, high: 1 }, output: { low: 0, high: null } }, price(1, 1)).high).toBeNull();
  });
});

describe('the whole estimate', () => {
  const task = { model: 'gpt-4o', price: price(2.5, 10), promptTokens: [100, 100] };
  const judge = { model: 'gpt-4o-mini', price: price(0.15, 0.6), promptTokens: [300, 300] };

  it('counts task and judge calls and tokens, the judge quoting each task output', () => {
    const output = taskOutputPerCall({ measured: null, maxTokens: 50, quotaMaxTokens: null });
    const groups = callGroups({ eligibleItems: 2, repetitions: 3, task, judges: [judge], outputPerCall: output.perCall });
    const e = summarise({ totalItems: 2, eligibleItems: 2, sampledItems: 2, repetitions: 3, groups, output, measured: null });
    expect(e.calls).toEqual({ task: 6, judge: 6, total: 12 });
    // Task: 2 items x 100 x 3 reps; judge: 2 x 300 x 3, plus 0..50 of quoted output per call.
    expect(e.inputTokens).toEqual({ expected: 600 + 1800 + 6 * 25, low: 600 + 1800, high: 600 + 1800 + 6 * 50 });
    expect(e.outputTokens.low).toBe(6 * JUDGE_OUTPUT_PER_CALL.low);
    expect(e.outputTokens.high).toBe(6 * 50 + 6 * JUDGE_OUTPUT_PER_CALL.high!);
    const low = (600 * 2.5 + 0) / 1e6 + (1800 * 0.15 + 6 * JUDGE_OUTPUT_PER_CALL.low * 0.6) / 1e6;
    expect(e.cost!.low).toBeCloseTo(low, 12);
    expect(e.missingPrices).toEqual([]);
    expect(e.pricesAsOf).toBe('2026-01-01');
  });

  it('says which models have no price and gives no cost (never a silent 0)', () => {
    const output = taskOutputPerCall({ measured: [10], quotaMaxTokens: null });
    const groups = callGroups({ eligibleItems: 2, repetitions: 1, task, judges: [{ ...judge, price: null }], outputPerCall: output.perCall });
    const e = summarise({ totalItems: 2, eligibleItems: 2, sampledItems: 2, repetitions: 1, groups, output, measured: { calls: 1, failed: 0, error: null } });
    expect(e.cost).toBeNull();
    expect(e.missingPrices).toEqual(['gpt-4o-mini']);
    expect(e.inputTokens.expected).toBe(200 + 600 + 2 * 10);
  });
});
