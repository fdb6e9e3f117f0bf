// New work spreads over the least-loaded workers; a stop is heard at once;
// the first result arrives soon after the create call; one worker shares its slots fairly.
import { eq, sql } from 'drizzle-orm';
import type { PgBoss } from 'pg-boss';
import { createDb, type Db } from '../lib/db/client';
import { ensureDatabase, migrateDatabase } from '../lib/db/migrate';
import { experimentRuns, experiments } from '../lib/db/schema';
import { stopExperiment } from '../lib/experiments/lifecycle';
import { arithmeticDataset, createTestExperiment, experimentRow, producer, simulatorProvider } from '../tests/helpers/fixtures';
import { onCleanup, spawnWorker, workerReady, type Bench } from './harness';
import type { Report } from './faults';
import type { BenchScenario } from './scenario';
import { resetSimulator, waitFor } from './kit';

const LATENCY_MS = 200;

async function stopAll(db: Db, ids: string[]) {
  for (const id of ids) await stopExperiment(db, id).catch(() => {});
}

/** Jain's fairness index: 1 when every share is equal, 1/n when one takes everything. */
export function jain(xs: number[]): number {
  const sum = xs.reduce((a, v) => a + v, 0);
  const squares = xs.reduce((a, v) => a + v * v, 0);
  return squares ? (sum * sum) / (xs.length * squares) : 0;
}

/** Three workers of their own (default settings) in a database of its own; nine experiments created back to back. */
async function spread(b: Bench, report: Report) {
  const steps: (() => Promise<unknown>)[] = [];
  const close = async () => { for (const s of steps.reverse()) await s().catch(() => {}); steps.length = 0; };
  onCleanup(close);
  try {
    await ensureDatabase(b.pgUrl(), 'bench_spread');
    const url = b.pgUrl('bench_spread');
    await migrateDatabase(url);
    const { db, sql: client } = createDb(url, { max: 5 });
    steps.push(() => client.end({ timeout: 5 }));
    const boss: PgBoss = await producer(url);
    steps.push(() => boss.stop({ graceful: false }));
    resetSimulator(b.sim, { latencyMs: LATENCY_MS, jitterMs: 20 });
    const env: NodeJS.ProcessEnv = { ...process.env, DATABASE_URL: url, APP_SECRET: process.env.APP_SECRET!, RUNNER_MAX_CONCURRENCY: '10' };
    const workers = [spawnWorker(env), spawnWorker(env), spawnWorker(env)];
    for (const w of workers) steps.push(w.kill);
    await Promise.all(workers.map(workerReady));

    const provider = await simulatorProvider(db, b.sim.url);
    const n = 9;
    const datasets = await Promise.all(Array.from({ length: n }, () => arithmeticDataset(db, 500)));
    const ids: string[] = [];
    for (const ds of datasets) ids.push((await createTestExperiment(db, boss, ds.id, provider.id)).id);
    const rows = await waitFor(async () => {
      const r = await db.select().from(experiments).where(sql`${experiments.id} in ${ids}`);
      return r.every((e) => e.status === 'RUNNING' && e.claimedBy) && r;
    }, 60_000, 'all nine claimed');
    const held = new Map<string, number>();
    for (const r of rows) held.set(r.claimedBy!, (held.get(r.claimedBy!) ?? 0) + 1);
    const counts = [...held.values()].sort((x, y) => y - x);
    report.context(`3 workers (concurrency 10, default settings), ${n} experiments created back to back: held ${counts.join(' / ')}`);
    report.detail('spread', { workers: 3, experiments: n, held: counts });
    report.figure('spread_max_share', counts[0] / n);
    await stopAll(db, ids);
  } finally {
    await close();
  }
}

/** Create call to the first recorded run, on the database clock, with the shared bench worker. */
async function firstResult(b: Bench, report: Report) {
  resetSimulator(b.sim, { latencyMs: LATENCY_MS, jitterMs: 20 });
  const provider = await simulatorProvider(b.db, b.sim.url);
  const samples: number[] = [];
  for (let i = 0; i < 5; i++) {
    const ds = await arithmeticDataset(b.db, 200);
    const [{ at }] = await b.db.execute<{ at: Date | string }>(sql`select clock_timestamp() as at`);
    const { id } = await createTestExperiment(b.db, b.boss, ds.id, provider.id);
    const first = await waitFor(async () => {
      const [row] = await b.db.select({ at: sql<Date | string | null>`min(${experimentRuns.updatedAt})` }).from(experimentRuns).where(eq(experimentRuns.experimentId, id));
      return row?.at ?? null;
    }, 30_000, 'the first recorded run');
    samples.push(new Date(first).getTime() - new Date(at).getTime());
    await stopExperiment(b.db, id).catch(() => {});
  }
  const sorted = [...samples].sort((x, y) => x - y);
  report.context(`simulator latency ${LATENCY_MS} ms; create call to first recorded run, each: ${samples.join(' ')} ms (figure: median)`);
  report.detail('first_result', { latencyMs: LATENCY_MS, samplesMs: samples });
  report.figure('first_result_ms', sorted[Math.floor(sorted.length / 2)], 0);
}

