// 100k-item figures: an upload of 100,000 rows through the upload route over HTTP (the
// file as the body, as the upload panel sends it), creating an experiment on that dataset, and the
// peak memory of a real worker running 100,000 items. Each uses a database of its own on the
// bench cluster, so the shared bench worker never sees these rows.
import fs from 'node:fs';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { AddressInfo } from 'node:net';
import { getSql } from '../lib/db/client';
import { countItemsAt, createDataset } from '../lib/datasets/items';
import { databaseNow } from '../lib/db/now';
import { startSimulator } from '../lib/simulator/server';
import { setQuotas } from '../lib/quotas/quotas';
import { DEFAULT_QUOTAS } from '../lib/quotas/quota-schema';
import { stopExperiment } from '../lib/experiments/lifecycle';
import type { RouteHandler } from '../lib/server/define-route';
import { apiCaller } from '../tests/helpers/api';
import { arithmeticDataset, createTestExperiment, experimentRow, producer, simulatorProvider } from '../tests/helpers/fixtures';
import { onCleanup, spawnWorker, workerReady } from './harness';
import type { BenchScenario } from './scenario';
import { migratedDatabase, sleep } from './kit';
import type { Report } from './faults';

const ROWS = 100_000;
const CREATES = 7;
const WORKER_ITEMS = 100_000;
const WORKER_LATENCY_MS = 20;
const WORKER_CONCURRENCY = 20;
const WORKER_TIMEOUT_MS = 8 * 60_000;

const secs = (ms: number) => (ms / 1000).toFixed(2);
const mb = (bytes: number) => (bytes / (1024 * 1024)).toFixed(1);

/** A prompt-sized question (about 200 characters): 100,000 rows make a file well over 10 MB. */
const question = (i: number) => `Item ${i}: a customer writes "my order #${100_000 + i} arrived late, the box was damaged, and the invoice shows two charges". What should support answer, in one sentence?`;

function writeFiles(dir: string) {
  const csv = path.join(dir, 'items-100k.csv');
  const jsonl = path.join(dir, 'items-100k.jsonl');
  const c = ['id,question,answer,category'];
  const j: string[] = [];
  for (let i = 0; i < ROWS; i++) {
    c.push(`${i},"${question(i).replace(/"/g, '""')}",Refund the duplicate charge ${i},billing`);
    j.push(JSON.stringify({ id: i, question: question(i), answer: `Refund the duplicate charge ${i}`, category: 'billing' }));
  }
  fs.writeFileSync(csv, c.join('\n') + '\n');
  fs.writeFileSync(jsonl, j.join('\n') + '\n');
  return { csv, jsonl };
}

