// Infrastructure for `npm run bench`: an embedded PostgreSQL of its own, a migrated database, the
// simulator in-process and ONE real worker process; plus running one experiment and measuring it.
// BENCH_PG_PORT picks the cluster's port (and data folder), so two benches never share one.
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import type { PgBoss } from 'pg-boss';
import { startEmbeddedPostgres, type EmbeddedDb } from '../lib/db/embedded-postgres';
import { ensureDatabase, migrateDatabase } from '../lib/db/migrate';
import { createDb, type Db } from '../lib/db/client';
import { workerEntryArgs } from '../lib/config';
import { startSimulator, type Simulator, type SimulatorKnobs, type SimulatorStats } from '../lib/simulator/server';
import { stopExperiment } from '../lib/experiments/lifecycle';
import { arithmeticDataset, createTestExperiment, experimentRow, producer, simulatorProvider } from '../tests/helpers/fixtures';

const root = path.resolve(import.meta.dirname, '..');
const PG_PORT = Number(process.env.BENCH_PG_PORT || 5495);
const DB_NAME = 'bench';
export const SCENARIO_TIMEOUT_MS = 5 * 60_000;

export interface Bench {
  db: Db; boss: PgBoss; sim: Simulator; worker: ChildProcess;
  workerOutput: () => string;
  /** URL of another database on the bench's cluster (scenarios that need one of their own). */
  pgUrl: EmbeddedDb['url'];
}

export interface BenchWorker {
  child: ChildProcess; output: () => string; exited: Promise<unknown>;
  /** SIGKILLs the process group and waits (up to 3 s) for the exit. Safe to call twice. */
  kill: () => Promise<void>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

// Teardown steps, newest first; module-level so a signal during start-up still reaches them.
const undo: (() => Promise<unknown>)[] = [];
let cleaning: Promise<void> | null = null;

/** Kills the worker's process group, stops the simulator and PostgreSQL. Safe to call twice. */
export function cleanup(): Promise<void> {
  cleaning ??= (async () => {
    for (const fn of undo.reverse()) await fn().catch((err) => console.error('[bench] cleanup step failed:', err));
  })();
  return cleaning;
}

/** A teardown step for `cleanup`, so a signal or failure mid-scenario still reaches it. Keep it idempotent. */
export function onCleanup(fn: () => Promise<unknown>) {
  undo.push(fn);
}

/** A real worker process (node --import tsx worker/main.ts) in its own process group, reaped by `cleanup`. */
export function spawnWorker(env: NodeJS.ProcessEnv): BenchWorker {
  const child = spawn(process.execPath, workerEntryArgs(), {
    cwd: root, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env,
  });
  let out = '';
  const exited = new Promise((r) => child.once('exit', r));
  child.stdout!.on('data', (d) => { out += d; });
  child.stderr!.on('data', (d) => { out += d; });
  const kill = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    try { process.kill(-child.pid!, 'SIGKILL'); } catch { /* already gone */ }
    await Promise.race([exited, sleep(3000)]);
  };
  undo.push(kill);
  return { child, output: () => out, exited, kill };
}

/** Waits for the worker's "ready" line; throws with its output if it exits or takes over 60 s. */
export async function workerReady(w: BenchWorker): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!w.output().includes('ready')) {
    if (w.child.exitCode !== null) throw new Error(`worker exited (${w.child.exitCode}):\n${w.output()}`);
    if (Date.now() > deadline) throw new Error(`worker not ready after 60 s:\n${w.output()}`);
    await sleep(50);
  }
}

/** Starts everything; on any failure, tears down whatever was started before rethrowing. */
export async function startBench(opts: { concurrency: number }): Promise<Bench> {
  try {
    const dataDir = path.join(root, `.data/bench-${PG_PORT}`);
    fs.rmSync(dataDir, { recursive: true, force: true });
    const pg: EmbeddedDb = await startEmbeddedPostgres({ dataDir, port: PG_PORT, fast: true });
    undo.push(() => pg.stop());
    await ensureDatabase(pg.url(), DB_NAME);
    const url = pg.url(DB_NAME);
    await migrateDatabase(url);

    const { db, sql } = createDb(url, { max: 5 });
    undo.push(() => sql.end({ timeout: 5 }));
    const boss = await producer(url);
    undo.push(() => boss.stop({ graceful: false }));
    const sim = await startSimulator({ port: 0 });
    undo.push(() => sim.close());

    const worker = spawnWorker({ ...process.env, DATABASE_URL: url, APP_SECRET: process.env.APP_SECRET!, RUNNER_MAX_CONCURRENCY: String(opts.concurrency) });
    await workerReady(worker);
    return { db, boss, sim, worker: worker.child, workerOutput: worker.output, pgUrl: pg.url };
  } catch (err) {
    await cleanup();
    throw err;
  }
}

export interface ScenarioInput {
  items: number;
  knobs: Partial<SimulatorKnobs>;
  /** requests_per_minute configured on the provider connection (undefined = none). */
  providerRpm?: number;
  /** 429 share counts only requests arriving this long after the experiment's first request. */
  warmupMs?: number;
}

