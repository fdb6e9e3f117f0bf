import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import path from 'node:path';
import type { PgBoss } from 'pg-boss';
import { freePort, startEmbeddedPostgres, type EmbeddedDb } from '../../lib/db/embedded-postgres';
import { migrateDatabase } from '../../lib/db/migrate';
import { createDb, type Db } from '../../lib/db/client';
import { startSimulator, type Simulator } from '../../lib/simulator/server';
import { arithmeticDataset, createTestExperiment, experimentRow, fastWorkerEnv, producer, simulatorProvider } from '../helpers/fixtures';
import { killAll, startWorker, waitFor, waitForOutput, type WorkerProcess } from '../helpers/processes';
import { expectCountersMatchRuns, expectExactlyOneSucceededRunPerPair } from '../helpers/faults';

// A PostgreSQL of this file's own: it is stopped and started again mid-run, which the shared
// test cluster (used by other files at the same time) must not be.
let pg: EmbeddedDb;
let port: number;
let dataDir: string;
let url: string;
let db: Db;
let end: () => Promise<void>;
let sim: Simulator;
let boss: PgBoss;


beforeAll(async () => {
  port = await freePort();
  dataDir = path.resolve(import.meta.dirname, `../../.data/test-pg-restart-${port}`);
  pg = await startEmbeddedPostgres({ dataDir, port, fast: true });
  url = pg.url();
  await migrateDatabase(url);
  const client = createDb(url, { max: 5 });
  db = client.db;
  end = () => client.sql.end({ timeout: 5 });
  sim = await startSimulator({ port: 0, latencyMs: 100, jitterMs: 20 });
  boss = await producer(url);
});

afterAll(async () => {
  await killAll();
  await boss?.stop({ graceful: false }).catch(() => {});
  await end?.().catch(() => {});
  await sim?.close();
  await pg?.stop().catch(() => {});
});

describe('PostgreSQL restarted mid-run', () => {
  it('the worker reconnects by itself, keeps the answers it could not write, and completes with exact counters', async () => {
    const provider = await simulatorProvider(db, sim.url);
    const worker: WorkerProcess = startWorker(fastWorkerEnv(url, { RUNNER_MAX_CONCURRENCY: '10' }));
    await waitForOutput(worker, 'ready');
    const items = 1000;
    const ds = await arithmeticDataset(db, items);
    const { id } = await createTestExperiment(db, boss, ds.id, provider.id);
    await waitFor(async () => (await experimentRow(db, id)).runsSucceeded >= 100, { what: '100 runs' });

    // Calls that outlive the shutdown: their answers arrive while the database is away.
    sim.setKnobs({ latencyMs: 5_000 });
    const slowFrom = sim.stats().requests;
    await waitFor(async () => sim.stats().requests > slowFrom && true, { what: 'a slow call in flight' });
    await pg.stop();
    // Answers keep arriving while the database is away: they must be kept, not dropped or re-asked.
    const answeredWhileDown = sim.stats().byStatus['200'] ?? 0;
    await waitFor(async () => ((sim.stats().byStatus['200'] ?? 0) > answeredWhileDown) && true, { what: 'answers while down' })
      .catch((err) => { throw new Error(`${err.message}; worker output:\n${worker.output().slice(-3000)}`); });
    sim.setKnobs({ latencyMs: 100 });
    pg = await startEmbeddedPostgres({ dataDir, port, fast: true });

    const done = await waitFor(async () => {
      const r = await experimentRow(db, id).catch(() => null); // this client reconnects by itself too
      return r?.status === 'COMPLETED' && r;
    }, { timeoutMs: 90_000, what: 'COMPLETED after the restart' });
    expect(done.runsSucceeded).toBe(items);
    await expectExactlyOneSucceededRunPerPair(db, id, items);
    await expectCountersMatchRuns(db, id);
    expect(sim.stats().duplicateSuccesses).toBe(0);
    expect(worker.child.exitCode).toBeNull();
  });
});
