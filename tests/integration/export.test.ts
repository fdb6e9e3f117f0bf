import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDb, type TestDb } from '../helpers/db';
import { TEST_SECRET } from '../helpers/fixtures';
import { apiCaller } from '../helpers/api';
import { bulkExperiment, type BulkExperiment } from '../helpers/bulk-runs';
import { runExportProcess } from '../helpers/export-process';
import { getSql, createDb } from '../../lib/db/client';
import { CsvSplitter, type CsvRow } from '../../lib/datasets/csv';
import { EXPORTS_AT_ONCE, exportResponse, exportSource, pageSql, PAGE_BYTES, readPage, type ExportRecord } from '../../lib/experiments/export';
import { EXPORT_ALL } from '../../lib/experiments/export-params';

/**
 * Exports of an experiment's results through the route: the file's shape in both formats, the
 * filters, 100,000 runs streamed by a process whose heap could not hold them, and downloads that
 * are abandoned half way giving their connections back.
 */

const HEAP_MB = 64;

let t: TestDb;
let GET: typeof import('../../app/api/experiments/[id]/export/route').GET;
let auth: Record<string, string>;
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'export-test-'));

beforeAll(async () => {
  t = await createTestDb();
  process.env.DATABASE_URL = t.url;
  process.env.APP_SECRET ??= TEST_SECRET;
  ({ auth } = await apiCaller('member'));
  ({ GET } = await import('../../app/api/experiments/[id]/export/route'));
});
afterAll(async () => {
  await getSql().end({ timeout: 5 });
  await t?.drop();
  fs.rmSync(tmp, { recursive: true, force: true });
});

function download(id: string, query: Record<string, string> = {}, init: { signal?: AbortSignal } = {}) {
  const qs = new URLSearchParams(query);
  const req = new Request(`http://localhost/api/experiments/${id}/export?${qs}`, { headers: auth, signal: init.signal });
  return GET(req, { params: Promise.resolve({ id }) });
}

function csvRows(text: string): string[][] {
  const out: CsvRow[] = [];
  const splitter = new CsvSplitter(Infinity);
  splitter.push(text, out);
  splitter.finish(out);
  return out.map((r) => r.fields);
}

interface PlanNode { 'Node Type': string; Plans?: PlanNode[]; [key: string]: unknown }
const nodes = (n: PlanNode): PlanNode[] => [n, ...(n.Plans ?? []).flatMap(nodes)];

/** The run of `e` at this position in export order, as the database has it. */
async function runAt(e: BulkExperiment, index: number) {
  const rows = await t.db.execute<{ id: string; dataset_item_id: string; item_seq: string; repetition: number; variant: number; output: unknown; status: string }>(sql`
    select id, dataset_item_id, item_seq, repetition, variant, output, status from experiment_runs
    where experiment_id = ${e.experimentId} order by item_seq, repetition, variant offset ${index} limit 1`);
  return [...rows][0];
}

