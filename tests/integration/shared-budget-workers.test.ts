import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { PgBoss } from 'pg-boss';
import type { TestDb } from '../helpers/db';
import { startRunnerSuite, stopRunnerSuite, type RunnerSuite } from '../helpers/suite';
import type { Simulator } from '../../lib/simulator/server';
import { arithmeticDataset, createTestExperiment, experimentRow, fastWorkerEnv, simulatorProvider } from '../helpers/fixtures';
import { killAll, signal, startWorker, waitFor, waitForOutput, type WorkerProcess } from '../helpers/processes';
import { experiments } from '../../lib/db/schema';
import { stopExperiment } from '../../lib/experiments/lifecycle';

// Three real worker processes against one simulator limit. The simulator counts the 429s: with
// one budget shared through PostgreSQL the three stay under the limit together; with sharing off
// (RUNNER_SHARED_BUDGET=off) each assumes the whole limit, and the same bound is broken.
let t: TestDb;
let sim: Simulator;
let boss: PgBoss;
let suite: RunnerSuite;
const RPM = 1200; // 20/s: three experiments of 150 items take about 22 s
const ITEMS = 150;
// Sharing: a 429 or two while workers join. Each worker alone at the limit: ~4 % (measured 13 of 313 at 100 items each).
const BOUND = 0.01;

beforeAll(async () => {
  suite = await startRunnerSuite({ simulator: { latencyMs: 50 }, worker: false });
  ({ t, sim, boss } = suite);
});
afterEach(async () => {
  await killAll();
  sim.setKnobs({ requestsPerMinute: 0 });
});
afterAll(() => stopRunnerSuite(suite));

const workerId = (w: WorkerProcess) => /(worker-[0-9a-f]+) ready/.exec(w.output())![1];

/**
 * Starts the workers, then gives each an experiment of its own: the others are paused while one
 * claims, so none can take a second one. The claims follow each other closely, so the three run
 * at the same time.
 */
async function oneExperimentPerWorker(env: Record<string, string>, providerId: string, n: number) {
  const workers = Array.from({ length: n }, () => startWorker(env));
  await Promise.all(workers.map((w) => waitForOutput(w, 'ready')));
  const datasets = await Promise.all(Array.from({ length: n }, () => arithmeticDataset(t.db, ITEMS)));
  const ids: string[] = [];
  for (const [i, w] of workers.entries()) {
    const others = workers.filter((o) => o !== w);
    for (const other of others) signal(other, 'SIGSTOP');
    try {
      const { id } = await createTestExperiment(t.db, boss, datasets[i].id, providerId);
      ids.push(id);
      await waitFor(async () => (await experimentRow(t.db, id)).claimedBy === workerId(w), { what: `the claim of worker ${i + 1}`, intervalMs: 20 });
    } finally {
      for (const other of others) signal(other, 'SIGCONT');
    }
  }
  return { workers, ids };
}

async function allFinished(ids: string[]) {
  return waitFor(async () => {
    const rows = await t.db.select().from(experiments).where(sql`${experiments.id} in ${ids}`);
    return rows.every((r) => r.status === 'COMPLETED') && rows;
  }, { timeoutMs: 120_000, what: 'all experiments COMPLETED' });
}

/** Share of the simulator's answers that were 429, once every experiment has finished. */
async function rateLimitedShare(sharing: 'on' | 'off') {
  sim.setKnobs({ requestsPerMinute: 0 });
  sim.setKnobs({ requestsPerMinute: RPM });
  // The limit is configured, so every worker knows it from its first call: only sharing is tested.
  const provider = await simulatorProvider(t.db, sim.url, { requestsPerMinute: RPM });
  sim.resetStats();
  const env = fastWorkerEnv(t.url, { RUNNER_MAX_CONCURRENCY: '10', RUNNER_SHARED_BUDGET: sharing });
  const { ids } = await oneExperimentPerWorker(env, provider.id, 3);
  await allFinished(ids);
  const stats = sim.stats();
  const limited = stats.byStatus['429'] ?? 0;
  // Waits are written with the next mark, at most every 5 s: wait for the last of them.
  const { waits } = await waitFor(async () => {
    const [row] = await t.db.execute<{ waits: number }>(sql`select sum(rate_limit_waits)::int as waits from experiments where id in ${ids}`);
    return row.waits === limited && row;
  }, { timeoutMs: 15_000, what: `rate_limit_waits to add up to the ${limited} 429s` });
  return { share: limited / stats.requests, limited, requests: stats.requests, waits };
}

describe('one provider budget shared by every worker', () => {
  it('three workers together stay under the provider limit, and count their rate-limit waits', async () => {
    const r = await rateLimitedShare('on');
    expect(r.requests).toBeGreaterThanOrEqual(3 * ITEMS);
    expect(r.share).toBeLessThan(BOUND);
    // Every 429 the simulator sent was waited on and counted by its experiment.
    expect(r.waits).toBe(r.limited);
  });

  it('with sharing off, the same three workers break that bound (so the test above can fail)', async () => {
    const r = await rateLimitedShare('off');
    expect(r.share).toBeGreaterThan(BOUND);
    expect(r.waits).toBe(r.limited);
  });

  it('a limit one worker learns from the provider reaches another worker', async () => {
    sim.setKnobs({ requestsPerMinute: 0 });
    sim.setKnobs({ requestsPerMinute: RPM }); // advertised on 429s (x-ratelimit-limit-requests)
    const provider = await simulatorProvider(t.db, sim.url); // nothing configured
    const env = fastWorkerEnv(t.url, { RUNNER_MAX_CONCURRENCY: '10' });
    const a = startWorker(env);
    const b = startWorker(env);
    await Promise.all([waitForOutput(a, 'ready'), waitForOutput(b, 'ready')]);
    const [first, second] = await Promise.all([arithmeticDataset(t.db, 200), arithmeticDataset(t.db, 200)]);
    // A alone: its slow start meets the limit and learns it from the 429's headers.
    signal(b, 'SIGSTOP');
    let e1: string;
    try {
      e1 = (await createTestExperiment(t.db, boss, first.id, provider.id)).id;
      const learned = await waitFor(async () => {
        const [row] = await t.db.execute<{ learned_rpm: number | null }>(sql`select learned_rpm from provider_budgets where provider_connection_id = ${provider.id}`);
        return row?.learned_rpm ?? null;
      }, { what: 'the learned limit in provider_budgets' });
      expect(learned).toBe(RPM);
    } finally {
      signal(b, 'SIGCONT');
    }
    expect((await experimentRow(t.db, e1)).claimedBy).toBe(workerId(a));
    // B has not called the provider yet: it paces to the learned limit from its first sync.
    signal(a, 'SIGSTOP');
    let e2: string;
    try {
      e2 = (await createTestExperiment(t.db, boss, second.id, provider.id)).id;
      await waitForOutput(b, `provider ${provider.id}: pacing to ${RPM}/min, a limit another worker learned`);
    } finally {
      signal(a, 'SIGCONT');
    }
    expect((await experimentRow(t.db, e2)).claimedBy).toBe(workerId(b));
    expect(b.output()).not.toContain('[shared-budget] sync failed');
    await stopExperiment(t.db, e1).catch(() => {});
    await stopExperiment(t.db, e2).catch(() => {});
  });
});
