import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRunnerSuite, stopRunnerSuite, type RunnerSuite } from '../helpers/suite';
import { arithmeticDataset, createTestExperiment, experimentRow } from '../helpers/fixtures';
import { waitFor } from '../helpers/processes';
import { expectExactlyOneSucceededRunPerPair, resumeWhenAllowed } from '../helpers/faults';
import { stopExperiment } from '../../lib/experiments/lifecycle';

let suite: RunnerSuite;

beforeAll(async () => {
  suite = await startRunnerSuite({ simulator: { latencyMs: 8000, jitterMs: 0 }, workerEnv: { RUNNER_MAX_CONCURRENCY: '10' } });
});
afterAll(() => stopRunnerSuite(suite));

describe('pay once', () => {
  it('stop, then resume as soon as the cooldown allows: calls still in flight are not sent again', async () => {
    const { t, sim, boss, provider } = suite;
    // The calls outlive the 5 s cooldown (8 s each), so the resume lands while they are in flight.
    const ds = await arithmeticDataset(t.db, 40);
    const { id } = await createTestExperiment(t.db, boss, ds.id, provider.id);
    await waitFor(async () => sim.stats().inFlight >= 10 && true, { what: '10 calls in flight' });
    await stopExperiment(t.db, id);
    const inFlightAtStop = sim.stats().inFlight;
    await resumeWhenAllowed(t.db, boss, id);
    expect(sim.stats().inFlight).toBeGreaterThan(0); // the overlap this test is about
    sim.setKnobs({ latencyMs: 50 });

    const done = await waitFor(async () => {
      const row = await experimentRow(t.db, id);
      return row.status === 'COMPLETED' && row;
    }, { timeoutMs: 60_000, what: 'COMPLETED' });
    expect(done.runsSucceeded).toBe(40);
    await expectExactlyOneSucceededRunPerPair(t.db, id, 40);
    const stats = sim.stats();
    expect(stats.duplicateSuccesses).toBe(0);
    // Every answer was paid for once: the 10 in flight at the stop, then the other 30.
    expect(stats.byStatus['200']).toBe(40);
    expect(inFlightAtStop).toBe(10);
  });

  it('Stop now aborts the calls in flight at once; resume runs exactly those items again', async () => {
    const { t, sim, boss, provider } = suite;
    sim.resetStats();
    sim.setKnobs({ latencyMs: 30_000 }); // calls that would otherwise hold the stop for 30 s
    const ds = await arithmeticDataset(t.db, 20);
    const { id } = await createTestExperiment(t.db, boss, ds.id, provider.id);
    await waitFor(async () => sim.stats().inFlight >= 10 && true, { what: '10 calls in flight' });
    await stopExperiment(t.db, id, { now: true });
    // The owner notices within its claim check and aborts: the simulator sees the clients go away.
    await waitFor(async () => sim.stats().inFlight === 0 && (sim.stats().byStatus['499'] ?? 0) === 10, { what: 'calls aborted' });
    const stopped = await experimentRow(t.db, id);
    expect(stopped).toMatchObject({ status: 'STOPPED', runsSucceeded: 0, runsFailed: 0, claimedBy: null });

    sim.setKnobs({ latencyMs: 20 });
    await resumeWhenAllowed(t.db, boss, id);
    const done = await waitFor(async () => {
      const row = await experimentRow(t.db, id);
      return row.status === 'COMPLETED' && row;
    }, { timeoutMs: 60_000, what: 'COMPLETED' });
    expect(done.runsSucceeded).toBe(20);
    await expectExactlyOneSucceededRunPerPair(t.db, id, 20);
    expect(sim.stats().byStatus['200']).toBe(20);
  });
});