describe('the file', () => {
  let e: BulkExperiment;
  beforeAll(async () => {
    // 6 items × 2 repetitions × 2 variants; run 0 fails, run 5 has a JSON output, item 0 and 3 are scored.
    e = await bulkExperiment(t.db, { items: 6, repetitions: 2, variants: 2, outputChars: 64, failEvery: 7, jsonEvery: 5, evaluatedEvery: 3, name: 'Über "quoted"; export' });
    // A provider's output that a spreadsheet would run.
    const second = await runAt(e, 1);
    await t.db.execute(sql`update experiment_runs set output = to_jsonb('=HYPERLINK("http://evil.test","click")'::text) where id = ${second.id}`);
  });

  it('is CSV with a header row, one row per run in dataset order, and a file name from the experiment', async () => {
    const res = await download(e.experimentId);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
    expect(res.headers.get('content-disposition')).toBe(`attachment; filename="Uber-quoted-export.csv"; filename*=UTF-8''%C3%9Cber%20%22quoted%22%3B%20export.csv`);
    const text = await res.text();
    expect(text.endsWith('\r\n')).toBe(true);
    const [header, ...rows] = csvRows(text);
    expect(header).toEqual([
      'item_id', 'item_seq', 'input', 'expected_output', 'variant', 'variant_name', 'repetition', 'status', 'output', 'error',
      'score:exact', 'label:exact', 'score:judge', 'label:judge',
      'prompt_tokens', 'completion_tokens', 'cost_usd', 'latency_ms', 'cached', 'attempts',
    ]);
    expect(rows).toHaveLength(24);
    const col = (name: string) => header.indexOf(name);
    // Order: item, then repetition, then variant.
    expect(rows.slice(0, 4).map((r) => [r[col('repetition')], r[col('variant')]])).toEqual([['1', '0'], ['1', '1'], ['2', '0'], ['2', '1']]);

    const first = await runAt(e, 0);
    expect(rows[0]).toEqual([
      first.dataset_item_id, String(first.item_seq), '{"question":"Question 1: what is 1 + 1?"}', '{"answer":"2"}', '0', e.variantNames[0], '1',
      'FAILED', '', 'HTTP 400: bad request for run 0', '', '', '', '', '20', '5', '0', '100', 'true', '1',
    ]);
    // The formula is written as text; a JSON output as compact JSON; scores and labels of item 0.
    expect(rows[1][col('output')]).toBe(`'=HYPERLINK("http://evil.test","click")`);
    expect(rows[1][col('variant_name')]).toBe(e.variantNames[1]);
    expect(rows[1].slice(col('score:exact'), col('label:judge') + 1)).toEqual(['1', '', '0.25', `'=partial, "mostly"`]);
    // (jsonb keeps an object's keys shortest first)
    expect(rows[5][col('output')]).toBe('{"note":"structured, \\"quoted\\"","answer":5}');
    expect(rows[2][col('output')]).toMatch(/^[0-9a-f]{64}$/);
    expect(rows[2][col('score:exact')]).toBe('0');
    // Item 1 has no evaluations: empty cells, not zeros.
    expect(rows[4].slice(col('score:exact'), col('label:judge') + 1)).toEqual(['', '', '', '']);
  });

  it('is JSON Lines with the same fields, values as stored', async () => {
    const res = await download(e.experimentId, { format: 'jsonl' });
    expect(res.headers.get('content-type')).toBe('application/x-ndjson');
    expect(res.headers.get('content-disposition')).toMatch(/filename="Uber-quoted-export\.jsonl"/);
    const lines = (await res.text()).split('\n');
    expect(lines.pop()).toBe('');
    expect(lines).toHaveLength(24);
    const records = lines.map((l) => JSON.parse(l) as ExportRecord);
    const first = await runAt(e, 0);
    expect(records[0]).toEqual({
      item_id: first.dataset_item_id, item_seq: Number(first.item_seq), input: { question: 'Question 1: what is 1 + 1?' }, expected_output: { answer: '2' },
      variant: 0, variant_name: e.variantNames[0], repetition: 1, status: 'FAILED', output: null, error: 'HTTP 400: bad request for run 0',
      scores: { exact: null, judge: null }, prompt_tokens: 20, completion_tokens: 5, cost_usd: 0, latency_ms: 100, cached: true, attempts: 1,
    });
    expect(records[1].scores).toEqual({ exact: { score: 1, label: null }, judge: { score: 0.25, label: '=partial, "mostly"' } });
    expect(records[5].output).toEqual({ answer: 5, note: 'structured, "quoted"' });
    expect(records[1].output).toBe('=HYPERLINK("http://evil.test","click")');
  });

  it('keeps to a status and a variant, and says so in the file name', async () => {
    const res = await download(e.experimentId, { format: 'jsonl', status: 'succeeded', variant: '1' });
    expect(res.headers.get('content-disposition')).toMatch(/filename="Uber-quoted-export-succeeded-variant-1\.jsonl"/);
    const records = (await res.text()).trim().split('\n').map((l) => JSON.parse(l) as ExportRecord);
    const [{ n }] = [...await t.db.execute<{ n: number }>(sql`
      select count(*)::int as n from experiment_runs where experiment_id = ${e.experimentId} and status = 'SUCCEEDED' and variant = 1`)];
    expect(records).toHaveLength(n);
    expect(n).toBeGreaterThan(0);
    for (const r of records) expect([r.status, r.variant]).toEqual(['SUCCEEDED', 1]);

    const failed = csvRows(await (await download(e.experimentId, { status: 'failed' })).text());
    expect(failed.length).toBeGreaterThan(1);
    for (const r of failed.slice(1)) expect(r[7]).toBe('FAILED');
  });

  it('is in the OpenAPI document as a file, with its parameters', async () => {
    const { apiDocument } = await import('../../app/api/registry');
    const op = (apiDocument().paths as Record<string, { get?: { parameters: { name: string; in: string }[]; responses: Record<string, { content?: Record<string, unknown> }> } }>)['/api/experiments/{id}/export'].get!;
    expect(Object.keys(op.responses['200'].content ?? {})).toEqual(['text/csv', 'application/x-ndjson']);
    expect(op.parameters.map((p) => `${p.in}:${p.name}`)).toEqual(['path:id', 'query:format', 'query:status', 'query:variant']);
    expect(Object.keys(op.responses)).toEqual(expect.arrayContaining(['400', '401', '404']));
  });

  it('refuses a format or variant it does not know, by name', async () => {
    const format = await download(e.experimentId, { format: 'xlsx' });
    expect(format.status).toBe(400);
    expect((await format.json()).error).toBe('format: must be csv or jsonl');
    const variant = await download(e.experimentId, { variant: '24' });
    expect(variant.status).toBe(400);
    expect((await variant.json()).error).toBe('variant: must be a variant number, 0 to 23');
    const anonymous = await GET(new Request(`http://localhost/api/experiments/${e.experimentId}/export`), { params: Promise.resolve({ id: e.experimentId }) });
    expect(anonymous.status).toBe(401);
  });
});

