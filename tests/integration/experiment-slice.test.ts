import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { PgBoss } from 'pg-boss';
import type { TestDb } from '../helpers/db';
import type { Simulator } from '../../lib/simulator/server';
import { arithmeticDataset, createTestExperiment, experimentRow, fastWorkerEnv, runsOf, simulatorProvider } from '../helpers/fixtures';
import { startWorker, waitFor, waitForOutput } from '../helpers/processes';
import { startRunnerSuite, stopRunnerSuite, type RunnerSuite } from '../helpers/suite';

let s: RunnerSuite;
let t: TestDb;
let sim: Simulator;
let boss: PgBoss;

beforeAll(async () => {
  // Each test starts the workers it needs.
  s = await startRunnerSuite({ simulator: { latencyMs: 5 }, worker: false });
  ({ t, sim, boss } = s);
});
afterAll(() => stopRunnerSuite(s));

describe('an experiment end to end (web action → pg-boss → worker process → simulator over HTTP)', () => {
  it('runs every item once and completes with exact counters', async () => {
    const provider = await simulatorProvider(t.db, sim.url);
    const ds = await arithmeticDataset(t.db, 40, { offset: 1 });
    const { id } = await createTestExperiment(t.db, boss, ds.id, provider.id);
    expect((await experimentRow(t.db, id)).status).toBe('QUEUED');

    const worker = startWorker(fastWorkerEnv(t.url));
    await waitForOutput(worker, 'ready');
    const done = await waitFor(async () => {
      const row = await experimentRow(t.db, id);
      return row.status === 'COMPLETED' && row;
    }, { timeoutMs: 30_000, what: 'COMPLETED' });

    expect(done.totalRuns).toBe(40);
    expect(done.runsSucceeded).toBe(40);
    expect(done.runsFailed).toBe(0);
    expect(done.claimedBy).toBeNull();
    const runs = await runsOf(t.db, id);
    expect(runs).toHaveLength(40);
    const byQuestion = runs.find((r) => (r.request as { messages: { content: string }[] }).messages[0].content === 'What is 3 + 4?');
    expect(byQuestion?.status).toBe('SUCCEEDED');
    expect(typeof byQuestion?.output).toBe('string');
    expect(byQuestion?.promptTokens).toBeGreaterThan(0);
    expect(sim.stats().duplicateSuccesses).toBe(0);
  });
});
