// Fault figures for `npm run bench`: recovery after kill -9 of the owning worker, and a
// PostgreSQL restart mid-run. Real worker processes with the DEFAULT runner settings (lease,
// heartbeat, orphan scan): the figures are what a user gets, not what a test tunes.
import fs from 'node:fs';
import path from 'node:path';
import { eq, sql } from 'drizzle-orm';
import { createDb, type Db } from '../lib/db/client';
import { ensureDatabase, migrateDatabase } from '../lib/db/migrate';
import { experimentRuns, experiments } from '../lib/db/schema';
import { freePort, startEmbeddedPostgres, type EmbeddedDb } from '../lib/db/embedded-postgres';
import { stopExperiment } from '../lib/experiments/lifecycle';
import { arithmeticDataset, createTestExperiment, experimentRow, producer, simulatorProvider } from '../tests/helpers/fixtures';
import { onCleanup, spawnWorker, workerReady, type Bench, type BenchWorker } from './harness';
import { resetSimulator, sleep, waitFor } from './kit';

export interface Report {
  figure: (name: string, value: number, digits?: number) => void;
  context: (line: string) => void;
  detail: (key: string, value: unknown) => void;
}

const root = path.resolve(import.meta.dirname, '..');
const WORKER_CONCURRENCY = 10;
const TERMINAL = ['COMPLETED', 'ERROR', 'STOPPED'];
// Settings a shell might carry over from a test session; removed so the defaults of lib/config.ts apply.
const TUNED = ['RUNNER_LEASE_MS', 'RUNNER_HEARTBEAT_MS', 'RUNNER_ORPHAN_SCAN_MS', 'RUNNER_ORPHAN_SCAN_JITTER_MS', 'RUNNER_CLAIM_CHECK_MS', 'RUNNER_RETRY_BASE_MS'];

const secs = (ms: number) => (ms / 1000).toFixed(2);

function defaultWorkerEnv(url: string): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: url, APP_SECRET: process.env.APP_SECRET!, RUNNER_MAX_CONCURRENCY: String(WORKER_CONCURRENCY) };
  for (const k of TUNED) delete env[k];
  return env;
}

/** Teardown steps of one scenario: run at its end, and by the bench's cleanup on a signal. */
function scenarioResources() {
  const steps: (() => Promise<unknown>)[] = [];
  let closing: Promise<void> | null = null;
  const close = () => (closing ??= (async () => {
    for (const step of steps.reverse()) await step().catch((err) => console.error('[bench] fault cleanup step failed:', err));
  })());
  onCleanup(close);
  return { add: (step: () => Promise<unknown>) => { steps.push(step); }, close };
}

/** A database client and a pg-boss producer for `url`, closed with the scenario. */
async function connect(url: string, res: ReturnType<typeof scenarioResources>) {
  const { db, sql: client } = createDb(url, { max: 5 });
  res.add(() => client.end({ timeout: 5 }));
  const boss = await producer(url);
  res.add(() => boss.stop({ graceful: false }));
  return { db, boss };
}

async function startWorker(url: string, res: ReturnType<typeof scenarioResources>): Promise<{ worker: BenchWorker; id: string }> {
  const worker = spawnWorker(defaultWorkerEnv(url));
  res.add(worker.kill);
  await workerReady(worker);
  const m = /(worker-[0-9a-f]+) ready/.exec(worker.output());
  if (!m) throw new Error(`worker id not printed:\n${worker.output()}`);
  return { worker, id: m[1] };
}

/** From the runs table: pairs without a succeeded run, and run rows beyond one per pair. */
async function runCounts(db: Db, id: string, pairs: number) {
  const [row] = await db.select({
    runs: sql<number>`count(*)::int`,
    distinctPairs: sql<number>`count(distinct (dataset_item_id, repetition))::int`,
    succeededPairs: sql<number>`count(distinct (dataset_item_id, repetition)) filter (where status = 'SUCCEEDED')::int`,
    failed: sql<number>`count(*) filter (where status = 'FAILED')::int`,
  }).from(experimentRuns).where(eq(experimentRuns.experimentId, id));
  const [counters] = await db.select({ succeeded: experiments.runsSucceeded, failed: experiments.runsFailed }).from(experiments).where(eq(experiments.id, id));
  return {
    ...row, lost: pairs - row.succeededPairs, duplicated: row.runs - row.distinctPairs,
    countersMatch: counters.succeeded === row.succeededPairs && counters.failed === row.failed,
  };
}

async function waitForEnd(db: Db, id: string, timeoutMs: number) {
  try {
    // The client reconnects by itself after an outage: a failed poll just polls again.
    return await waitFor(async () => {
      const r = await experimentRow(db, id).catch(() => null);
      return r && TERMINAL.includes(r.status) && r;
    }, timeoutMs, 'the experiment to finish', 100);
  } catch (err) {
    await stopExperiment(db, id).catch(() => {});
    throw err;
  }
}

