import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startRunnerSuite, stopRunnerSuite, type RunnerSuite } from '../helpers/suite';
import { arithmeticDataset, createTestExperiment, experimentRow, fastWorkerEnv } from '../helpers/fixtures';
import { killAll, startWorker, waitFor, waitForOutput } from '../helpers/processes';
import { experiments, workers } from '../../lib/db/schema';
import { stopExperiment } from '../../lib/experiments/lifecycle';

let suite: RunnerSuite;

beforeAll(async () => {
  suite = await startRunnerSuite({ simulator: { latencyMs: 100, jitterMs: 20 }, worker: false });
});
afterEach(() => killAll());
afterAll(() => stopRunnerSuite(suite));

describe('work spreads to the least-loaded worker', () => {
  it('three workers, nine experiments created back to back: none holds more than its share plus one', async () => {
    const { t, boss, provider } = suite;
    const env = fastWorkerEnv(t.url, { RUNNER_MAX_CONCURRENCY: '10' });
    const ws = [startWorker(env), startWorker(env), startWorker(env)];
    await Promise.all(ws.map((w) => waitForOutput(w, 'ready')));
    await waitFor(async () => (await t.db.select().from(workers)).length === 3, { what: 'three workers registered' });
    const n = 9;
    // Long enough that none finishes before all are claimed.
    const datasets = await Promise.all(Array.from({ length: n }, () => arithmeticDataset(t.db, 300)));
    const ids: string[] = [];
    for (const ds of datasets) ids.push((await createTestExperiment(t.db, boss, ds.id, provider.id)).id);
    const rows = await waitFor(async () => {
      const r = await t.db.select().from(experiments).where(sql`${experiments.id} in ${ids}`);
      return r.every((e) => e.status === 'RUNNING' && e.claimedBy) && r;
    }, { what: 'all nine claimed' });
    const held = new Map<string, number>();
    for (const r of rows) held.set(r.claimedBy!, (held.get(r.claimedBy!) ?? 0) + 1);
    console.log(`spread of ${n} experiments over 3 workers: ${[...held.values()].join(' ')}`);
    expect(Math.max(...held.values())).toBeLessThanOrEqual(Math.ceil(n / 3) + 1);
    for (const id of ids) await stopExperiment(t.db, id);
  });
});

describe('a stop is heard at once (LISTEN/NOTIFY)', () => {
  it('after stopExperiment returns, the simulator receives no new request for the experiment', async () => {
    const { t, boss, provider, sim } = suite;
    sim.resetStats();
    // The periodic claim check effectively never runs: only the notice can stop the owner.
    const w = startWorker(fastWorkerEnv(t.url, { RUNNER_MAX_CONCURRENCY: '10', RUNNER_CLAIM_CHECK_MS: '600000' }));
    await waitForOutput(w, 'ready');
    const ds = await arithmeticDataset(t.db, 2000);
    const { id } = await createTestExperiment(t.db, boss, ds.id, provider.id);
    await waitFor(async () => (await experimentRow(t.db, id)).runsSucceeded >= 30, { what: '30 runs' });

    await stopExperiment(t.db, id);
    const returnedAt = Date.now();
    // The owner hands its lease back once its calls in flight are recorded.
    const done = await waitFor(async () => {
      const r = await experimentRow(t.db, id);
      return r.claimedBy === null && r;
    }, { what: 'the owner to drain and hand back its lease' });
    expect(done.status).toBe('STOPPED');
    const log = sim.stats().requestLog.filter((e) => e.experimentTag === id);
    expect(log.filter((e) => e.at > returnedAt)).toEqual([]);
    // Whatever was in flight at the stop was recorded, not dropped.
    expect(done.runsSucceeded).toBe(log.filter((e) => e.status === 200).length);
    expect(done.runsSucceeded).toBeLessThan(2000);
  });
});
