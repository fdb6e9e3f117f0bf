// Runner overhead figures: items per second with the simulator answering at once (what cached
// re-runs need), against a plain fetch pool doing the same calls with the same concurrency.
import { asc, eq } from 'drizzle-orm';
import { experimentRuns } from '../lib/db/schema';
import { runScenario } from './harness';
import { experimentEnded, ownDatabase, resetSimulator } from './kit';
import { arithmeticDataset, createTestExperiment, simulatorProvider } from '../tests/helpers/fixtures';
import type { BenchScenario } from './scenario';

const ITEMS = 4_000;
const WARM_UP_ITEMS = 2_000;
const CONCURRENCY = 20;

/** The same number of chat calls with no runner at all: the ceiling the runner is measured against. */
async function plainFetchPool(url: string, n: number, concurrency: number): Promise<number> {
  const started = performance.now();
  let next = 0;
  const one = async () => {
    while (next < n) {
      const i = next++;
      const res = await fetch(`${url}/chat/completions`, {
        method: 'POST', headers: { 'content-type': 'application/json', authorization: 'Bearer no-key' },
        body: JSON.stringify({ model: 'sim-small', messages: [{ role: 'user', content: `What is ${i} + ${i + 7}?` }] }),
      });
      await res.text();
    }
  };
  await Promise.all(Array.from({ length: concurrency }, one));
  return n / ((performance.now() - started) / 1000);
}

export const runnerScenarios: BenchScenario[] = [{
  name: 'zero_latency (per-item overhead, simulator at 0 ms)',
  quick: true,
  run: async (bench, report) => {
    bench.sim.setKnobs({ latencyMs: 0, jitterMs: 0 });
    const pool = await plainFetchPool(bench.sim.url, ITEMS, CONCURRENCY);
    // A worker that has just started runs its code cold (the JIT has not compiled it yet): warm it
    // up as a worker in service is, then measure.
    await runScenario(bench, { items: WARM_UP_ITEMS, knobs: { latencyMs: 0 } });
    const r = await runScenario(bench, { items: ITEMS, knobs: { latencyMs: 0 } });
    report.context(`status ${r.status}, ${r.runsSucceeded} runs, makespan ${r.makespanS.toFixed(2)} s from first request`);
    report.context(`after ${WARM_UP_ITEMS} items to warm the worker up; a plain fetch pool (concurrency ${CONCURRENCY}, no database): ${pool.toFixed(0)} calls/s`);
    report.figure('items_per_s_zero_latency', r.runsSucceeded / r.makespanS, 0);
    report.figure('fetch_pool_per_s_zero_latency', pool, 0);
  },
}];

const WIDE_CONCURRENCY = 200;
const WIDE_ITEMS = 4_000;
const WIDE_LATENCY_MS = 200;

/** One worker's concurrency raised to hundreds of calls in flight. */
runnerScenarios.push({
  name: 'wide_concurrency (one worker, 200 calls in flight)',
  quick: true,
  run: async (bench, report) => {
    const own = await ownDatabase(bench, 'bench_wide');
    try {
      await own.worker({ RUNNER_MAX_CONCURRENCY: String(WIDE_CONCURRENCY) });
      resetSimulator(bench.sim, { latencyMs: WIDE_LATENCY_MS, jitterMs: 0 });
      const provider = await simulatorProvider(own.db, bench.sim.url);
      const ds = await arithmeticDataset(own.db, WIDE_ITEMS);
      const createdAt = Date.now();
      const { id } = await createTestExperiment(own.db, own.boss, ds.id, provider.id);
      const row = await experimentEnded(own.db, id, 120_000);
      const log = bench.sim.stats().requestLog.filter((e) => e.experimentTag === id);
      const firstAt = log[0]?.at ?? createdAt;
      const ideal = (WIDE_ITEMS * WIDE_LATENCY_MS) / WIDE_CONCURRENCY / 1000;
      const makespan = (row.finishedAt!.getTime() - firstAt) / 1000;
      report.context(`${WIDE_ITEMS} items at ${WIDE_LATENCY_MS} ms, RUNNER_MAX_CONCURRENCY=${WIDE_CONCURRENCY}: status ${row.status}, ${row.runsSucceeded} succeeded, max in flight ${bench.sim.stats().maxInFlight}, makespan ${makespan.toFixed(2)} s (ideal ${ideal} s)`);
      report.figure('wide_concurrency_ratio', makespan / ideal);
      report.figure('wide_concurrency_items_per_s', row.runsSucceeded / makespan, 0);
    } finally {
      await own.close();
    }
  },
});