const KILLS = 5;
const RECOVERY_ITEMS = 2000;

/**
 * kill -9 of the owning worker, KILLS times, with two workers alive at each kill. Recovery is the
 * kill to the first request the simulator logs for the experiment after it: the dead worker sends
 * nothing more, so that request is the new owner's.
 */
export async function recoveryAfterKill(b: Bench, report: Report) {
  const res = scenarioResources();
  try {
    await ensureDatabase(b.pgUrl(), 'bench_recovery');
    const url = b.pgUrl('bench_recovery');
    await migrateDatabase(url);
    const { db, boss } = await connect(url, res);
    const { sim } = b;
    resetSimulator(sim, { latencyMs: 100, jitterMs: 30 });

    const live = new Map<string, BenchWorker>();
    const addWorker = async () => { const w = await startWorker(url, res); live.set(w.id, w.worker); };
    await Promise.all([addWorker(), addWorker()]);

    const provider = await simulatorProvider(db, sim.url);
    const ds = await arithmeticDataset(db, RECOVERY_ITEMS);
    const { id } = await createTestExperiment(db, boss, ds.id, provider.id);
    let row = await waitFor(async () => {
      const r = await experimentRow(db, id);
      return r.status === 'RUNNING' && !!r.claimedBy && r.runsSucceeded > 0 && r;
    }, 60_000, 'the first claim');

    const recoveries: number[] = [];
    const claimRecoveries: number[] = [];
    let inFlightAtKills = 0;
    const newcomers: Promise<void>[] = [];
    for (let i = 0; i < KILLS; i++) {
      await sleep(200 + Math.random() * 1000); // a random moment of the run
      row = await experimentRow(db, id);
      if (row.status !== 'RUNNING') throw new Error(`the experiment was ${row.status} before kill ${i + 1}: raise RECOVERY_ITEMS`);
      const owner = live.get(row.claimedBy!);
      if (!owner) throw new Error(`owner ${row.claimedBy} is not one of the bench's workers`);
      inFlightAtKills += sim.stats().inFlight;
      try { process.kill(-owner.child.pid!, 'SIGKILL'); } catch { /* already gone */ }
      const killedAt = Date.now();
      const [{ now }] = await db.execute<{ now: Date | string }>(sql`select clock_timestamp() as now`);
      const killedAtDb = new Date(now).getTime();
      await owner.exited;
      live.delete(row.claimedBy!);
      // Two workers again: the survivor takes over, the newcomer waits its turn.
      const newcomer = addWorker();
      newcomer.catch(() => {}); // awaited after the kills; this keeps a failure from being unhandled meanwhile
      newcomers.push(newcomer);

      const first = await waitFor(
        () => sim.stats().requestLog.find((e) => e.experimentTag === id && e.at > killedAt),
        30_000, `a request from a new owner after kill ${i + 1}`);
      recoveries.push(first.at - killedAt);
      const killedEpoch = row.claimEpoch;
      row = await waitFor(async () => {
        const r = await experimentRow(db, id);
        return r.claimEpoch > killedEpoch && !!r.claimedBy && live.has(r.claimedBy) && r;
      }, 30_000, `the new claim after kill ${i + 1}`);
      // claimed_at may have been renewed since the claim: an upper bound, as a cross-check.
      claimRecoveries.push(row.claimedAt!.getTime() - killedAtDb);
    }
    await Promise.all(newcomers);

    const done = await waitForEnd(db, id, 120_000);
    await sleep(300); // let answers still on the wire be counted
    const counts = await runCounts(db, id, RECOVERY_ITEMS);
    const repeated = sim.stats().duplicateSuccesses;
    const max = Math.max(...recoveries);
    const mean = recoveries.reduce((a, v) => a + v, 0) / recoveries.length;
    report.detail('recovery', {
      items: RECOVERY_ITEMS, kills: KILLS, workerConcurrency: WORKER_CONCURRENCY, status: done.status,
      recoveriesMs: recoveries, claimRecoveriesMs: claimRecoveries, inFlightAtKills, repeated, ...counts,
    });
    report.context(`${RECOVERY_ITEMS} items, 2 workers (concurrency ${WORKER_CONCURRENCY}, default lease/heartbeat/orphan scan), simulator latency 100 ± 30 ms, ${KILLS} kills`);
    report.context(`kill -9 to first request of the new owner, each: ${recoveries.map(secs).join(' ')} s`);
    report.context(`kill -9 to new claim (database clock, upper bound), each: ${claimRecoveries.map(secs).join(' ')} s`);
    report.figure('recovery_s', max / 1000, 2);
    report.figure('recovery_s_mean', mean / 1000, 2);
    report.context(`status ${done.status}, ${counts.runs} run rows, ${counts.succeededPairs}/${RECOVERY_ITEMS} pairs succeeded, counters ${counts.countersMatch ? 'match' : 'DO NOT match'} the runs table`);
    report.figure('lost_runs', counts.lost, 0);
    report.figure('duplicated_runs', counts.duplicated, 0);
    report.figure('repeated_calls_after_kill', repeated, 0);
    report.figure('calls_in_flight_at_kills', inFlightAtKills, 0);
    report.context(`repeated calls ${repeated} vs. bound ${inFlightAtKills} (calls in flight at the ${KILLS} kills)${repeated > inFlightAtKills ? ': OVER THE BOUND' : ''}`);
  } finally {
    await res.close();
  }
}


