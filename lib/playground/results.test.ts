import { describe, expect, it } from 'vitest';
import type { RunEvaluation } from '../experiments/run-view';
import type { PlaygroundRun } from './runs';
import { medianLatency, sortRuns, summariseByVariant, summariseScores } from './results';

let n = 0;
function run(p: Partial<PlaygroundRun> = {}): PlaygroundRun {
  n++;
  return {
    id: `r${n}`, experimentId: 'e', itemId: `i${n}`, itemSeq: n, repetition: 1, variant: 0, status: 'SUCCEEDED', input: {}, expected: null, output: 'x', error: null,
    attempts: 1, latencyMs: 100, promptTokens: null, completionTokens: null, cached: false, evaluations: [], cursor: '', ...p,
  };
}
const ev = (name: string, score: number | null, status: RunEvaluation['status'] = 'COMPLETED'): RunEvaluation =>
  ({ name, status, score, label: null, explanation: null, error: null, nextRetryAt: null });

describe('aggregates', () => {
  it('sorts by item, then repetition, then variant', () => {
    const rows = [run({ itemSeq: 2, repetition: 1 }), run({ itemSeq: 1, repetition: 2 }), run({ itemSeq: 1, repetition: 1, variant: 1 }), run({ itemSeq: 1, repetition: 1 })];
    expect(sortRuns(rows).map((r) => [r.itemSeq, r.repetition, r.variant])).toEqual([[1, 1, 0], [1, 1, 1], [1, 2, 0], [2, 1, 0]]);
  });

  it('averages completed scores per evaluator; failed runs do not count', () => {
    const rows = [
      run({ evaluations: [ev('em', 1), ev('j', 0.5)] }),
      run({ evaluations: [ev('em', 0), ev('j', null, 'ERROR')] }),
      run({ evaluations: [] }),
      run({ status: 'FAILED', evaluations: [] }),
    ];
    expect(summariseScores(rows, ['em', 'j'])).toEqual([
      { name: 'em', average: 0.5, scored: 2, failed: 0, pending: 1 },
      { name: 'j', average: 0.5, scored: 1, failed: 1, pending: 1 },
    ]);
    expect(summariseScores([], ['em'])[0].average).toBeNull();
  });

  it('takes the median latency of succeeded runs', () => {
    expect(medianLatency([])).toBeNull();
    expect(medianLatency([run({ latencyMs: 300 }), run({ latencyMs: 100 }), run({ latencyMs: 200 }), run({ status: 'FAILED', latencyMs: 9000 })])).toBe(200);
    expect(medianLatency([run({ latencyMs: 100 }), run({ latencyMs: 201 })])).toBe(151);
  });

  it('aggregates per variant, listing a variant with no runs yet', () => {
    const rows = [
      run({ variant: 0, latencyMs: 100, evaluations: [ev('em', 1)] }), run({ variant: 0, latencyMs: 300, evaluations: [ev('em', 0)] }),
      run({ variant: 1, status: 'FAILED' }), run({ variant: 1, latencyMs: 50, evaluations: [ev('em', 1)] }),
    ];
    const by = summariseByVariant(rows, ['em'], 3);
    expect(by.map((v) => [v.variant, v.succeeded, v.failed, v.scores[0].average, v.medianLatencyMs])).toEqual([
      [0, 2, 0, 0.5, 200], [1, 1, 1, 1, 50], [2, 0, 0, null, null],
    ]);
  });
});
