import { describe, expect, it } from 'vitest';
import { meanBelow, verdict } from '../../cli/gate';
import { summaryText } from '../../cli/format';
import type { Report, VariantRow } from '../../cli/report';

// What the CLI decides from an experiment's figures, and how it prints them.

const report = (over: Partial<Report> = {}): Report => ({
  id: 'e1', name: 'nightly', url: 'http://app/experiments/e1', status: 'COMPLETED', lastError: null,
  runs: { total: 10, succeeded: 9, failed: 1, skipped: 0, cached: 0 },
  evaluations: { completed: 18, failed: 0, delayed: 0 },
  evaluators: [{ evaluator: 'exact', mean: 0.8, n: 9 }, { evaluator: 'json', mean: null, n: 0 }],
  tokens: { prompt: 1200, completion: 80 }, costUsd: 0.0042, costNote: null, variants: [],
  ...over,
});
const gate = (thresholds: [string, number][], allowStopped = false) =>
  ({ thresholds: thresholds.map(([evaluator, min]) => ({ evaluator, min })), allowStopped });
const variant = (index: number, name: string, mean: number | null): VariantRow => ({
  index, name, model: 'sim-small', totalRuns: 10, runsSucceeded: 10, runsFailed: 0, costUsd: 0.001, costNote: null,
  evaluators: [{ evaluator: 'exact', mean, n: mean === null ? 0 : 10 }],
});

describe('verdict', () => {
  it('passes at or above each threshold, fails below it or with no scores', () => {
    expect(verdict(report(), gate([['exact', 0.8]]))).toMatchObject({ exitCode: 0, passed: true, reasons: [] });
    expect(verdict(report(), gate([['exact', 0.81], ['json', 0.1]]))).toEqual({
      exitCode: 1, passed: false,
      reasons: ['exact mean 0.8 is below 0.81', 'json has no scores (threshold 0.1)'],
      checks: [
        { evaluator: 'exact', variant: null, min: 0.81, mean: 0.8, n: 9, passed: false },
        { evaluator: 'json', variant: null, min: 0.1, mean: null, n: 0, passed: false },
      ],
    });
  });

  it('fails an experiment that ended ERROR, or STOPPED unless allowed; one still going is exit 3', () => {
    expect(verdict(report({ status: 'ERROR', lastError: 'Stopped after 5 consecutive task failures' }), gate([]))).toMatchObject({
      exitCode: 1, reasons: ['it ended ERROR: Stopped after 5 consecutive task failures'],
    });
    expect(verdict(report({ status: 'STOPPED', lastError: 'Budget cap of $1 reached' }), gate([]))).toMatchObject({
      exitCode: 1, reasons: ['it ended STOPPED (Budget cap of $1 reached); pass --allow-stopped to accept that'],
    });
    expect(verdict(report({ status: 'STOPPED' }), gate([['exact', 0.5]], true))).toMatchObject({ exitCode: 0 });
    expect(verdict(report({ status: 'STOPPED' }), gate([['exact', 0.9]], true))).toMatchObject({ exitCode: 1 });
    expect(verdict(report({ status: 'RUNNING' }), gate([['exact', 0.1]]))).toMatchObject({ exitCode: 3, reasons: ['it has not ended (RUNNING)'] });
    expect(verdict(report({ status: 'STOPPED' }), gate([]), 'it was still RUNNING after 60 s (--timeout); asked it to stop'))
      .toMatchObject({ exitCode: 3, reasons: ['it was still RUNNING after 60 s (--timeout); asked it to stop'] });
  });

  it('checks every variant when there are several, not the mean over them', () => {
    const two = report({ variants: [variant(0, 'gpt-a', 0.9), variant(1, 'gpt-b', 0.5)] });
    expect(verdict(two, gate([['exact', 0.7]]))).toMatchObject({
      exitCode: 1, reasons: ['exact (gpt-b) mean 0.5 is below 0.7'],
      checks: [{ variant: 'gpt-a', passed: true }, { variant: 'gpt-b', passed: false }],
    });
    // One variant is the experiment itself.
    expect(verdict(report({ variants: [variant(0, 'sim-small', 0.1)] }), gate([['exact', 0.7]]))).toMatchObject({ exitCode: 0 });
  });

  it('never prints a mean just below its threshold as equal to it', () => {
    expect(meanBelow(0.79999, 0.8)).toBe('0.79999');
    expect(meanBelow(0.7999999999, 0.8)).toBe('0.7999999999');
    expect(meanBelow(0.5, 0.8)).toBe('0.5');
  });
});

describe('summaryText', () => {
  it('shows status, counts, cost, means with n, and the verdict', () => {
    const r = report();
    expect(summaryText(r, verdict(r, gate([['exact', 0.9]])))).toBe([
      'Experiment "nightly" COMPLETED',
      '  http://app/experiments/e1',
      '  runs: 10 total, 9 succeeded, 1 failed',
      '  cost: $0.0042; tokens: 1,200 prompt, 80 completion',
      '',
      '  evaluator  mean   n',
      '  exact      0.800  9',
      '  json       -      0',
      '',
      '  FAIL exact: mean 0.800 (n 9), minimum 0.9',
      '',
      'FAILED: exact mean 0.8 is below 0.9',
      '',
    ].join('\n'));
  });

  it('adds a row per variant when there are several', () => {
    const r = report({ evaluators: [{ evaluator: 'exact', mean: 0.7, n: 20 }], variants: [variant(0, 'gpt-a', 0.9), variant(1, 'gpt-b', null)] });
    const text = summaryText(r, verdict(r, gate([])));
    expect(text).toContain([
      '  #  variant  model      runs   failed  cost    exact',
      '  0  gpt-a    sim-small  10/10  0       $0.001  0.900 (n 10)',
      '  1  gpt-b    sim-small  10/10  0       $0.001  - (n 0)',
    ].join('\n'));
    expect(text.endsWith('\nPASSED\n')).toBe(true);
  });

  it('says when the cost is unknown', () => {
    const r = report({ costUsd: null, costNote: 'no price set' });
    expect(summaryText(r, verdict(r, gate([])))).toContain('  cost: unknown (no price set); tokens');
  });
});