const RESTART_ITEMS = 600;
// Longer than the default 6 s lease: the owner's claim lapses while the database is away.
const OUTAGE_MS = 8_000;

/**
 * PostgreSQL stopped after 100 runs and started again OUTAGE_MS later: a cluster of its own (the bench's other
 * scenarios keep theirs), so stopping it disturbs nothing else.
 */
export async function dbRestartMidRun(b: Bench, report: Report) {
  const res = scenarioResources();
  try {
    const port = await freePort();
    const dataDir = path.join(root, `.data/bench-restart-${port}`);
    let pg: EmbeddedDb | null = await startEmbeddedPostgres({ dataDir, port, fast: true });
    res.add(async () => {
      await pg?.stop();
      fs.rmSync(dataDir, { recursive: true, force: true });
    });
    const url = pg.url();
    await migrateDatabase(url);
    const { db, boss } = await connect(url, res);
    const { sim } = b;
    resetSimulator(sim, { latencyMs: 100, jitterMs: 20 });
    const { worker } = await startWorker(url, res);

    const provider = await simulatorProvider(db, sim.url);
    const ds = await arithmeticDataset(db, RESTART_ITEMS);
    const { id } = await createTestExperiment(db, boss, ds.id, provider.id);
    await boss.stop({ graceful: false }); // not needed any more; it would only log the outage
    const atStop = await waitFor(async () => {
      const r = await experimentRow(db, id);
      return r.runsSucceeded >= 100 && r;
    }, 60_000, '100 runs');

    const stoppedAt = Date.now();
    const down = pg;
    pg = null;
    await down.stop();
    // Answers that arrive while the database is away must be kept, not dropped or asked again.
    const okBefore = sim.stats().byStatus['200'] ?? 0;
    await sleep(OUTAGE_MS);
    const answers = (sim.stats().byStatus['200'] ?? 0) - okBefore;
    pg = await startEmbeddedPostgres({ dataDir, port, fast: true });
    const restartedAt = Date.now();

    const done = await waitForEnd(db, id, 120_000);
    await sleep(300);
    const counts = await runCounts(db, id, RESTART_ITEMS);
    const repeated = sim.stats().duplicateSuccesses;
    const completionMs = done.finishedAt!.getTime() - restartedAt;
    const resumedAt = sim.stats().requestLog.find((e) => e.experimentTag === id && e.at > restartedAt)?.at;
    const workerAlive = worker.child.exitCode === null && worker.child.signalCode === null;
    report.detail('db_restart', {
      items: RESTART_ITEMS, status: done.status, outageMs: restartedAt - stoppedAt, answersWhileDown: answers,
      completionMs, firstRequestAfterRestartMs: resumedAt === undefined ? null : resumedAt - restartedAt, repeated, workerAlive, lastError: done.lastError, ...counts,
    });
    report.context(`${RESTART_ITEMS} items, 1 worker (concurrency ${WORKER_CONCURRENCY}, default settings), PostgreSQL stopped after ${atStop.runsSucceeded} runs for ${secs(restartedAt - stoppedAt)} s`);
    report.context(`answers that arrived while PostgreSQL was down: ${answers}; first request after the restart ${resumedAt === undefined ? 'not seen' : `${secs(resumedAt - restartedAt)} s`} after it`);
    report.context(`status ${done.status}${done.lastError ? ` (${done.lastError})` : ''}, ${counts.runs} run rows, ${counts.succeededPairs}/${RESTART_ITEMS} pairs succeeded, duplicated rows ${counts.duplicated}, counters ${counts.countersMatch ? 'match' : 'DO NOT match'} the runs table, worker ${workerAlive ? 'still running' : 'EXITED'}`);
    report.figure('db_restart_lost_runs', counts.lost, 0);
    report.figure('db_restart_repeated_calls', repeated, 0);
    report.figure('db_restart_completion_s', completionMs / 1000, 2);
  } finally {
    await res.close();
  }
}
