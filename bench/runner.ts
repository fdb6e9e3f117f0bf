// Runner overhead figures: items per second with the simulator answering at once (what cached
// re-runs need), against a plain fetch pool doing the same calls with the same concurrency.
import { runScenario } from './harness';
import type { BenchScenario } from './scenario';

const ITEMS = 4_000;
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
    const r = await runScenario(bench, { items: ITEMS, knobs: { latencyMs: 0 } });
    report.context(`status ${r.status}, ${r.runsSucceeded} runs, makespan ${r.makespanS.toFixed(2)} s from first request`);
    report.context(`a plain fetch pool (concurrency ${CONCURRENCY}, no database): ${pool.toFixed(0)} calls/s`);
    report.figure('items_per_s_zero_latency', r.runsSucceeded / r.makespanS, 0);
    report.figure('fetch_pool_per_s_zero_latency', pool, 0);
  },
}];
