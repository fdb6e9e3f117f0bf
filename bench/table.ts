// The experiments table at scale: the request the table polls every second,
// at 1,000 experiments and 100k then 1M runs, while one experiment runs. Its own database, seeded
// with INSERT ... SELECT generate_series (seconds, not minutes).
import { sql } from 'drizzle-orm';
import type { Db } from '../lib/db/client';
import { decodeChangeCursor } from '../lib/db/change-cursor';
import { listExperimentChanges, listExperimentRows, listExperimentsPage } from '../lib/experiments/list';
import { listRunChanges } from '../lib/playground/runs';
import type { Bench } from './harness';
import type { Report } from './faults';
import type { BenchScenario } from './scenario';
import { migratedDatabase, sleep } from './kit';

const DB = 'bench_table';
const EXPERIMENTS = 1_000;
const DATASETS = 10;
const ITEMS_PER_DATASET = 1_000;
const POLLS = 200;
const PAGE_SIZE = 50;

const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
const bytes = (v: unknown) => Buffer.byteLength(JSON.stringify(v));

async function seed(db: Db) {
  await db.execute(sql`truncate datasets, provider_connections, experiment_tombstones cascade`);
  await db.execute(sql`insert into provider_connections (name, base_url, is_simulator) values ('bench', 'http://127.0.0.1:1/v1', true)`);
  await db.execute(sql`insert into datasets (name) select 'dataset ' || d from generate_series(1, ${DATASETS}) d`);
  await db.execute(sql`insert into dataset_items (dataset_id, input, expected_output)
    select ds.id, jsonb_build_object('question', 'q' || n), jsonb_build_object('answer', n::text)
    from datasets ds cross join generate_series(1, ${ITEMS_PER_DATASET}) n`);
  // Experiments spread over the datasets; one evaluator each, so the scores column is read too.
  await db.execute(sql`insert into experiments (dataset_id, dataset_version, name, config, status, total_runs, created_at)
    select ds.id, now(), 'experiment ' || n,
      jsonb_build_object('model', 'sim-small', 'providerConnectionId', (select id from provider_connections limit 1),
        'template', jsonb_build_object('messages', jsonb_build_array(jsonb_build_object('role', 'user', 'content', '{{question}}'))),
        'evaluators', jsonb_build_array(jsonb_build_object('type', 'exact_match', 'name', 'exact', 'expectedField', 'answer'))),
      'COMPLETED', ${ITEMS_PER_DATASET}, now() - make_interval(secs => ${EXPERIMENTS} - n)
    from generate_series(1, ${EXPERIMENTS}) n
    join (select id, row_number() over (order by name) - 1 as k from datasets) ds on ds.k = n % ${DATASETS}`);
}

/** Runs number `from`..`to` (item ordinals) of every experiment but the running one, counters moved to match. */
async function addRuns(db: Db, from: number, to: number, runningId: string) {
  await db.execute(sql`insert into experiment_runs (experiment_id, dataset_item_id, repetition, status, output, latency_ms, prompt_tokens, completion_tokens)
    select e.id, i.id, 1, 'SUCCEEDED', '"ok"'::jsonb, 100, 12, 3
    from experiments e
    join (select id, dataset_id, row_number() over (partition by dataset_id order by seq) as n from dataset_items) i
      on i.dataset_id = e.dataset_id and i.n between ${from} and ${to}
    where e.id <> ${runningId}`);
  await db.execute(sql`update experiments set runs_succeeded = runs_succeeded + ${to - from + 1} where id <> ${runningId}`);
  await db.execute(sql`analyze`);
}

/**
 * The running experiment's worker, as the database sees it: a run recorded and the counters moved
 * every few ms (one statement, like recordRuns), so each poll has one changed row to send.
 */
function startWriter(db: Db, runningId: string) {
  let stop = false;
  let written = 0;
  const done = (async () => {
    while (!stop) {
      await db.execute(sql`with item as (
          select i.id from dataset_items i join experiments e on e.dataset_id = i.dataset_id and e.id = ${runningId}
          where not exists (select 1 from experiment_runs r where r.experiment_id = ${runningId} and r.dataset_item_id = i.id)
          order by i.seq limit 1
        ), run as (
          insert into experiment_runs (experiment_id, dataset_item_id, repetition, status, output, latency_ms)
          select ${runningId}, id, 1, 'SUCCEEDED', '"ok"'::jsonb, 100 from item returning id
        ), ev as (
          insert into evaluations (run_id, experiment_id, evaluator_name, status, score)
          select id, ${runningId}, 'exact', 'COMPLETED', 1 from run
        )
        update experiments set runs_succeeded = runs_succeeded + (select count(*) from run), evals_completed = evals_completed + (select count(*) from run),
          claimed_at = now() where id = ${runningId}`);
      written++;
      await sleep(5);
    }
  })();
  return { stop: async () => { stop = true; await done; }, written: () => written };
}

