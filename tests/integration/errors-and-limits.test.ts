import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { PgBoss } from 'pg-boss';
import type { TestDb } from '../helpers/db';
import { startRunnerSuite, stopRunnerSuite, type RunnerSuite } from '../helpers/suite';
import type { Simulator } from '../../lib/simulator/server';
import { arithmeticDataset, createTestExperiment, experimentRow, runsOf, simulatorProvider, testUser } from '../helpers/fixtures';
import { waitFor } from '../helpers/processes';
import { experimentErrors } from '../../lib/db/schema';
import { resumeExperiment } from '../../lib/experiments/lifecycle';

let t: TestDb;
let sim: Simulator;
let boss: PgBoss;
let suite: RunnerSuite;

beforeAll(async () => {
  suite = await startRunnerSuite({ simulator: { latencyMs: 5, seed: 7 } });
  ({ t, sim, boss } = suite);
});
afterAll(() => stopRunnerSuite(suite));

async function untilStatus(id: string, statuses: string[], timeoutMs = 60_000) {
  return waitFor(async () => {
    const row = await experimentRow(t.db, id);
    return statuses.includes(row.status) && row;
  }, { timeoutMs, what: `experiment to reach ${statuses.join('/')}` });
}

describe('errors, retries and rate limits (simulator over HTTP, worker process)', () => {
  it('under a requests-per-minute limit every item still succeeds, and 429s are not failures', async () => {
    sim.setKnobs({ requestsPerMinute: 600, errorRate: 0, outage: false });
    sim.resetStats();
    const provider = await simulatorProvider(t.db, sim.url);
    const ds = await arithmeticDataset(t.db, 50);
    const { id } = await createTestExperiment(t.db, boss, ds.id, provider.id);
    const row = await untilStatus(id, ['COMPLETED', 'ERROR']);
    expect(row.status).toBe('COMPLETED');
    expect(row.runsSucceeded).toBe(50);
    expect(row.runsFailed).toBe(0);
    const stats = sim.stats();
    expect(stats.byStatus['429'] ?? 0).toBeGreaterThan(0); // the limit was actually hit
    expect(stats.duplicateSuccesses).toBe(0);
    sim.setKnobs({ requestsPerMinute: 0 });
  });

  it('with 10% 5xx answers, every item ends succeeded, or failed with a recorded error after 3 retries', async () => {
    sim.setKnobs({ errorRate: 0.1, seed: 11 });
    sim.resetStats();
    const provider = await simulatorProvider(t.db, sim.url);
    const ds = await arithmeticDataset(t.db, 150);
    const { id } = await createTestExperiment(t.db, boss, ds.id, provider.id);
    const row = await untilStatus(id, ['COMPLETED', 'ERROR']);
    sim.setKnobs({ errorRate: 0 });
    expect(row.status).toBe('COMPLETED');
    const runs = await runsOf(t.db, id);
    expect(runs).toHaveLength(150);
    expect(row.runsSucceeded + row.runsFailed).toBe(150);
    for (const r of runs.filter((r) => r.status === 'FAILED')) {
      expect(r.attempts).toBe(4);
      expect(r.error).toMatch(/5\d\d|server/i);
    }
    expect(runs.some((r) => r.status === 'SUCCEEDED' && r.attempts > 1)).toBe(true);
    expect(sim.stats().byStatus['500'] ?? 0).toBeGreaterThan(0);
    const log = await t.db.select().from(experimentErrors).where(eq(experimentErrors.experimentId, id));
    expect(log.length).toBeGreaterThan(0);
    expect(log.every((e) => e.source === 'task' && e.kind === 'transient' && e.attempt !== null)).toBe(true);
  });

  it('an outage trips the breaker; resume after it ends COMPLETED without re-running succeeded runs', async () => {
    sim.setKnobs({ latencyMs: 20, errorRate: 0, outage: false });
    sim.resetStats();
    const provider = await simulatorProvider(t.db, sim.url);
    const ds = await arithmeticDataset(t.db, 400);
    const { id } = await createTestExperiment(t.db, boss, ds.id, provider.id);
    await waitFor(async () => (await experimentRow(t.db, id)).runsSucceeded >= 40, { what: '40 successes' });
    sim.setKnobs({ outage: true });
    const errored = await untilStatus(id, ['ERROR', 'COMPLETED']);
    expect(errored.status).toBe('ERROR');
    expect(errored.lastError).toMatch(/consecutive task failure/);
    expect(errored.lastError).toMatch(/outage/);
    const succeededBefore = errored.runsSucceeded;
    expect(succeededBefore).toBeLessThan(400);

    sim.setKnobs({ outage: false, latencyMs: 2 });
    await resumeExperiment(t.db, boss, id, testUser());
    const done = await untilStatus(id, ['COMPLETED', 'ERROR']);
    expect(done.status).toBe('COMPLETED');
    expect(done.runsSucceeded).toBe(400);
    expect(done.runsFailed).toBe(0);
    expect(sim.stats().duplicateSuccesses).toBe(0);
    const log = await t.db.select().from(experimentErrors).where(eq(experimentErrors.experimentId, id));
    expect(log.some((e) => e.kind === 'circuit_breaker')).toBe(true); // the log survives the resume
  });
});
