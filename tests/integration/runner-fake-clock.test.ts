import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, eq } from 'drizzle-orm';
import { startRunnerSuite, stopRunnerSuite, type RunnerSuite } from '../helpers/suite';
import { arithmeticDataset, createTestExperiment, experimentRow, runsOf } from '../helpers/fixtures';
import { waitFor } from '../helpers/processes';
import { datasetItems, experimentErrors } from '../../lib/db/schema';
import { runnerConfig } from '../../lib/config';
import { FakeClock } from '../../lib/runner/clock';
import { ExperimentRunner } from '../../lib/runner/experiment-runner';

/**
 * The runner in this process, on a fake clock, against the test database and the simulator over
 * HTTP: timing decisions (when a retry is due) are driven by the test, not by waiting. Retry delays
 * are set far beyond the test's timeouts, so a retry that followed the real clock could not pass.
 */
let suite: RunnerSuite;
let runner: ExperimentRunner;
const clock = new FakeClock(Date.now());
const RETRY_BASE_MS = 30_000;

beforeAll(async () => {
  suite = await startRunnerSuite({ simulator: { latencyMs: 0 }, worker: false });
  runner = new ExperimentRunner(suite.t.db, { ...runnerConfig(), retryBaseMs: RETRY_BASE_MS, maxConcurrency: 4, claimCheckMs: 300, heartbeatMs: 1000 }, { clock });
  runner.start();
});
afterAll(async () => {
  await runner?.close();
  await stopRunnerSuite(suite);
});

async function startExperiment(items: number, failing: number) {
  const { t, provider } = suite;
  const ds = await arithmeticDataset(t.db, items);
  for (let i = 0; i < failing; i++) {
    await t.db.insert(datasetItems).values({ datasetId: ds.id, input: { question: `What is ${i} + 1? [[sim:status=503]]` } });
  }
  // Claimed straight by this runner; the job pg-boss holds for it has no worker here.
  const { id } = await createTestExperiment(t.db, suite.boss, ds.id, provider.id);
  expect(await runner.claimAndRun(id)).toBe(true);
  return id;
}

const completed = (id: string) => waitFor(async () => {
  const row = await experimentRow(suite.t.db, id);
  return row.status === 'COMPLETED' && row;
}, { timeoutMs: 20_000, what: `experiment ${id} COMPLETED` });

/** Runs a one-item experiment to the end: the runner's loop has been round since the clock last moved. */
async function loopHasRun() {
  await completed(await startExperiment(1, 0));
}

describe('the runner in-process on a fake clock', () => {
  it('retries a transient failure exactly when its backoff is due on the clock, then fails the run with the reason', async () => {
    const { t, sim } = suite;
    // Its only item: the provider's bucket starts with one token, and the clock has not moved, so
    // the first call and its retry time are both exact.
    const id = await startExperiment(0, 1);
    const failures = () => sim.stats().requestLog.filter((e) => e.experimentTag === id && e.status === 503).length;
    // The runner logs each failure after fixing its retry time: once the line is there, moving
    // the clock cannot move the retry.
    const log = async () => (await t.db.select({ message: experimentErrors.message }).from(experimentErrors)
      .where(eq(experimentErrors.experimentId, id)).orderBy(asc(experimentErrors.id))).map((e) => /\(([^)]*)\)$/.exec(e.message)?.[1]);
    const logged = (n: number, what: string) => waitFor(async () => (await log()).length === n, { timeoutMs: 20_000, what });
    await logged(1, 'the first failure handled');

    // Backoff doubles from the base and is capped at 60 s.
    for (const [i, delay] of [30_000, 60_000, 60_000].entries()) {
      clock.advance(delay - 1);
      await loopHasRun();
      expect(failures()).toBe(i + 1); // not due yet: 1 ms early
      clock.advance(1);
      await logged(i + 2, `retry ${i + 1}`);
    }

    const row = await completed(id);
    expect([row.runsSucceeded, row.runsFailed]).toEqual([0, 1]);
    const failed = (await runsOf(t.db, id)).filter((r) => r.status === 'FAILED');
    expect(failed).toHaveLength(1);
    expect(failed[0].attempts).toBe(4);
    expect(failed[0].error).toMatch(/503/);
    expect(await log()).toEqual([
      'retrying in 30.0 s', 'retrying in 60.0 s', 'retrying in 60.0 s', 'giving up after 3 retries',
    ]);
    expect(failures()).toBe(4);
  });
});