/** Last new request the simulator receives after stopExperiment returned (0 when none), worst of three. */
async function stopToLastRequest(b: Bench, report: Report) {
  resetSimulator(b.sim, { latencyMs: LATENCY_MS, jitterMs: 20 });
  const provider = await simulatorProvider(b.db, b.sim.url);
  const samples: number[] = [];
  let inFlightAtStops = 0;
  for (let i = 0; i < 3; i++) {
    const ds = await arithmeticDataset(b.db, 2000);
    const { id } = await createTestExperiment(b.db, b.boss, ds.id, provider.id);
    await waitFor(async () => (await experimentRow(b.db, id)).runsSucceeded >= 50, 60_000, '50 runs');
    inFlightAtStops += b.sim.stats().inFlight;
    await stopExperiment(b.db, id);
    const returnedAt = Date.now();
    await waitFor(async () => (await experimentRow(b.db, id)).claimedBy === null, 60_000, 'the owner to drain', 50);
    const late = b.sim.stats().requestLog.filter((e) => e.experimentTag === id && e.at > returnedAt);
    samples.push(late.length ? Math.max(...late.map((e) => e.at)) - returnedAt : 0);
  }
  report.context(`1 worker (concurrency 20), simulator latency ${LATENCY_MS} ms, stop after 50 runs, 3 times: last new request ${samples.join(' ')} ms after the stop returned (0 = none); ${inFlightAtStops} calls in flight at the stops finished and were recorded`);
  report.detail('stop_to_last_request', { samplesMs: samples, inFlightAtStops });
  report.figure('stop_to_last_request_ms', Math.max(...samples), 0);
}

/** Per-experiment request counts over the next `window` requests once all k run on the one bench worker. */
async function fairnessOf(b: Bench, report: Report, k: number, window: number): Promise<number> {
  resetSimulator(b.sim, { latencyMs: LATENCY_MS, jitterMs: 20 });
  const provider = await simulatorProvider(b.db, b.sim.url);
  const datasets = await Promise.all(Array.from({ length: k }, () => arithmeticDataset(b.db, 3000)));
  const ids: string[] = [];
  try {
    for (const ds of datasets) ids.push((await createTestExperiment(b.db, b.boss, ds.id, provider.id)).id);
    await waitFor(async () => (await Promise.all(ids.map((id) => experimentRow(b.db, id)))).every((r) => r.runsSucceeded > 0), 60_000, `all ${k} running`);
    const from = Date.now();
    const sent = await waitFor(async () => {
      const log = b.sim.stats().requestLog.filter((e) => e.at >= from);
      return log.length >= window && log.slice(0, window);
    }, 120_000, `${window} requests`, 50);
    const counts = ids.map((id) => sent.filter((e) => e.experimentTag === id).length);
    const index = jain(counts);
    report.context(`${k} experiments at once: requests each over ${window} requests: ${counts.join(' ')}; Jain ${index.toFixed(3)}`);
    return index;
  } finally {
    await stopAll(b.db, ids);
  }
}
async function fairness(b: Bench, report: Report) {
  const two = await fairnessOf(b, report, 2, 400);
  const ten = await fairnessOf(b, report, 10, 1000);
  report.detail('fairness', { two, ten });
  report.figure('fairness_jain_2', two);
  report.figure('fairness_jain_10', ten);
  report.figure('fairness_jain', Math.min(two, ten));
}

export const spreadScenarios: BenchScenario[] = [
  { name: 'spread (three workers, nine experiments created back to back)', quick: true, run: spread },
  { name: 'spread_first_result (create to first recorded run)', quick: true, run: firstResult },
  { name: 'spread_stop (last new request after a stop returned)', quick: true, run: stopToLastRequest },
  { name: 'spread_fairness (two and ten experiments at once on one worker)', quick: false, run: fairness },
];
