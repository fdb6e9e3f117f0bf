import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import type { PgBoss } from 'pg-boss';
import type { TestDb } from '../helpers/db';
import { startRunnerSuite, stopRunnerSuite, type RunnerSuite } from '../helpers/suite';
import type { Simulator } from '../../lib/simulator/server';
import { arithmeticDataset, createTestExperiment, experimentRow, runsOf } from '../helpers/fixtures';
import { waitFor } from '../helpers/processes';
import { datasetItems, experiments } from '../../lib/db/schema';
import { touchEphemeral } from '../../lib/experiments/lifecycle';
import { listDatasetExperiments } from '../../lib/experiments/queries';

let t: TestDb;
let sim: Simulator;
let boss: PgBoss;
let provider: { id: string };
let suite: RunnerSuite;

beforeAll(async () => {
  suite = await startRunnerSuite({ simulator: { latencyMs: 100 }, workerEnv: {
    // Margins wide enough for a loaded machine: a beat may come a second late, and the stopped row
    // stays 10 s before the cleanup deletes it, however long a poll below is held up.
    RUNNER_CALL_TIMEOUT_MS: '400', EPHEMERAL_HEARTBEAT_TIMEOUT_MS: '3000', EPHEMERAL_RETENTION_MS: '10000',
  } });
  ({ t, sim, boss, provider } = suite);
});
afterAll(() => stopRunnerSuite(suite));

describe('ephemeral runs (Record off)', () => {
  it('are hidden from the table, run while the page beats, stop when it goes away, and are cleaned up', async () => {
    const ds = await arithmeticDataset(t.db, 400);
    const { id } = await createTestExperiment(t.db, boss, ds.id, provider.id, { record: false, config: { maxConcurrency: 2 } });
    expect(await listDatasetExperiments(t.db, ds.id)).toEqual([]);
    // The page beats for 4 s: the run keeps going past the 3 s timeout.
    for (let i = 0; i < 8; i++) {
      await touchEphemeral(t.db, id);
      await new Promise((r) => setTimeout(r, 500));
    }
    expect((await experimentRow(t.db, id)).status).toBe('RUNNING');
    // The page goes away: stopped within the timeout plus a check.
    const stopped = await waitFor(async () => {
      const row = await experimentRow(t.db, id);
      return row.status === 'STOPPED' && row;
    }, { timeoutMs: 15_000, what: 'ephemeral stopped' });
    expect(stopped.runsSucceeded).toBeGreaterThan(0);
    expect(stopped.runsSucceeded).toBeLessThan(400);
    // Deleted by the scheduled cleanup after the retention period.
    await waitFor(async () => (await t.db.select().from(experiments).where(eq(experiments.id, id))).length === 0,
      { timeoutMs: 30_000, what: 'ephemeral deleted' });
    expect(await runsOf(t.db, id)).toHaveLength(0);
  });
});

describe('per-call timeout and per-experiment concurrency', () => {
  it('a hanging call is aborted at the timeout, retried 3 times, then fails with the reason', async () => {
    const ds = await arithmeticDataset(t.db, 3);
    await t.db.insert(datasetItems).values({ datasetId: ds.id, input: { question: 'What is 1 + 1? [[sim:hang]]' } });
    const { id } = await createTestExperiment(t.db, boss, ds.id, provider.id);
    const row = await waitFor(async () => {
      const r = await experimentRow(t.db, id);
      return r.status === 'COMPLETED' && r;
    }, { timeoutMs: 30_000, what: 'COMPLETED' });
    expect([row.runsSucceeded, row.runsFailed]).toEqual([3, 1]);
    const failed = (await runsOf(t.db, id)).find((r) => r.status === 'FAILED')!;
    expect(failed.attempts).toBe(4);
    expect(failed.error).toMatch(/timed out/i);
    expect(sim.stats().inFlight).toBe(0); // the aborted requests were closed, not left hanging
  });

  it('an experiment with a concurrency cap never has more calls in flight than the cap', async () => {
    const ds = await arithmeticDataset(t.db, 40);
    sim.resetStats();
    const { id } = await createTestExperiment(t.db, boss, ds.id, provider.id, { config: { maxConcurrency: 3 } });
    await waitFor(async () => (await experimentRow(t.db, id)).status === 'COMPLETED', { timeoutMs: 30_000, what: 'COMPLETED' });
    expect(sim.stats().maxInFlight).toBe(3);
    const [{ n }] = await t.db.execute<{ n: number }>(sql`select count(*)::int as n from experiment_runs where experiment_id = ${id}`);
    expect(n).toBe(40);
  });
});
