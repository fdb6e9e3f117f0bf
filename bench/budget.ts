// One provider budget shared by every worker (three workers against one
// 600 rpm limit, nothing configured), and a gentle start against a provider that says nothing of
// its limit (no x-ratelimit headers, no retry-after).
import { sql } from 'drizzle-orm';
import type { PgBoss } from 'pg-boss';
import { createDb } from '../lib/db/client';
import { ensureDatabase, migrateDatabase } from '../lib/db/migrate';
import { experiments } from '../lib/db/schema';
import { stopExperiment } from '../lib/experiments/lifecycle';
import { DEFAULT_KNOBS } from '../lib/simulator/knobs';
import { arithmeticDataset, createTestExperiment, producer, simulatorProvider } from '../tests/helpers/fixtures';
import { onCleanup, runScenario, spawnWorker, workerReady, SCENARIO_TIMEOUT_MS, type Bench } from './harness';
import type { Report } from './faults';
import type { BenchScenario } from './scenario';

const RPM = 600;
const LATENCY_MS = 200;
const CONCURRENCY = 20;
const WARMUP_MS = 10_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** 1,000 items on the shared bench worker against 600 rpm that advertises nothing and sends no retry-after. */
async function blind(b: Bench, report: Report) {
  const items = 1_000;
  const ideal = items / (RPM / 60);
  try {
    const r = await runScenario(b, {
      items, knobs: { latencyMs: LATENCY_MS, requestsPerMinute: RPM, advertiseLimits: false, sendRetryAfter: false },
    });
    const limited = r.byStatus['429'] ?? 0;
    report.detail('blind', { items, idealS: ideal, ...r });
    report.context(`status ${r.status}, ${r.runsSucceeded} succeeded; ${r.requests} requests, ${limited} answered 429 (${JSON.stringify(r.byStatus)})`);
    report.context(`makespan ${r.makespanS.toFixed(2)} s from the first request; ideal N / rate = ${ideal} s`);
    if (r.perSecond) report.context(`429s per 10 s window: ${windows(r.perSecond.limited).join(' ')}`);
    report.figure('blind_429_share', r.requests ? limited / r.requests : 0, 4);
    report.figure('blind_ratio', r.makespanS / ideal);
  } finally {
    b.sim.setKnobs({ advertiseLimits: true, sendRetryAfter: true });
  }
}

/**
 * Three workers of their own (default settings, concurrency 20) in a database of its own, three
 * experiments created back to back (work spreading puts one on each), one simulator limit of
 * 600 rpm and nothing configured on the provider connection. `shared: false` measures the same
 * with RUNNER_SHARED_BUDGET=off, every worker assuming the whole budget.
 */
