// `npm run bench`: throughput and rate-limit adaptation of ONE worker against the simulator, then
// fault figures (kill -9 recovery, PostgreSQL restart) with workers of their own (bench/faults.ts).
// Prints `name: value` lines and writes every figure to bench/results.json.
import fs from 'node:fs';
import path from 'node:path';
import { cleanup, runScenario, startBench, type Bench, type ScenarioResult } from './harness';
import { dbRestartMidRun, recoveryAfterKill, type Report } from './faults';
import type { BenchScenario } from './scenario';
import { budgetScenarios } from './budget';
import { tableScenarios } from './table';
import { scaleScenarios } from './scale';
import { spreadScenarios } from './spread';
import { runnerScenarios } from './runner';
import { estimateScenarios } from './estimate';
import { exportScenarios } from './export';

const QUICK = process.argv.includes('--quick');

process.env.APP_SECRET ??= 'bench-app-secret-0123456789';

const CONCURRENCY = 20;
const LATENCY_MS = 200;
const RPM = 600;
const GLOBAL_TIMEOUT_MS = 45 * 60_000;

const figures: Record<string, number> = {};
const details: Record<string, unknown> = {};
const failures: Record<string, string> = {};

const fixed = (v: number, digits = 3) => v.toFixed(digits);
function figure(name: string, value: number, digits = 3) {
  figures[name] = Number(fixed(value, digits));
  console.log(`${name}: ${fixed(value, digits)}`);
}
const context = (line: string) => console.log(`  ${line}`);
const report: Report = { figure, context, detail: (key, value) => { details[key] = value; } };

function describe(r: ScenarioResult) {
  context(`status ${r.status}, runs succeeded ${r.runsSucceeded}, failed ${r.runsFailed}`);
  context(`makespan ${fixed(r.makespanS, 2)} s from first request; ${fixed(r.makespanFromCreateS, 2)} s from create call (first request ${fixed(r.startupS, 2)} s after create)`);
  context(`requests ${r.requests}, by status ${JSON.stringify(r.byStatus)}, max in flight ${r.maxInFlight}, duplicate successes ${r.duplicateSuccesses}`);
}

async function scenario(name: string, fn: () => Promise<void>, quick = false) {
  // BENCH_ONLY=<prefix> runs just the matching scenarios; --quick only the quick ones.
  if (process.env.BENCH_ONLY && !name.startsWith(process.env.BENCH_ONLY)) return;
  if (QUICK && !quick) return;
  console.log(`\n# ${name}`);
  try {
    await fn();
  } catch (err) {
    failures[name] = err instanceof Error ? err.message : String(err);
    console.error(`${name}: FAILED: ${failures[name]}`);
  }
}

async function rateLimited(bench: Bench, prefix: string, providerRpm: number | undefined, advertiseLimits = true) {
  const items = 1_000; // at 600/min, 2,000 items would take 200 s: 1,000 keeps the run short
  const ideal = items / (RPM / 60);
  const r = await runScenario(bench, { items, knobs: { latencyMs: LATENCY_MS, requestsPerMinute: RPM, advertiseLimits }, providerRpm });
  details[prefix] = { items, idealS: ideal, providerRpm: providerRpm ?? null, ...r };
  describe(r);
  context(`N = ${items} items (not 2,000), simulator limit ${RPM}/min${advertiseLimits ? ' (advertised in x-ratelimit headers)' : ' (not advertised)'}, provider limit ${providerRpm ?? 'not configured'}, ideal N / rate = ${ideal} s`);
  context(`after the first 10 s: ${r.afterWarmup.requests} requests, ${r.afterWarmup.rateLimited} answered 429${r.afterWarmup.exact ? '' : ' (approximate: request log overflowed)'}`);
  if (r.perSecond) context(`429s per 10 s window: ${windows(r.perSecond.limited).join(' ')}`);
  figure(`${prefix}_ratio`, r.makespanS / ideal);
  figure(`${prefix}_429_share`, r.afterWarmup.share, 4);
}

