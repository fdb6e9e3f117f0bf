// A process of its own for measuring an export's memory: started with a small heap
// (`node --import tsx --max-old-space-size=<MB> tests/helpers/export-child.ts`), it downloads an experiment's
// export through the real route handler into a file and prints one JSON line: bytes, seconds,
// peak RSS, heap limit. EXPORT_MODE=all-at-once instead selects every run in one query (what an
// export must not do), to show that the same heap cannot hold them.
// Env: DATABASE_URL, APP_SECRET, EXPORT_ID, EXPORT_FORMAT (csv|jsonl), EXPORT_OUT (a file path).
import fs from 'node:fs';
import v8 from 'node:v8';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { getSql } from '../../lib/db/client';
import { apiCaller } from './api';

const env = (name: string) => {
  const v = process.env[name];
  if (!v) throw new Error(`${name} is not set`);
  return v;
};

async function viaRoute(id: string) {
  const { GET } = await import('../../app/api/experiments/[id]/export/route');
  const { auth } = await apiCaller('member');
  const format = process.env.EXPORT_FORMAT ?? 'csv';
  // What the process holds before the export (modules, clients): the export's own share is the peak above it.
  const startRssMb = process.memoryUsage().rss / (1024 * 1024);
  const started = performance.now();
  const res = await GET(new Request(`http://localhost/api/experiments/${id}/export?format=${format}`, { headers: auth }), { params: Promise.resolve({ id }) });
  if (res.status !== 200 || !res.body) throw new Error(`export answered ${res.status}: ${await res.text()}`);
  // pipeline honours the file's backpressure: the route reads a page only when the file takes more.
  await pipeline(Readable.fromWeb(res.body as WebReadableStream<Uint8Array>), fs.createWriteStream(env('EXPORT_OUT')));
  const seconds = (performance.now() - started) / 1000;
  return { status: res.status, seconds, bytes: fs.statSync(env('EXPORT_OUT')).size, contentType: res.headers.get('content-type'), startRssMb };
}

async function allAtOnce(id: string) {
  const started = performance.now();
  const rows = await getSql()`
    select r.*, i.input, i.expected_output from experiment_runs r join dataset_items i on i.id = r.dataset_item_id
    where r.experiment_id = ${id} order by r.item_seq, r.repetition, r.variant`;
  return { rows: rows.length, seconds: (performance.now() - started) / 1000 };
}

async function main() {
  const id = env('EXPORT_ID');
  const result = process.env.EXPORT_MODE === 'all-at-once' ? await allAtOnce(id) : await viaRoute(id);
  await getSql().end({ timeout: 5 });
  console.log(JSON.stringify({
    ...result,
    // maxRSS is in kilobytes.
    peakRssMb: process.resourceUsage().maxRSS / 1024,
    heapLimitMb: v8.getHeapStatistics().heap_size_limit / (1024 * 1024),
  }));
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