describe('pages', () => {
  it('end at a byte budget, so large outputs make shorter pages and every run still comes out once', async () => {
    // 12 runs, all but the first (failed, no output) of 256 KB: a page of a thousand would be 2.8 MB; the budget cuts at 1 MB.
    const e = await bulkExperiment(t.db, { items: 12, outputChars: 256 * 1024, failEvery: 1_000, jsonEvery: 1_000 });
    const source = (await exportSource(t.db, e.experimentId))!;
    const first = await readPage(t.db, source, EXPORT_ALL, null);
    expect(PAGE_BYTES).toBe(1024 * 1024);
    // A run is on the page when the runs before it are under the budget: 60 bytes + 3 × 256 KB, then one more.
    expect(first.records.map((r) => r.status)).toEqual(['FAILED', 'SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED', 'SUCCEEDED']);
    expect(first.next).not.toBeNull();
    const lines = (await (await download(e.experimentId, { format: 'jsonl' })).text()).trim().split('\n');
    expect(lines).toHaveLength(12);
    expect(new Set(lines.map((l) => (JSON.parse(l) as ExportRecord).item_seq)).size).toBe(12);
  });
});

describe('abandoned downloads', () => {
  it('give their connections back: five cancelled downloads on a pool of two, then a whole export on it', async () => {
    const e = await bulkExperiment(t.db, { items: 3_000, outputChars: 2_048 });
    const small = createDb(t.url, { max: 2 });
    try {
      const source = (await exportSource(small.db, e.experimentId))!;
      for (let i = 0; i < 5; i++) {
        const reader = exportResponse(small.db, source, { format: 'csv', filter: EXPORT_ALL }).body!.getReader();
        expect((await reader.read()).done).toBe(false);
        await reader.cancel();
      }
      // Through the route too, the way a browser leaves: the request is aborted mid-download.
      for (let i = 0; i < 5; i++) {
        const abort = new AbortController();
        const reader = (await download(e.experimentId, {}, { signal: abort.signal })).body!.getReader();
        expect((await reader.read()).done).toBe(false);
        abort.abort(new Error('client went away'));
        // Whatever was read ahead may still come; then the stream ends in the abort.
        await expect((async () => { for (;;) if ((await reader.read()).done) return 'ended'; })()).rejects.toThrow('client went away');
      }
      const whole = await exportResponse(small.db, source, { format: 'csv', filter: EXPORT_ALL }).text();
      expect(csvRows(whole)).toHaveLength(3_001);
    } finally {
      await small.sql.end({ timeout: 5 });
    }
  });

  it(`are at most ${EXPORTS_AT_ONCE} at once: one more is a 429 that says why, and a finished or cancelled one frees its slot`, async () => {
    const e = await bulkExperiment(t.db, { items: 3_000, outputChars: 2_048 });
    const open = await Promise.all(Array.from({ length: EXPORTS_AT_ONCE }, () => download(e.experimentId)));
    expect(open.map((r) => r.status)).toEqual(open.map(() => 200));
    const refused = await download(e.experimentId);
    expect(refused.status).toBe(429);
    expect((await refused.json()).error).toBe(`This server is already sending ${EXPORTS_AT_ONCE} exports, the most at once: try again when one has finished`);

    await open[0].body!.cancel();
    const afterCancel = await download(e.experimentId, { format: 'jsonl' });
    expect(afterCancel.status).toBe(200);
    expect((await afterCancel.text()).trim().split('\n')).toHaveLength(3_000);
    // Read to the end, that one gave its slot back too: two more fit, not three.
    const more = [await download(e.experimentId), await download(e.experimentId)];
    expect(more.map((r) => r.status)).toEqual([200, 429]);
    await Promise.all([...open.slice(1), more[0]].map((r) => r.body!.cancel()));
    const last = await download(e.experimentId, { status: 'failed' });
    expect(last.status).toBe(200);
    expect(await last.text()).toMatch(/^"item_id",/);
  });
});