export interface ScenarioResult {
  status: string;
  runsSucceeded: number;
  runsFailed: number;
  /** finished_at − first request the simulator saw for this experiment. */
  makespanS: number;
  /** finished_at − just before the createExperiment call (includes queue pickup and planning). */
  makespanFromCreateS: number;
  /** first request − create call. */
  startupS: number;
  requests: number;
  byStatus: Record<string, number>;
  maxInFlight: number;
  duplicateSuccesses: number;
  afterWarmup: { requests: number; rateLimited: number; share: number; exact: boolean };
  /** Requests per second (all / 200 only), bucketed per second since the first request. */
  perSecond: { all: number[]; ok: number[]; limited: number[] } | null;
}

/** Runs one experiment on a fresh provider + dataset and measures it against the simulator. */
export async function runScenario(b: Bench, s: ScenarioInput): Promise<ScenarioResult> {
  const { db, boss, sim } = b;
  const warmupMs = s.warmupMs ?? 10_000;
  // A changed limit gets a fresh (full) simulator bucket: reset it so scenarios do not share one.
  sim.setKnobs({ requestsPerMinute: 0 });
  sim.setKnobs({ latencyMs: 0, jitterMs: 0, errorRate: 0, hangRate: 0, outage: false, ...s.knobs });
  const provider = await simulatorProvider(db, sim.url, { requestsPerMinute: s.providerRpm });
  const ds = await arithmeticDataset(db, s.items);
  sim.resetStats();

  const createdAt = Date.now();
  const { id } = await createTestExperiment(db, boss, ds.id, provider.id);
  const deadline = createdAt + SCENARIO_TIMEOUT_MS;

  let firstAt: number | null = null;
  let atWarmupEnd: SimulatorStats['byStatus'] | null = null;
  let row = await experimentRow(db, id);
  while (!['COMPLETED', 'ERROR', 'STOPPED'].includes(row.status)) {
    if (b.worker.exitCode !== null || b.worker.signalCode !== null) throw new Error(`the worker exited:\n${b.workerOutput().slice(-2000)}`);
    if (Date.now() > deadline) {
      await stopExperiment(db, id).catch(() => {});
      throw new Error(`scenario aborted after ${SCENARIO_TIMEOUT_MS / 1000} s (status ${row.status}, ${row.runsSucceeded}/${s.items} succeeded)`);
    }
    if (firstAt === null && sim.stats().requests > 0) {
      firstAt = sim.stats().requestLog.find((e) => e.experimentTag === id)?.at ?? null;
    }
    // Fallback for the 429 share should the request log (a ring of 10,000) overflow.
    if (firstAt !== null && atWarmupEnd === null && Date.now() >= firstAt + warmupMs) atWarmupEnd = { ...sim.stats().byStatus };
    await sleep(100);
    row = await experimentRow(db, id);
  }
  await sleep(300); // let responses still on the wire be counted
  const stats = sim.stats();
  const log = stats.requestLog.filter((e) => e.experimentTag === id);
  const logComplete = log.length === stats.requests;
  if (logComplete && log.length) firstAt = log[0].at;
  if (firstAt === null) throw new Error('the simulator saw no request for the experiment');
  const finishedAt = row.finishedAt!.getTime();

  let afterWarmup: ScenarioResult['afterWarmup'];
  if (logComplete) {
    const late = log.filter((e) => e.at >= firstAt! + warmupMs && e.status !== null);
    const rateLimited = late.filter((e) => e.status === 429).length;
    afterWarmup = { requests: late.length, rateLimited, share: late.length ? rateLimited / late.length : 0, exact: true };
  } else {
    const before = atWarmupEnd ?? {};
    const total = (m: Record<string, number>) => Object.values(m).reduce((a, v) => a + v, 0);
    const requests = total(stats.byStatus) - total(before);
    const rateLimited = (stats.byStatus['429'] ?? 0) - (before['429'] ?? 0);
    afterWarmup = { requests, rateLimited, share: requests ? rateLimited / requests : 0, exact: false };
  }

  let perSecond: ScenarioResult['perSecond'] = null;
  if (logComplete) {
    const n = Math.ceil((finishedAt - firstAt) / 1000) + 1;
    perSecond = { all: new Array(n).fill(0), ok: new Array(n).fill(0), limited: new Array(n).fill(0) };
    for (const e of log) {
      const i = Math.min(n - 1, Math.floor((e.at - firstAt) / 1000));
      perSecond.all[i]++;
      if (e.status === 200) perSecond.ok[i]++;
      if (e.status === 429) perSecond.limited[i]++;
    }
  }

  return {
    status: row.status, runsSucceeded: row.runsSucceeded, runsFailed: row.runsFailed,
    makespanS: (finishedAt - firstAt) / 1000,
    makespanFromCreateS: (finishedAt - createdAt) / 1000,
    startupS: (firstAt - createdAt) / 1000,
    requests: stats.requests, byStatus: stats.byStatus, maxInFlight: stats.maxInFlight,
    duplicateSuccesses: stats.duplicateSuccesses, afterWarmup, perSecond,
  };
}