async function measurePolls(db: Db, runningId: string, report: Report, label: string) {
  const page = await listExperimentsPage(db, { scope: {}, pageSize: PAGE_SIZE });
  let cursor = decodeChangeCursor(page.cursor)!;
  const writer = startWriter(db, runningId);
  const times: number[] = [];
  const sizes: number[] = [];
  const runTimes: number[] = [];
  let runCursor = decodeChangeCursor((await listRunChanges(db, runningId)).cursor);
  try {
    for (let i = 0; i < POLLS; i++) {
      await sleep(10);
      const t0 = performance.now();
      const changes = await listExperimentChanges(db, { scope: {}, after: cursor, limit: PAGE_SIZE, page: 1, pageSize: PAGE_SIZE });
      times.push(performance.now() - t0);
      sizes.push(bytes(changes));
      cursor = decodeChangeCursor(changes.cursor)!;
      const r0 = performance.now();
      const runs = await listRunChanges(db, runningId, { after: runCursor });
      runTimes.push(performance.now() - r0);
      runCursor = decodeChangeCursor(runs.cursor);
    }
  } finally {
    await writer.stop();
  }
  times.sort((a, b) => a - b);
  runTimes.sort((a, b) => a - b);
  sizes.sort((a, b) => a - b);
  report.context(`${label}: ${POLLS} delta polls of the all-experiments table (page 1 of ${PAGE_SIZE}) while the writer recorded ${writer.written()} runs; p50 ${quantile(times, 0.5).toFixed(2)} ms, p95 ${quantile(times, 0.95).toFixed(2)} ms, max ${times.at(-1)!.toFixed(2)} ms; bytes p50 ${quantile(sizes, 0.5)}, max ${sizes.at(-1)}`);
  report.context(`${label}: playground run-stream polls of the running experiment: p50 ${quantile(runTimes, 0.5).toFixed(2)} ms, p95 ${quantile(runTimes, 0.95).toFixed(2)} ms`);
  return { p50: quantile(times, 0.5), p95: quantile(times, 0.95), bytes: quantile(sizes, 0.5), maxBytes: sizes.at(-1)!, runP95: quantile(runTimes, 0.95) };
}

async function planOf(db: Db, runningId: string) {
  const rows = await db.execute<{ 'QUERY PLAN': string }>(sql`explain select id from experiments
    where record and (updated_at, id) > (now() - interval '1 second', '00000000-0000-0000-0000-000000000000'::uuid)
    order by updated_at, id limit 51`);
  const runs = await db.execute<{ 'QUERY PLAN': string }>(sql`explain select r.id from experiment_runs r
    where r.experiment_id = ${runningId} and r.updated_at >= now() - interval '1 second'`);
  const first = (r: { 'QUERY PLAN': string }[]) => r.map((x) => x['QUERY PLAN']).find((l) => /Scan/.test(l))?.trim() ?? '?';
  return { table: first([...rows]), runs: first([...runs]) };
}

async function tableAtScale(b: Bench, report: Report) {
  const { db, sql: client } = await migratedDatabase(b, DB, 4);
  try {
    const t0 = performance.now();
    await seed(db);
    const [running] = await db.execute<{ id: string }>(sql`update experiments set status = 'RUNNING', claimed_at = now(), claimed_by = 'bench'
      where id = (select id from experiments order by created_at desc limit 1) returning id`);
    await addRuns(db, 1, 100, running.id);
    report.context(`seeded ${EXPERIMENTS} experiments on ${DATASETS} datasets and ${(EXPERIMENTS - 1) * 100} runs in ${((performance.now() - t0) / 1000).toFixed(1)} s (INSERT ... SELECT generate_series)`);
    report.context('timed: the lib functions the routes call (listExperimentChanges behind GET /api/experiments?updatedSince=…, listRunChanges behind GET /api/experiments/{id}/runs), in-process against the bench PostgreSQL; no HTTP, auth or JSON encoding');
    const at100k = await measurePolls(db, running.id, report, '100k runs');

    const t1 = performance.now();
    await addRuns(db, 101, 1_000, running.id);
    const [{ n }] = await db.execute<{ n: string }>(sql`select count(*)::text as n from experiment_runs`);
    report.context(`added runs up to ${Number(n).toLocaleString('en')} in ${((performance.now() - t1) / 1000).toFixed(1)} s`);
    const at1m = await measurePolls(db, running.id, report, '1M runs');
    const plan = await planOf(db, running.id);
    report.context(`plans: table delta → ${plan.table}; playground runs → ${plan.runs}`);

    const full = await listExperimentRows(db, { scope: {}, limit: EXPERIMENTS, offset: 0 });
    const first = await listExperimentsPage(db, { scope: {}, pageSize: PAGE_SIZE });
    report.context(`for scale: the whole list of ${EXPERIMENTS} rows is ${bytes(full).toLocaleString('en')} bytes of JSON; the first page (${PAGE_SIZE} rows, server-rendered) ${bytes(first).toLocaleString('en')} bytes`);

    report.figure('poll_p50_ms', at1m.p50, 2);
    report.figure('poll_p95_ms', at1m.p95, 2);
    report.figure('poll_p95_ms_100k_runs', at100k.p95, 2);
    report.figure('poll_bytes', at1m.bytes, 0);
    report.figure('playground_poll_p95_ms', at1m.runP95, 2);
    report.detail('table', { at100k, at1m, plan, fullListBytes: bytes(full), firstPageBytes: bytes(first) });
  } finally {
    await client.end({ timeout: 5 });
  }
}

export const tableScenarios: BenchScenario[] = [
  { name: 'table (1,000 experiments, 100k and 1M runs: delta polls)', quick: false, run: tableAtScale },
];
