import { describe, expect, it } from 'vitest';
import { followExperiment, MAX_TRANSIENT_FAILURES, POLL_MS, type Clock } from '../../cli/follow';
import type { ApiClient } from '../../cli/api-client';
import type { ExperimentSummary } from '../../cli/api-types';
import { ApiError } from '../../cli/exit-codes';

// Following an experiment on a fake clock: the API answers are scripted, time moves only by sleeps.

function fakeClock(): Clock & { slept: number[] } {
  let t = 0;
  const slept: number[] = [];
  return { slept, now: () => t, sleep: async (ms) => { slept.push(ms); t += ms; } };
}

const summary = (status: ExperimentSummary['status'], done = 0, failed = 0): ExperimentSummary => ({
  id: 'e1', datasetId: 'd1', name: 'n', status, model: 'm', totalRuns: 10, runsSucceeded: done - failed, runsFailed: failed,
  itemsSkipped: 0, runsCached: 0, evalsCompleted: 0, evalsFailed: 0, evalsDelayed: 0, evaluatorNames: [], lastError: null,
  waitingForWorker: false, promptTokens: 0, completionTokens: 0, costUsd: 0.5, costNote: null,
});

/** Answers GET /api/experiments/{id} from the script, one entry a poll (an Error entry is thrown). */
function scripted(answers: (ExperimentSummary | Error)[]): ApiClient & { polls: number } {
  const api = {
    polls: 0,
    get: async <T>() => {
      const next = answers[Math.min(api.polls++, answers.length - 1)];
      if (next instanceof Error) throw next;
      return next as T;
    },
    post: async <T>(): Promise<T> => { throw new Error('not used'); },
  };
  return api;
}

const follow = { timeoutMs: null, progressEveryMs: 3000, stopOnTimeout: false };

describe('followExperiment', () => {
  it('polls until it ends, printing on a status change and every progressEveryMs', async () => {
    const clock = fakeClock();
    const lines: string[] = [];
    const api = scripted([summary('QUEUED'), ...Array.from({ length: 7 }, (_, i) => summary('RUNNING', i + 1, i > 4 ? 1 : 0)), summary('COMPLETED', 10, 1)]);
    const res = await followExperiment(api, 'e1', follow, (l) => lines.push(l), clock);
    expect(res).toEqual({ summary: summary('COMPLETED', 10, 1), timedOut: false });
    expect(api.polls).toBe(9);
    expect(clock.slept).toEqual(Array(8).fill(POLL_MS));
    expect(lines).toEqual([
      '[0 s] QUEUED: 0/10 runs done, 0 failed, cost $0.50',
      '[1 s] RUNNING: 1/10 runs done, 0 failed, cost $0.50',
      '[4 s] RUNNING: 4/10 runs done, 0 failed, cost $0.50',
      '[7 s] RUNNING: 7/10 runs done, 1 failed, cost $0.50',
    ]);
  });

  it('stops waiting at the timeout with the last answer', async () => {
    const clock = fakeClock();
    const res = await followExperiment(scripted([summary('RUNNING', 2)]), 'e1', { ...follow, timeoutMs: 2500 }, () => {}, clock);
    expect(res).toEqual({ summary: summary('RUNNING', 2), timedOut: true });
    expect(clock.slept).toEqual([1000, 1000, 500]);
  });

  it('asks again after a brief outage, with growing waits, and gives up after a few', async () => {
    const down = new ApiError('Cannot reach http://app (GET /api/experiments/e1): ECONNREFUSED', null);
    const lines: string[] = [];
    const clock = fakeClock();
    const res = await followExperiment(scripted([down, new ApiError('bad gateway', 502), summary('COMPLETED', 10)]), 'e1', follow, (l) => lines.push(l), clock);
    expect(res.summary.status).toBe('COMPLETED');
    expect(clock.slept).toEqual([1000, 2000]);
    expect(lines[0]).toBe(`${down.message}; asking again (1/${MAX_TRANSIENT_FAILURES - 1})`);

    await expect(followExperiment(scripted([down]), 'e1', follow, () => {}, fakeClock())).rejects.toBe(down);
    // A refusal is not an outage: no second try.
    const refused = new ApiError('API key refused', 401);
    const api = scripted([refused, summary('COMPLETED')]);
    await expect(followExperiment(api, 'e1', follow, () => {}, fakeClock())).rejects.toBe(refused);
    expect(api.polls).toBe(1);
  });
});
