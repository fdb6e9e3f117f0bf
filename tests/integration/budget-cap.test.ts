import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRunnerSuite, stopRunnerSuite, type RunnerSuite } from '../helpers/suite';
import { arithmeticDataset, createTestExperiment, experimentRow, runsOf, testUser } from '../helpers/fixtures';
import { waitFor } from '../helpers/processes';
import { resumeExperiment } from '../../lib/experiments/lifecycle';
import { setBudgetCap } from '../../lib/experiments/budget';
import { listErrorLog } from '../../lib/experiments/error-log';

/** A budget cap on a real worker process against the simulator (priced like a small model). */
const CONCURRENCY = 4;
let s: RunnerSuite;

beforeAll(async () => {
  s = await startRunnerSuite({ simulator: { latencyMs: 20 }, workerEnv: { RUNNER_MAX_CONCURRENCY: String(CONCURRENCY) } });
});
afterAll(async () => {
  await stopRunnerSuite(s);
});

async function ended(id: string) {
  return waitFor(async () => {
    const row = await experimentRow(s.t.db, id);
    return ['COMPLETED', 'ERROR', 'STOPPED'].includes(row.status) && row;
  }, { timeoutMs: 30_000, what: 'the experiment to end' });
}

describe('budget cap', () => {
  it('stops at the cap with overshoot bounded by the calls in flight; a raised cap and a resume run only the rest', async () => {
    // What one call costs here, measured on a few items first.
    const probe = await createTestExperiment(s.t.db, s.boss, (await arithmeticDataset(s.t.db, 5)).id, s.provider.id);
    const measured = await ended(probe.id);
    expect(measured.costUsd).toBeGreaterThan(0);
    const perCall = measured.costUsd / 5;

    const ds = await arithmeticDataset(s.t.db, 80);
    const cap = perCall * 20;
    const { id } = await createTestExperiment(s.t.db, s.boss, ds.id, s.provider.id, { config: { budgetUsd: cap } });
    const stopped = await ended(id);
    expect(stopped.status).toBe('STOPPED');
    expect(stopped.lastError).toMatch(/^Budget reached: \$[\d.]+ of \$[\d.]+$/);
    expect(stopped.runsSucceeded).toBeGreaterThan(5);
    expect(stopped.runsSucceeded).toBeLessThan(80);
    // Never more than the calls in flight when it was reached (prompts here differ by a few tokens only).
    expect(stopped.costUsd).toBeLessThanOrEqual(cap + CONCURRENCY * perCall * 1.5);
    expect((await listErrorLog(s.t.db, id))!.entries.some((e) => e.kind === 'budget')).toBe(true);

    const requestsBefore = s.sim.stats().requests;
    await setBudgetCap(s.t.db, id, cap * 100);
    await resumeExperiment(s.t.db, s.boss, id, testUser());
    const done = await ended(id);
    expect(done).toMatchObject({ status: 'COMPLETED', runsSucceeded: 80, lastError: null });
    // Only the outstanding items were called: nothing paid twice.
    expect(s.sim.stats().requests - requestsBefore).toBe(80 - stopped.runsSucceeded);
    expect(await runsOf(s.t.db, id)).toHaveLength(80);
    expect(s.sim.stats().duplicateSuccesses).toBe(0);
  });

  it('refuses a cap without a price for the model', async () => {
    const ds = await arithmeticDataset(s.t.db, 3);
    await expect(createTestExperiment(s.t.db, s.boss, ds.id, s.provider.id, { config: { model: 'unpriced-model', budgetUsd: 1 } }))
      .rejects.toThrow(/A budget cap needs a price for model "unpriced-model"/);
  });
});
