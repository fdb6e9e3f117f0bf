import type { ApiClient } from './api-client';
import type { FollowOptions } from './args';
import { hasEnded, type ExperimentSummary } from './api-types';
import { ApiError } from './exit-codes';
import { progressLine } from './format';

/** GET /api/experiments/{id} is a counter read, cheap enough for once a second. */
export const POLL_MS = 1000;
/** Consecutive no-answers (or 502/503/504) tolerated while following: a web restart is not a failed run. */
export const MAX_TRANSIENT_FAILURES = 5;

export interface Clock { now(): number; sleep(ms: number): Promise<void> }
export const realClock: Clock = { now: () => Date.now(), sleep: (ms) => new Promise((r) => setTimeout(r, ms)) };

export interface Followed { summary: ExperimentSummary; timedOut: boolean }

/**
 * Polls the experiment until it ends (COMPLETED, STOPPED or ERROR) or the timeout runs out,
 * reporting a progress line when its status changes and every `progressEveryMs` in between.
 */
export async function followExperiment(api: ApiClient, id: string, opts: FollowOptions, progress: (line: string) => void, clock: Clock = realClock): Promise<Followed> {
  const start = clock.now();
  let last: ExperimentSummary | null = null;
  let printedAt = -Infinity;
  let failures = 0;
  for (;;) {
    let summary: ExperimentSummary;
    try {
      summary = await api.get<ExperimentSummary>(`/api/experiments/${encodeURIComponent(id)}`);
      failures = 0;
    } catch (err) {
      if (!(err instanceof ApiError && err.transient) || ++failures >= MAX_TRANSIENT_FAILURES) throw err;
      if (last && opts.timeoutMs !== null && clock.now() - start >= opts.timeoutMs) return { summary: last, timedOut: true };
      progress(`${err.message}; asking again (${failures}/${MAX_TRANSIENT_FAILURES - 1})`);
      await clock.sleep(POLL_MS * 2 ** (failures - 1));
      continue;
    }
    if (hasEnded(summary.status)) return { summary, timedOut: false };

    const elapsed = clock.now() - start;
    if (summary.status !== last?.status || clock.now() - printedAt >= opts.progressEveryMs) {
      progress(progressLine(summary, elapsed));
      printedAt = clock.now();
    }
    last = summary;
    if (opts.timeoutMs !== null && elapsed >= opts.timeoutMs) return { summary, timedOut: true };
    await clock.sleep(opts.timeoutMs === null ? POLL_MS : Math.max(0, Math.min(POLL_MS, opts.timeoutMs - elapsed)));
  }
}
