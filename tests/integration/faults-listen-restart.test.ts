import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import { sql } from 'drizzle-orm';
import type { PgBoss } from 'pg-boss';
import { freePort, startEmbeddedPostgres, type EmbeddedDb } from '../../lib/db/embedded-postgres';
import { migrateDatabase } from '../../lib/db/migrate';
import { createDb, type Db } from '../../lib/db/client';
import { startSimulator, type Simulator } from '../../lib/simulator/server';
import { stopExperiment } from '../../lib/experiments/lifecycle';
import { EXPERIMENT_EVENTS_CHANNEL } from '../../lib/runner/notifications';
import { arithmeticDataset, createTestExperiment, experimentRow, fastWorkerEnv, producer, simulatorProvider } from '../helpers/fixtures';
import { killAll, startWorker, waitFor, waitForOutput } from '../helpers/processes';

// A PostgreSQL of this file's own: it is restarted, which the shared test cluster must not be.
let pg: EmbeddedDb;
let port: number;
let dataDir: string;
let db: Db;
let end: () => Promise<void>;
let sim: Simulator;
let boss: PgBoss;

beforeAll(async () => {
  port = await freePort();
  dataDir = path.resolve(import.meta.dirname, `../../.data/test-pg-listen-${port}`);
  pg = await startEmbeddedPostgres({ dataDir, port, fast: true });
  await migrateDatabase(pg.url());
  const client = createDb(pg.url(), { max: 5 });
  db = client.db;
  end = () => client.sql.end({ timeout: 5 });
  sim = await startSimulator({ port: 0, latencyMs: 100, jitterMs: 20 });
  boss = await producer(pg.url());
});

afterAll(async () => {
  await killAll();
  await boss?.stop({ graceful: false }).catch(() => {});
  await end?.().catch(() => {});
  await sim?.close();
  await pg?.stop().catch(() => {});
});

/** Backends listening on the workers' channel (postgres.js names the channel in its LISTEN). */
async function listeners(): Promise<number> {
  const [row] = await db.execute<{ n: number }>(sql`select count(*)::int as n from pg_stat_activity
    where query ilike ${`listen%${EXPERIMENT_EVENTS_CHANNEL}%`}`);
  return row.n;
}

describe('the worker LISTEN connection across a PostgreSQL restart', () => {
  it('listens again by itself, and a stop after the restart is still heard at once', async () => {
    const provider = await simulatorProvider(db, sim.url);
    // No claim check to fall back on: only a notice can stop the owner.
    const worker = startWorker(fastWorkerEnv(pg.url(), { RUNNER_MAX_CONCURRENCY: '10', RUNNER_CLAIM_CHECK_MS: '600000' }));
    await waitForOutput(worker, 'ready');
    await waitFor(async () => (await listeners()) === 1, { what: 'the worker listening' });
    const ds = await arithmeticDataset(db, 3000);
    const { id } = await createTestExperiment(db, boss, ds.id, provider.id);
    await waitFor(async () => (await experimentRow(db, id)).runsSucceeded >= 30, { what: '30 runs' });

    await pg.stop();
    pg = await startEmbeddedPostgres({ dataDir, port, fast: true });
    const before = (await waitFor(() => experimentRow(db, id).catch(() => null), { what: 'the database back' })).runsSucceeded;
    await waitFor(async () => (await listeners()) === 1, { timeoutMs: 30_000, what: 'the worker listening again' });
    await waitFor(async () => (await experimentRow(db, id)).runsSucceeded >= before + 30, { what: '30 runs after the restart' });

    await stopExperiment(db, id);
    const returnedAt = Date.now();
    const done = await waitFor(async () => {
      const r = await experimentRow(db, id);
      return r.claimedBy === null && r;
    }, { what: 'the owner to drain and hand back its lease' });
    expect(done.status).toBe('STOPPED');
    expect(sim.stats().requestLog.filter((e) => e.experimentTag === id && e.at > returnedAt)).toEqual([]);
    expect(worker.child.exitCode).toBeNull();
  });
});