const CACHED_ITEMS = 2_000;

/** The call cache: a re-run whose every call is in the call cache, against the first run that paid for them. */
runnerScenarios.push({
  name: 'cached_rerun (2,000 items at 200 ms, then the same calls again)',
  quick: false,
  run: async (bench, report) => {
    resetSimulator(bench.sim, { latencyMs: 200, jitterMs: 0 });
    const provider = await simulatorProvider(bench.db, bench.sim.url);
    const ds = await arithmeticDataset(bench.db, CACHED_ITEMS);
    const config = { params: { temperature: 0 } };
    const makespan = async () => {
      const createdAt = Date.now();
      const { id } = await createTestExperiment(bench.db, bench.boss, ds.id, provider.id, { config });
      const row = await experimentEnded(bench.db, id, 300_000);
      return { row, seconds: (row.finishedAt!.getTime() - createdAt) / 1000 };
    };
    const first = await makespan();
    const requests = bench.sim.stats().requests;
    const second = await makespan();
    const sent = bench.sim.stats().requests - requests;
    report.context(`first run ${first.seconds.toFixed(2)} s (${first.row.runsSucceeded} succeeded), cached re-run ${second.seconds.toFixed(2)} s (${second.row.runsCached} cached, ${sent} provider calls), both from the create call`);
    report.figure('cached_rerun_ratio', second.seconds / first.seconds, 4);
    report.figure('cached_rerun_items_per_s', second.row.runsSucceeded / second.seconds, 0);
  },
});

/** How far a budget cap is overshot: calls recorded after the cost crossed the cap (target <= concurrency). */
runnerScenarios.push({
  name: 'budget_cap (1,000 items at 50 ms, cap at about 300 calls)',
  quick: true,
  run: async (bench, report) => {
    resetSimulator(bench.sim, { latencyMs: 50, jitterMs: 20 });
    const provider = await simulatorProvider(bench.db, bench.sim.url);
    const finished = (id: string) => experimentEnded(bench.db, id, 120_000);
    const probe = await createTestExperiment(bench.db, bench.boss, (await arithmeticDataset(bench.db, 20)).id, provider.id);
    const perCall = (await finished(probe.id)).costUsd / 20;
    const cap = perCall * 300;
    const { id } = await createTestExperiment(bench.db, bench.boss, (await arithmeticDataset(bench.db, 1_000)).id, provider.id, { config: { budgetUsd: cap } });
    const row = await finished(id);
    const runs = await bench.db.select({ cost: experimentRuns.costUsd, at: experimentRuns.updatedAt }).from(experimentRuns)
      .where(eq(experimentRuns.experimentId, id)).orderBy(asc(experimentRuns.updatedAt), asc(experimentRuns.id));
    let spent = 0;
    let after = 0;
    for (const r of runs) {
      if (spent >= cap) after++;
      spent += r.cost ?? 0;
    }
    report.context(`status ${row.status} (${row.lastError}), ${row.runsSucceeded} runs, cost $${row.costUsd.toFixed(6)} for a cap of $${cap.toFixed(6)} (${((row.costUsd / cap - 1) * 100).toFixed(2)} % over), worker concurrency ${CONCURRENCY}`);
    report.figure('budget_overshoot_calls', after, 0);
  },
});
