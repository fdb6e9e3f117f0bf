import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { startRunnerSuite, stopRunnerSuite, type RunnerSuite } from '../helpers/suite';
import { arithmeticDataset, createTestExperiment, experimentRow, runsOf } from '../helpers/fixtures';
import { waitFor } from '../helpers/processes';
import { callCache } from '../../lib/db/schema';
import { callCacheStats, clearCallCache, pruneCallCache } from '../../lib/runner/call-cache';

/** Identical calls answered from PostgreSQL: real worker process, simulator over HTTP. */
let s: RunnerSuite;

beforeAll(async () => {
  s = await startRunnerSuite({ simulator: { latencyMs: 5 } });
});
afterAll(async () => {
  await stopRunnerSuite(s);
});

async function finished(id: string) {
  return waitFor(async () => {
    const row = await experimentRow(s.t.db, id);
    return ['COMPLETED', 'ERROR', 'STOPPED'].includes(row.status) && row;
  }, { timeoutMs: 30_000, what: 'the experiment to finish' });
}

describe('call cache', () => {
  it('a second identical experiment (temperature 0) makes no provider call and shows its runs as cached', async () => {
    const ds = await arithmeticDataset(s.t.db, 30);
    const config = { params: { temperature: 0 } };
    const first = await createTestExperiment(s.t.db, s.boss, ds.id, s.provider.id, { config });
    expect(await finished(first.id)).toMatchObject({ status: 'COMPLETED', runsSucceeded: 30, runsCached: 0 });
    const requestsAfterFirst = s.sim.stats().requests;
    expect(requestsAfterFirst).toBeGreaterThanOrEqual(30);

    const second = await createTestExperiment(s.t.db, s.boss, ds.id, s.provider.id, { config });
    expect(await finished(second.id)).toMatchObject({ status: 'COMPLETED', runsSucceeded: 30, runsCached: 30 });
    expect(s.sim.stats().requests).toBe(requestsAfterFirst);
    const runs = await runsOf(s.t.db, second.id);
    expect(runs.every((r) => r.cached && r.status === 'SUCCEEDED')).toBe(true);
    // The same answers as the calls that were paid for.
    const paid = new Map((await runsOf(s.t.db, first.id)).map((r) => [r.datasetItemId, r.output]));
    expect(runs.map((r) => r.output)).toEqual(runs.map((r) => paid.get(r.datasetItemId)));
  });

  it('is not used where it must not be: a temperature above 0 (auto), or the switch off', async () => {
    const ds = await arithmeticDataset(s.t.db, 10);
    for (const config of [{ params: { temperature: 0.7 } }, { params: { temperature: 0 }, cache: 'off' as const }]) {
      const a = await createTestExperiment(s.t.db, s.boss, ds.id, s.provider.id, { config });
      await finished(a.id);
      const before = s.sim.stats().requests;
      const b = await createTestExperiment(s.t.db, s.boss, ds.id, s.provider.id, { config });
      expect(await finished(b.id)).toMatchObject({ status: 'COMPLETED', runsSucceeded: 10, runsCached: 0 });
      expect(s.sim.stats().requests - before).toBe(10);
    }
  });

  it('with the switch on, a non-deterministic call is cached for its first repetition only', async () => {
    const ds = await arithmeticDataset(s.t.db, 8);
    const config = { params: { temperature: 0.9 }, repetitions: 3, cache: 'on' as const };
    const a = await createTestExperiment(s.t.db, s.boss, ds.id, s.provider.id, { config });
    await finished(a.id);
    const before = s.sim.stats().requests;
    const b = await createTestExperiment(s.t.db, s.boss, ds.id, s.provider.id, { config });
    expect(await finished(b.id)).toMatchObject({ status: 'COMPLETED', runsSucceeded: 24, runsCached: 8 });
    expect(s.sim.stats().requests - before).toBe(16);
    const cachedReps = (await runsOf(s.t.db, b.id)).filter((r) => r.cached).map((r) => r.repetition);
    expect(new Set(cachedReps)).toEqual(new Set([1]));
  });

  it('reports its size, evicts the least recently used past its cap, and clears', async () => {
    const stats = await callCacheStats(s.t.db);
    expect(stats.entries).toBeGreaterThan(0);
    expect(stats.bytes).toBeGreaterThan(0);
    const [one] = await s.t.db.select().from(callCache).limit(1);
    // Used most recently of all: the one the cap keeps.
    const [newest] = await s.t.db.update(callCache).set({ lastUsedAt: sql`now() + interval '1 hour'` }).where(eq(callCache.key, one.key)).returning();
    const removed = await pruneCallCache(s.t.db, newest.bytes);
    expect(removed).toBe(stats.entries - 1);
    expect(await s.t.db.select().from(callCache).where(eq(callCache.key, newest.key))).toHaveLength(1);
    expect(await clearCallCache(s.t.db)).toBe(1);
    expect((await callCacheStats(s.t.db)).entries).toBe(0);
  });
});
