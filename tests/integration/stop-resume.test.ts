import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import type { PgBoss } from 'pg-boss';
import type { TestDb } from '../helpers/db';
import { startRunnerSuite, stopRunnerSuite, type RunnerSuite } from '../helpers/suite';
import type { Simulator } from '../../lib/simulator/server';
import { arithmeticDataset, createTestExperiment, experimentRow, runsOf, testUser } from '../helpers/fixtures';
import { waitFor } from '../helpers/processes';
import { resumeExperiment, stopExperiment } from '../../lib/experiments/lifecycle';
import { resumeWhenAllowed } from '../helpers/faults';
import { experimentRuns, experiments } from '../../lib/db/schema';

let t: TestDb;
let sim: Simulator;
let boss: PgBoss;
let provider: { id: string };
let suite: RunnerSuite;

beforeAll(async () => {
  suite = await startRunnerSuite({ simulator: { latencyMs: 150, jitterMs: 50 }, workerEnv: { RUNNER_CLAIM_CHECK_MS: '500' } });
  ({ t, sim, boss, provider } = suite);
});
afterAll(() => stopRunnerSuite(suite));

describe('stop and resume', () => {
  it('a stop reaches the owner, which records its in-flight calls, hands back the lease and sends nothing more; resume runs only the rest', async () => {
    const ds = await arithmeticDataset(t.db, 300);
    const { id } = await createTestExperiment(t.db, boss, ds.id, provider.id);
    await waitFor(async () => (await experimentRow(t.db, id)).runsSucceeded >= 30, { what: '30 runs' });

    await stopExperiment(t.db, id);
    expect((await experimentRow(t.db, id)).status).toBe('STOPPED');
    // A second toggle inside the cooldown is refused with a clear message.
    await expect(resumeExperiment(t.db, boss, id, testUser())).rejects.toThrow(/once every 5 seconds/);

    // The owner saw the stop, finished its in-flight calls and handed the lease back.
    const stopped = await waitFor(async () => {
      const row = await experimentRow(t.db, id);
      return row.claimedBy === null && row;
    }, { what: 'the owner to hand back the lease' });
    expect(stopped.status).toBe('STOPPED');
    expect(stopped.runsSucceeded).toBeLessThan(300);
    const sent = () => sim.stats().requestLog.filter((e) => e.experimentTag === id);
    expect(sent().filter((e) => e.status === null)).toEqual([]);
    // Everything the simulator answered before the stop was recorded (in-flight calls finished).
    expect(stopped.runsSucceeded).toBe(sent().filter((e) => e.status === 200).length);
    const sentAtRelease = sent().length;

    await resumeWhenAllowed(t.db, boss, id);
    // Nothing was sent for it between the hand-back and the resume (the cooldown's 5 s).
    expect(sent().length).toBe(sentAtRelease);
    const done = await waitFor(async () => {
      const row = await experimentRow(t.db, id);
      return row.status === 'COMPLETED' && row;
    }, { timeoutMs: 60_000, what: 'COMPLETED' });
    expect(done.runsSucceeded).toBe(300);
    const runs = await runsOf(t.db, id);
    expect(runs).toHaveLength(300);
    expect(runs.every((r) => r.attempts === 1)).toBe(true);
    expect(sim.stats().duplicateSuccesses).toBe(0);
  });

  it('resume retries failed runs and never re-runs succeeded ones', async () => {
    const ds = await arithmeticDataset(t.db, 20);
    sim.setKnobs({ latencyMs: 1, jitterMs: 0 });
    const { id } = await createTestExperiment(t.db, boss, ds.id, provider.id);
    await waitFor(async () => (await experimentRow(t.db, id)).status === 'COMPLETED', { what: 'COMPLETED' });
    // Simulate failures from an earlier outage on 5 runs.
    const failed = await t.db.update(experimentRuns).set({ status: 'FAILED', error: 'HTTP 503: outage' })
      .where(and(eq(experimentRuns.experimentId, id), sql`${experimentRuns.id} in (select id from experiment_runs where experiment_id = ${id} order by id limit 5)`))
      .returning({ id: experimentRuns.id });
    await t.db.update(experiments).set({ runsSucceeded: 15, runsFailed: 5 }).where(eq(experiments.id, id));
    const before = sim.stats().requests;
    await resumeExperiment(t.db, boss, id, testUser());
    const done = await waitFor(async () => {
      const row = await experimentRow(t.db, id);
      return row.status === 'COMPLETED' && row.runsFailed === 0 && row;
    }, { what: 'COMPLETED again' });
    expect(done.runsSucceeded).toBe(20);
    expect(sim.stats().requests - before).toBe(5);
    const runs = await runsOf(t.db, id);
    expect(runs.filter((r) => failed.some((f) => f.id === r.id)).every((r) => r.status === 'SUCCEEDED')).toBe(true);
  });
});