const windows = (perSecond: number[], size = 10) =>
  Array.from({ length: Math.ceil(perSecond.length / size) }, (_, i) => perSecond.slice(i * size, (i + 1) * size).reduce((a, v) => a + v, 0));

async function main() {
  const started = Date.now();
  const stop = (why: string, code: number) => {
    console.error(`[bench] ${why}: cleaning up`);
    void cleanup().finally(() => process.exit(code));
  };
  process.once('SIGINT', () => stop('SIGINT', 130));
  process.once('SIGTERM', () => stop('SIGTERM', 143));
  const watchdog = setTimeout(() => stop(`no result after ${GLOBAL_TIMEOUT_MS / 60_000} min`, 2), GLOBAL_TIMEOUT_MS);

  try {
    const bench = await startBench({ concurrency: CONCURRENCY });
    console.log(`[bench] ready in ${fixed((Date.now() - started) / 1000, 1)} s (1 worker, concurrency ${CONCURRENCY}, simulator latency ${LATENCY_MS} ms)`);

    await scenario('throughput', async () => {
      const items = 2_000;
      const ideal = (items * LATENCY_MS) / CONCURRENCY / 1000;
      const r = await runScenario(bench, { items, knobs: { latencyMs: LATENCY_MS } });
      details.throughput = { items, idealS: ideal, ...r };
      describe(r);
      context(`ideal N × latency / concurrency = ${ideal} s`);
      if (r.perSecond) context(`requests per second: ${r.perSecond.all.join(' ')}`);
      figure('throughput_ratio', r.makespanS / ideal);
      figure('throughput_ratio_from_create', r.makespanFromCreateS / ideal);
    }, true);
    await scenario('rate_limited (no configured limit)', () => rateLimited(bench, 'rate_limited', undefined));
    await scenario('rate_limited_configured (provider limit 600/min)', () => rateLimited(bench, 'rate_limited_configured', RPM));
    // A provider that says nothing of its limit: the bucket has only 429s to go by (pure AIMD).
    await scenario('rate_limited_blind (limit neither configured nor advertised)', () => rateLimited(bench, 'rate_limited_blind', undefined, false));
    const modules: BenchScenario[] = [...runnerScenarios, ...scaleScenarios, ...spreadScenarios, ...budgetScenarios, ...tableScenarios, ...estimateScenarios, ...exportScenarios];
    for (const s of modules) await scenario(s.name, () => s.run(bench, report), s.quick);
    await scenario('recovery (kill -9 of the owning worker, default runner settings)', () => recoveryAfterKill(bench, report));
    await scenario('db_restart (PostgreSQL stopped and started mid-run)', () => dbRestartMidRun(bench, report));
  } finally {
    clearTimeout(watchdog);
    await cleanup();
  }

  const out = path.join(import.meta.dirname, 'results.json');
  // A partial run (--quick, BENCH_ONLY) updates its own figures and keeps the others'.
  const partial = QUICK || !!process.env.BENCH_ONLY;
  const previous = partial && fs.existsSync(out) ? JSON.parse(fs.readFileSync(out, 'utf8')) : null;
  fs.writeFileSync(out, JSON.stringify({
    at: new Date().toISOString(), ...(partial ? { partial: QUICK ? 'quick' : process.env.BENCH_ONLY } : {}),
    figures: { ...previous?.figures, ...figures }, failures, details: { ...previous?.details, ...details },
  }, null, 2) + '\n');
  console.log(`\n[bench] done in ${fixed((Date.now() - started) / 1000, 1)} s; figures in ${path.relative(process.cwd(), out)}`);
  if (Object.keys(failures).length) process.exitCode = 1;
}

main().catch(async (err) => {
  console.error('[bench] failed:', err);
  await cleanup();
  process.exit(1);
});
