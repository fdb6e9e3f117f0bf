import { describe, expect, it } from 'vitest';
import type { Estimate } from './estimate-schema';
import { combineEstimates } from './combine-estimates';

function estimate(p: Partial<Estimate> = {}): Estimate {
  return {
    totalItems: 10, eligibleItems: 10, sampledItems: 10,
    calls: { task: 10, judge: 10, total: 20 },
    inputTokens: { low: 100, high: 120, expected: 110 },
    outputTokens: { low: 0, high: 500, source: 'max_tokens', perCall: { low: 0, high: 50 } },
    cost: { low: 0.01, high: 0.02 }, missingPrices: [], pricesAsOf: '2026-02-01', measured: null,
    ...p,
  };
}

describe('the estimate of several variants', () => {
  it('adds up calls, tokens and cost; items are the dataset\'s, not added', () => {
    const e = combineEstimates([
      estimate(),
      estimate({ eligibleItems: 8, sampledItems: 8, calls: { task: 8, judge: 8, total: 16 }, pricesAsOf: '2026-01-15',
        outputTokens: { low: 0, high: 800, source: 'max_tokens', perCall: { low: 0, high: 100 } } }),
    ]);
    expect(e).toMatchObject({
      totalItems: 10, eligibleItems: 10, sampledItems: 8, variants: 2,
      calls: { task: 18, judge: 18, total: 36 },
      inputTokens: { low: 200, high: 240, expected: 220 },
      outputTokens: { low: 0, high: 1300, source: 'max_tokens', perCall: { low: 0, high: 100 } },
      pricesAsOf: '2026-01-15',
    });
    expect(e.cost!.low).toBeCloseTo(0.02);
    expect(e.cost!.high).toBeCloseTo(0.04);
  });

  it('has no cost when a variant\'s model has no price, and names every such model once', () => {
    const e = combineEstimates([estimate(), estimate({ cost: null, missingPrices: ['gpt-x'] }), estimate({ cost: null, missingPrices: ['gpt-x'] })]);
    expect(e.cost).toBeNull();
    expect(e.missingPrices).toEqual(['gpt-x']);
  });

  it('is unbounded when one variant\'s output is, and takes the loosest source', () => {
    const e = combineEstimates([estimate(), estimate({ outputTokens: { low: 0, high: null, source: 'unknown', perCall: { low: 0, high: null } }, cost: { low: 0.01, high: null } })]);
    expect(e.outputTokens).toMatchObject({ high: null, source: 'unknown', perCall: { low: 0, high: null } });
    expect(e.cost).toEqual({ low: 0.02, high: null });
  });

  it('adds measurements up and keeps the first error', () => {
    const e = combineEstimates([
      estimate({ measured: { calls: 5, failed: 0, error: null }, outputTokens: { low: 20, high: 40, source: 'measured', perCall: { low: 2, high: 4 } } }),
      estimate({ measured: { calls: 5, failed: 2, error: 'HTTP 429' } }),
    ]);
    expect(e.measured).toEqual({ calls: 10, failed: 2, error: 'HTTP 429' });
    expect(e.outputTokens.source).toBe('max_tokens');
  });

  it('leaves a single estimate as it is', () => {
    const one = estimate();
    expect(combineEstimates([one])).toBe(one);
  });
});