async function sharedBudget(b: Bench, report: Report, opts: { shared: boolean; prefix: string }) {
  const steps: (() => Promise<unknown>)[] = [];
  const close = async () => { for (const s of steps.reverse()) await s().catch(() => {}); steps.length = 0; };
  onCleanup(close);
  const ids: string[] = [];
  try {
    const name = `bench_budget_${opts.shared ? 'shared' : 'unshared'}`;
    await ensureDatabase(b.pgUrl(), name);
    const url = b.pgUrl(name);
    await migrateDatabase(url);
    const { db, sql: client } = createDb(url, { max: 5 });
    steps.push(() => client.end({ timeout: 5 }));
    // Run last of the steps (they run newest first): nothing keeps calling the simulator afterwards.
    steps.push(async () => { for (const id of ids) await stopExperiment(db, id).catch(() => {}); });
    const boss: PgBoss = await producer(url);
    steps.push(() => boss.stop({ graceful: false }));
    const { sim } = b;
    sim.setKnobs({ requestsPerMinute: 0 });
    sim.setKnobs({ ...DEFAULT_KNOBS, latencyMs: LATENCY_MS, requestsPerMinute: RPM });
    const env: NodeJS.ProcessEnv = {
      ...process.env, DATABASE_URL: url, APP_SECRET: process.env.APP_SECRET!, RUNNER_MAX_CONCURRENCY: String(CONCURRENCY),
      RUNNER_SHARED_BUDGET: opts.shared ? 'on' : 'off',
    };
    const workers = [spawnWorker(env), spawnWorker(env), spawnWorker(env)];
    for (const w of workers) steps.push(w.kill);
    await Promise.all(workers.map(workerReady));

    const provider = await simulatorProvider(db, sim.url);
    const perExperiment = 250;
    const datasets = await Promise.all([0, 1, 2].map(() => arithmeticDataset(db, perExperiment)));
    sim.resetStats();
    for (const ds of datasets) ids.push((await createTestExperiment(db, boss, ds.id, provider.id)).id);
    const deadline = Date.now() + SCENARIO_TIMEOUT_MS;
    // Owners are read while running: a finished experiment has none.
    const ownerOf = new Map<string, string>();
    let rows = await db.select().from(experiments).where(sql`${experiments.id} in ${ids}`);
    while (!rows.every((r) => ['COMPLETED', 'ERROR', 'STOPPED'].includes(r.status))) {
      if (Date.now() > deadline) throw new Error(`not finished after ${SCENARIO_TIMEOUT_MS / 1000} s`);
      for (const r of rows) if (r.claimedBy && !ownerOf.has(r.id)) ownerOf.set(r.id, r.claimedBy);
      await sleep(200);
      rows = await db.select().from(experiments).where(sql`${experiments.id} in ${ids}`);
    }
    await sleep(300); // answers still on the wire
    const owners = new Set(ownerOf.values());
    const stats = sim.stats();
    const log = stats.requestLog.filter((e) => e.experimentTag !== null && ids.includes(e.experimentTag));
    if (log.length !== stats.requests) throw new Error(`the request log overflowed (${stats.requests} requests)`);
    const firstAt = log[0].at;
    const late = log.filter((e) => e.at >= firstAt + WARMUP_MS);
    const lateLimited = late.filter((e) => e.status === 429).length;
    const limited = log.filter((e) => e.status === 429).length;
    const finishedAt = Math.max(...rows.map((r) => r.finishedAt!.getTime()));
    const items = perExperiment * 3;
    const ideal = items / (RPM / 60);
    const makespanS = (finishedAt - firstAt) / 1000;
    const perSecond = new Array(Math.ceil((finishedAt - firstAt) / 1000) + 1).fill(0);
    const okPerSecond = new Array(perSecond.length).fill(0);
    for (const e of log) {
      const i = Math.min(perSecond.length - 1, Math.floor((e.at - firstAt) / 1000));
      if (e.status === 429) perSecond[i]++;
      if (e.status === 200) okPerSecond[i]++;
    }
    const finishedS = rows.map((r) => ((r.finishedAt!.getTime() - firstAt) / 1000).toFixed(1));
    report.detail(opts.prefix, {
      shared: opts.shared, items, idealS: ideal, makespanS, requests: log.length, limited, lateRequests: late.length, lateLimited,
      owners: owners.size, statuses: rows.map((r) => r.status), rateLimitWaits: rows.map((r) => r.rateLimitWaits),
    });
    report.context(`3 workers (concurrency ${CONCURRENCY}), 3 experiments of ${perExperiment} items held by ${owners.size} worker(s), simulator ${RPM}/min (advertised on 429s), nothing configured, sharing ${opts.shared ? 'on' : 'OFF'}`);
    report.context(`statuses ${rows.map((r) => r.status).join(' ')}; ${log.length} requests, ${limited} answered 429 (${late.length} after the first 10 s, ${lateLimited} of them 429); rate-limit waits per experiment ${rows.map((r) => r.rateLimitWaits).join(' ')}`);
    report.context(`makespan ${makespanS.toFixed(2)} s from the first request; ideal N / rate = ${ideal} s; 429s per 10 s window: ${windows(perSecond).join(' ')}`);
    report.context(`answered 200 per 10 s window: ${windows(okPerSecond).join(' ')}; experiments finished at ${finishedS.join(' / ')} s`);
    report.figure(`${opts.prefix}_429_share`, late.length ? lateLimited / late.length : 0, 4);
    report.figure(`${opts.prefix}_ratio`, makespanS / ideal);
  } finally {
    await close();
    b.sim.setKnobs({ requestsPerMinute: 0 });
  }
}

const windows = (perSecond: number[], size = 10) =>
  Array.from({ length: Math.ceil(perSecond.length / size) }, (_, i) => perSecond.slice(i * size, (i + 1) * size).reduce((a, v) => a + v, 0));

export const budgetScenarios: BenchScenario[] = [
  { name: 'blind (600 rpm, no headers, no retry-after)', quick: false, run: blind },
  { name: 'shared_budget (three workers, 600 rpm, nothing configured)', quick: false, run: (b, r) => sharedBudget(b, r, { shared: true, prefix: 'shared_budget' }) },
  // What sharing buys: the same with every worker assuming the whole budget (BENCH_BUDGET_CONTROL=1).
  ...(process.env.BENCH_BUDGET_CONTROL ? [{
    name: 'shared_budget_off (the same, RUNNER_SHARED_BUDGET=off)', quick: false,
    run: (b: Bench, r: Report) => sharedBudget(b, r, { shared: false, prefix: 'shared_budget_off' }),
  }] : []),
];
