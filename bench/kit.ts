// Shared by the bench scenarios that need a database and workers of their own.
import type { PgBoss } from 'pg-boss';
import { createDb, type Db } from '../lib/db/client';
import { ensureDatabase, migrateDatabase } from '../lib/db/migrate';
import type { Simulator } from '../lib/simulator/server';
import { DEFAULT_KNOBS, type SimulatorKnobs } from '../lib/simulator/knobs';
import { experimentRow, producer } from '../tests/helpers/fixtures';
import { onCleanup, spawnWorker, workerReady, type Bench, type BenchWorker } from './harness';

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export async function waitFor<T>(fn: () => Promise<T | null | undefined | false> | T | null | undefined | false, timeoutMs: number, what: string, intervalMs = 20): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs / 1000} s waiting for ${what}`);
    await sleep(intervalMs);
  }
}

/** The experiment's row once it has ended (COMPLETED, ERROR or STOPPED). */
export function experimentEnded(db: Db, id: string, timeoutMs: number) {
  return waitFor(async () => {
    const r = await experimentRow(db, id);
    return ['COMPLETED', 'ERROR', 'STOPPED'].includes(r.status) && r;
  }, timeoutMs, `experiment ${id} to end`, 50);
}

/** Default knobs plus `knobs`, a fresh rate-limit bucket and empty statistics. */
export function resetSimulator(sim: Simulator, knobs: Partial<SimulatorKnobs> = {}) {
  sim.setKnobs({ requestsPerMinute: 0 });
  sim.setKnobs({ ...DEFAULT_KNOBS, ...knobs });
  sim.resetStats();
}

export interface OwnDatabase {
  url: string; db: Db; boss: PgBoss;
  /** A real worker process on this database with the runner's default settings plus `env`. */
  worker: (env?: Record<string, string>) => Promise<BenchWorker>;
  /** Stops the workers and closes the connections (also run by the bench's cleanup). */
  close: () => Promise<void>;
}

// Settings a shell might carry over from a test session; removed so the defaults of lib/config.ts apply.
const TUNED = ['RUNNER_LEASE_MS', 'RUNNER_HEARTBEAT_MS', 'RUNNER_ORPHAN_SCAN_MS', 'RUNNER_ORPHAN_SCAN_JITTER_MS', 'RUNNER_CLAIM_CHECK_MS', 'RUNNER_RETRY_BASE_MS', 'RUNNER_MAX_CONCURRENCY'];

/** A migrated database of its own on the bench's cluster and a client for it (ended by the bench's cleanup). */
export async function migratedDatabase(b: Bench, name: string, poolMax = 5) {
  await ensureDatabase(b.pgUrl(), name);
  const url = b.pgUrl(name);
  await migrateDatabase(url);
  const { db, sql } = createDb(url, { max: poolMax });
  let ended: Promise<void> | null = null;
  const end = () => (ended ??= sql.end({ timeout: 5 }));
  onCleanup(end);
  return { url, db, sql, end };
}

/** A migrated database of its own with a producer and workers, so the shared bench worker never takes its work. */
export async function ownDatabase(b: Bench, name: string): Promise<OwnDatabase> {
  const steps: (() => Promise<unknown>)[] = [];
  let closing: Promise<void> | null = null;
  const close = () => (closing ??= (async () => {
    for (const step of steps.reverse()) await step().catch((err) => console.error('[bench] cleanup step failed:', err));
  })());
  onCleanup(close);
  const { url, db, end } = await migratedDatabase(b, name);
  steps.push(end);
  const boss = await producer(url);
  steps.push(() => boss.stop({ graceful: false }));
  const worker = async (env: Record<string, string> = {}) => {
    const base: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: url, APP_SECRET: process.env.APP_SECRET! };
    for (const k of TUNED) delete base[k];
    const w = spawnWorker({ ...base, ...env });
    steps.push(w.kill);
    await workerReady(w);
    return w;
  };
  return { url, db, boss, worker, close };
}