/** The route handler behind a plain HTTP server: the request body streams into it as Next.js hands it over. */
async function serveRoute(handler: RouteHandler) {
  const server = http.createServer((req, res) => {
    void (async () => {
      const url = new URL(req.url!, `http://${req.headers.host}`);
      const id = /^\/api\/datasets\/([^/]+)\/upload$/.exec(url.pathname)?.[1] ?? '';
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
      const request = new Request(url, { method: req.method, headers, body: Readable.toWeb(req) as ReadableStream, duplex: 'half' } as RequestInit);
      const answer = await handler(request, { params: Promise.resolve({ id }) });
      res.writeHead(answer.status, Object.fromEntries(answer.headers));
      res.end(Buffer.from(await answer.arrayBuffer()));
    })().catch((err) => { res.writeHead(500); res.end(String(err)); });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return { url, close: () => new Promise<void>((r) => server.close(() => r())) };
}

async function uploadAndCreate(bench: Parameters<BenchScenario['run']>[0], report: Report) {
  const { url, db, sql } = await migratedDatabase(bench, 'bench_scale');
  const boss = await producer(url);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bench-scale-'));
  // The route reads its database and public URL from the environment (getDb, appUrl): pointed at
  // this scenario's own for its duration, and the cached client closed after.
  const saved = { DATABASE_URL: process.env.DATABASE_URL, APP_URL: process.env.APP_URL };
  const restore = async () => {
    const g = globalThis as { __appDb?: unknown };
    if (g.__appDb) { await getSql().end({ timeout: 5 }); delete g.__appDb; }
    for (const [k, v] of Object.entries(saved)) { if (v === undefined) delete process.env[k]; else process.env[k] = v; }
  };
  let server: Awaited<ReturnType<typeof serveRoute>> | null = null;
  try {
    const files = writeFiles(dir);
    process.env.DATABASE_URL = url;
    const { POST } = await import('../app/api/datasets/[id]/upload/route');
    server = await serveRoute(POST);
    process.env.APP_URL = server.url;
    const { auth } = await apiCaller('member');

    const seconds: Record<string, number> = {};
    let datasetId = '';
    for (const [format, file, mapping] of [
      ['csv', files.csv, { input: ['question'], expected: ['answer'], metadata: ['category'] }],
      ['jsonl', files.jsonl, { input: ['question'], expected: ['answer'], metadata: ['category', 'id'] }],
    ] as const) {
      const ds = await createDataset(db, { name: `scale-${format}-${Date.now()}` });
      const body = await fs.openAsBlob(file); // a File from disk, as the browser sends it
      const started = performance.now();
      const res = await fetch(`${server.url}/api/datasets/${ds.id}/upload?${new URLSearchParams({ format, mapping: JSON.stringify(mapping) })}`, {
        method: 'POST', body, headers: { ...auth, 'content-type': 'application/octet-stream' },
      });
      const answer = await res.json() as { inserted?: number; errorCount?: number; error?: string };
      seconds[format] = (performance.now() - started) / 1000;
      if (res.status !== 200 || answer.inserted !== ROWS) throw new Error(`${format} upload: HTTP ${res.status} ${JSON.stringify(answer).slice(0, 300)}`);
      const stored = await countItemsAt(db, ds.id, await databaseNow(db));
      if (stored !== ROWS) throw new Error(`${format} upload: ${stored} items stored, not ${ROWS}`);
      report.context(`${format}: ${mb(body.size)} MB, ${ROWS.toLocaleString('en-US')} rows in ${seconds[format].toFixed(2)} s over HTTP (${Math.round(ROWS / seconds[format]).toLocaleString('en-US')} rows/s), ${stored} stored`);
      datasetId = ds.id;
    }
    report.figure('upload_100k_s', Math.max(seconds.csv, seconds.jsonl), 2);
    report.figure('upload_100k_csv_s', seconds.csv, 2);
    report.figure('upload_100k_jsonl_s', seconds.jsonl, 2);

    // Create on the 100k-item dataset: the quota (100,000 runs by default) is counted up to its
    // limit, variables are checked by existence, the worker plans the totals.
    await setQuotas(db, { ...DEFAULT_QUOTAS, maxConcurrentExperimentsPerUser: null });
    const provider = await simulatorProvider(db, bench.sim.url);
    const times: number[] = [];
    for (let i = 0; i < CREATES; i++) {
      const started = performance.now();
      await createTestExperiment(db, boss, datasetId, provider.id, { config: { template: { messages: [{ role: 'user', content: '{{question}}' }] } } });
      times.push(performance.now() - started);
    }
    const sorted = [...times].sort((a, b) => a - b);
    report.context(`createExperiment on ${ROWS.toLocaleString('en-US')} items, ${CREATES} times (ms): ${times.map((t) => t.toFixed(0)).join(' ')}`);
    report.figure('create_latency_ms', sorted[Math.floor(sorted.length / 2)], 1);
    report.figure('create_latency_max_ms', sorted.at(-1)!, 1);
  } finally {
    await server?.close();
    await restore();
    await boss.stop({ graceful: false });
    await sql.end({ timeout: 5 });
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function memoryKb(pid: number, field: 'VmHWM' | 'VmRSS'): number {
  const m = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(fs.readFileSync(`/proc/${pid}/status`, 'utf8'));
  return m ? Number(m[1]) : 0;
}

async function workerMemory(bench: Parameters<BenchScenario['run']>[0], report: Report) {
  const { url, db, sql } = await migratedDatabase(bench, 'bench_scale_worker', 3);
  const boss = await producer(url);
  const sim = await startSimulator({ port: 0, latencyMs: WORKER_LATENCY_MS });
  const steps = [() => boss.stop({ graceful: false }), () => sql.end({ timeout: 5 }), () => sim.close()];
  onCleanup(async () => { for (const s of steps.splice(0)) await s().catch(() => {}); });
  try {
    // The worker starts as `npm start` starts it: its heap capped at WORKER_HEAP_MB (default 256).
    const worker = spawnWorker({
      ...process.env, DATABASE_URL: url, APP_SECRET: process.env.APP_SECRET!, RUNNER_MAX_CONCURRENCY: String(WORKER_CONCURRENCY),
    });
    report.context(`worker heap cap WORKER_HEAP_MB=${process.env.WORKER_HEAP_MB || 256}`);
    steps.unshift(worker.kill);
    await workerReady(worker);
    const pid = worker.child.pid!;
    const idleKb = memoryKb(pid, 'VmRSS');
    const provider = await simulatorProvider(db, sim.url);
    const ds = await arithmeticDataset(db, WORKER_ITEMS);
    const started = Date.now();
    const { id } = await createTestExperiment(db, boss, ds.id, provider.id);
    const samples: string[] = [];
    let row = await experimentRow(db, id);
    let lastSample = 0;
    while (!['COMPLETED', 'ERROR', 'STOPPED'].includes(row.status) && Date.now() - started < WORKER_TIMEOUT_MS) {
      if (worker.child.exitCode !== null) throw new Error(`the worker exited:\n${worker.output().slice(-2000)}`);
      if (Date.now() - lastSample >= 15_000) {
        lastSample = Date.now();
        samples.push(`${secs(Date.now() - started)} s: ${row.runsSucceeded} runs, RSS ${(memoryKb(pid, 'VmRSS') / 1024).toFixed(0)} MB`);
      }
      await sleep(500);
      row = await experimentRow(db, id);
    }
    const done = row.status === 'COMPLETED';
    if (!done) await stopExperiment(db, id).catch(() => {});
    const peakMb = memoryKb(pid, 'VmHWM') / 1024;
    report.context(`worker node process ${pid}: idle RSS ${(idleKb / 1024).toFixed(0)} MB; ${WORKER_ITEMS.toLocaleString('en-US')} items, simulator ${WORKER_LATENCY_MS} ms, concurrency ${WORKER_CONCURRENCY}`);
    report.context(`${done ? 'completed' : `NOT completed (${row.status}) after ${secs(Date.now() - started)} s`}: ${row.runsSucceeded} succeeded, ${row.runsFailed} failed in ${secs((row.finishedAt?.getTime() ?? Date.now()) - started)} s`);
    for (const s of samples) report.context(s);
    report.figure('worker_peak_rss_mb', peakMb, 1);
  } finally {
    for (const s of steps.splice(0)) await s().catch(() => {});
  }
}

export const scaleScenarios: BenchScenario[] = [
  { name: 'scale_upload_create (100k rows over HTTP, create on 100k items)', quick: true, run: uploadAndCreate },
  { name: 'scale_worker_memory (a worker running 100k items at 20 ms)', quick: false, run: workerMemory },
];
