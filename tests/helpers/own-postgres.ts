import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import type { PgBoss } from 'pg-boss';
import { freePort, startEmbeddedPostgres, type EmbeddedDb } from '../../lib/db/embedded-postgres';
import { migrateDatabase } from '../../lib/db/migrate';
import { createDb, type Db } from '../../lib/db/client';
import { startSimulator, type Simulator } from '../../lib/simulator/server';
import { producer } from './fixtures';
import { killAll } from './processes';

export interface OwnPostgres {
  url: string;
  db: Db;
  sim: Simulator;
  boss: PgBoss;
  /** Stops the server (fast shutdown: every connection is cut). */
  stop(): Promise<void>;
  /** Starts it again on the same port and data. */
  start(): Promise<void>;
}

/**
 * A PostgreSQL of the test file's own, for tests that stop and start it mid-run (which the shared
 * test cluster, used by other files at the same time, must not be): migrated, with a client, a
 * simulator and a job producer on it. Set up before the file's tests; everything is stopped after.
 */
export function ownPostgres(name: string): OwnPostgres {
  const own = {} as OwnPostgres;
  let pg: EmbeddedDb | undefined;
  let end: (() => Promise<void>) | undefined;
  beforeAll(async () => {
    const port = await freePort();
    const dataDir = path.resolve(import.meta.dirname, `../../.data/test-pg-${name}-${port}`);
    pg = await startEmbeddedPostgres({ dataDir, port, fast: true });
    own.url = pg.url();
    await migrateDatabase(own.url);
    const client = createDb(own.url, { max: 5 });
    own.db = client.db;
    end = () => client.sql.end({ timeout: 5 });
    own.sim = await startSimulator({ port: 0, latencyMs: 100, jitterMs: 20 });
    own.boss = await producer(own.url);
    own.stop = () => pg!.stop();
    own.start = async () => { pg = await startEmbeddedPostgres({ dataDir, port, fast: true }); };
  });
  afterAll(async () => {
    await killAll();
    await own.boss?.stop({ graceful: false }).catch(() => {});
    await end?.().catch(() => {});
    await own.sim?.close();
    await pg?.stop().catch(() => {});
  });
  return own;
}