const child = (env: Record<string, string>) => runExportProcess(t.url, HEAP_MB, env);

describe('100,000 runs', () => {
  let e: BulkExperiment;
  beforeAll(async () => {
    // 25,000 items × 2 repetitions × 2 variants, outputs of about 1 KB.
    e = await bulkExperiment(t.db, { items: 25_000, repetitions: 2, variants: 2, outputChars: 1024 });
  }, 300_000);

  it('stream as CSV through the route from a process whose heap could not hold them', async () => {
    // The data is well over the heap: loading it at once must fail there (the next assertion shows it does).
    const [{ bytes }] = [...await t.db.execute<{ bytes: string }>(sql`
      select sum(octet_length(r.output::text) + octet_length(i.input::text) + octet_length(i.expected_output::text))::bigint as bytes
      from experiment_runs r join dataset_items i on i.id = r.dataset_item_id where r.experiment_id = ${e.experimentId}`)];
    expect(Number(bytes)).toBeGreaterThan(1.5 * HEAP_MB * 1024 * 1024);
    const control = await child({ EXPORT_ID: e.experimentId, EXPORT_MODE: 'all-at-once' });
    expect(control.code, `loading every run at once in a ${HEAP_MB} MB heap should fail: ${JSON.stringify(control.result)}`).not.toBe(0);
    expect(control.stderr).toMatch(/heap out of memory|Allocation failed/i);

    const out = path.join(tmp, 'export-100k.csv');
    const run = await child({ EXPORT_ID: e.experimentId, EXPORT_FORMAT: 'csv', EXPORT_OUT: out });
    expect(run.code, run.stderr).toBe(0);
    expect(run.result).toMatchObject({ status: 200, contentType: 'text/csv; charset=utf-8' });
    // The old space is HEAP_MB; V8's limit adds the young generation (about 48 MB more).
    expect(Number(run.result!.heapLimitMb)).toBeLessThan(HEAP_MB * 2);
    console.log(`[export] 100,000 runs: ${(Number(run.result!.bytes) / 1024 / 1024).toFixed(1)} MB CSV in ${Number(run.result!.seconds).toFixed(2)} s; `
      + `peak RSS ${Number(run.result!.peakRssMb).toFixed(1)} MB, ${Number(run.result!.startRssMb).toFixed(1)} MB before the export `
      + `(heap limit ${Number(run.result!.heapLimitMb).toFixed(0)} MB); data ${(Number(bytes) / 1024 / 1024).toFixed(1)} MB`);

    // Read back as a stream: 100,001 rows (the header first), in export order, spot-checked.
    const checks = new Map([[1, await runAt(e, 0)], [54_322, await runAt(e, 54_321)], [100_000, await runAt(e, 99_999)]]);
    let count = 0;
    let header: string[] = [];
    let lastKey = -1;
    const splitter = new CsvSplitter(Infinity);
    const rows: CsvRow[] = [];
    const seen = new Map<number, string[]>();
    const take = () => {
      for (const r of rows) {
        if (count === 0) header = r.fields;
        else {
          const key = Number(r.fields[1]) * 1_000 + Number(r.fields[6]) * 10 + Number(r.fields[4]);
          expect(key).toBeGreaterThan(lastKey);
          lastKey = key;
          if (checks.has(count)) seen.set(count, r.fields);
        }
        count++;
      }
      rows.length = 0;
    };
    for await (const chunk of fs.createReadStream(out, { encoding: 'utf8' })) {
      splitter.push(chunk, rows);
      take();
    }
    splitter.finish(rows);
    take();
    expect(count).toBe(100_001);
    expect(header.slice(0, 4)).toEqual(['item_id', 'item_seq', 'input', 'expected_output']);
    for (const [at, run] of checks) {
      const fields = seen.get(at)!;
      expect(fields.slice(0, 2)).toEqual([run.dataset_item_id, String(run.item_seq)]);
      expect([fields[4], fields[6], fields[7]]).toEqual([String(run.variant), String(run.repetition), run.status]);
      expect(fields[8]).toBe(typeof run.output === 'string' ? run.output : run.output === null ? '' : JSON.stringify(run.output));
    }
    expect(seen.get(54_322)![8]).toHaveLength(1024);
  }, 300_000);

  it('are read a page at a time from a key index, never sorted as a whole', async () => {
    const mid = await runAt(e, 54_321);
    for (const filter of [EXPORT_ALL, { status: 'succeeded', variant: null }, { status: 'all', variant: 1 }] as const) {
      for (const after of [null, { seq: Number(mid.item_seq), rep: mid.repetition, variant: mid.variant }]) {
        const [row] = [...await t.db.execute<{ 'QUERY PLAN': [{ Plan: PlanNode }] }>(sql`explain (format json) ${pageSql(e.experimentId, filter, after)}`)];
        const plan = row['QUERY PLAN'][0].Plan;
        const limit = nodes(plan).find((n) => n['Node Type'] === 'Limit');
        const text = JSON.stringify(plan);
        expect(limit, text).toBeDefined();
        // Under the limit: runs read in key order from either key index, never sorted (a sort above it orders a page, not the experiment).
        const under = nodes(limit!);
        expect(under.some((n) => n['Node Type'] === 'Index Scan' && /^experiment_runs_experiment_(status_)?seq_variant_idx$/.test(String(n['Index Name']))), text).toBe(true);
        expect(under.filter((n) => n['Node Type'] === 'Sort' || n['Node Type'] === 'Incremental Sort'), text).toEqual([]);
      }
    }
  });
});
