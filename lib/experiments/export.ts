import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { UserError } from '../errors';
import type { RunStatus } from '../db/schema';
import type { ExperimentConfig } from './config';
import { csvRow, jsonCell, type CsvValue } from './export-csv';
import { contentDisposition, EXPORT_CONTENT_TYPES, type ExportFilter, type ExportFormat } from './export-params';

/**
 * An experiment's results as a file, one record per run, streamed: runs are read in keyset pages
 * in dataset order (item position, repetition, variant: the order of
 * experiment_runs_experiment_seq_variant_idx), and the next page is read only when the reader
 * wants more. Nothing is held between pages (no cursor, no transaction, no pooled connection), so
 * a slow or abandoned download costs the database nothing, and memory is one page whatever the
 * number of runs. A page is cut at PAGE_BYTES of inputs and outputs (measured by the database
 * first), so runs with large outputs make shorter pages, not larger ones.
 *
 * A running experiment exports the runs recorded when each page is read: a run is never written
 * twice or skipped if it existed when the export began (the key is stable).
 */

/** At most this many runs a page. */
export const PAGE_ROWS = 1_000;
/** A page stops once its runs' inputs, expected outputs, outputs and errors reach this many bytes (but has at least one run). */
export const PAGE_BYTES = 1024 * 1024;

export interface ExportSource {
  experimentId: string;
  name: string;
  /** The configured evaluators, in config order: one score and one label column each. */
  evaluatorNames: string[];
  variantNames: Map<number, string>;
}

/** What an export of this experiment needs besides its runs; null when there is no such experiment. */
export async function exportSource(db: DbOrTx, experimentId: string): Promise<ExportSource | null> {
  const rows = [...await db.execute<{ name: string; config: ExperimentConfig }>(sql`
    select name, config from experiments where id = ${experimentId}`)];
  if (!rows[0]) return null;
  const variants = await db.execute<{ variant: number; name: string }>(sql`
    select variant, name from experiment_variants where experiment_id = ${experimentId} order by variant`);
  return {
    experimentId,
    name: rows[0].name,
    evaluatorNames: (rows[0].config.evaluators ?? []).map((e) => e.name),
    variantNames: new Map([...variants].map((v) => [v.variant, v.name])),
  };
}

/** One run as exported (JSONL writes it as is; CSV flattens the scores into columns). */
export interface ExportRecord {
  item_id: string;
  item_seq: number;
  input: unknown;
  expected_output: unknown;
  variant: number;
  variant_name: string | null;
  repetition: number;
  status: RunStatus;
  output: unknown;
  error: string | null;
  /** Per configured evaluator: its score and label, or null when the run has no evaluation by it. */
  scores: Record<string, { score: number | null; label: string | null } | null>;
  prompt_tokens: number | null;
  completion_tokens: number | null;
  cost_usd: number | null;
  latency_ms: number | null;
  cached: boolean;
  attempts: number;
}

interface RunKey { seq: number; rep: number; variant: number }

function filterSql(experimentId: string, filter: ExportFilter, after: RunKey | null): SQL {
  const parts: SQL[] = [sql`r.experiment_id = ${experimentId}`];
  if (filter.status !== 'all') parts.push(sql`r.status = ${filter.status === 'succeeded' ? 'SUCCEEDED' : 'FAILED'}`);
  if (filter.variant !== null) parts.push(sql`r.variant = ${filter.variant}`);
  if (after) parts.push(sql`(r.item_seq, r.repetition, r.variant) > (${after.seq}, ${after.rep}, ${after.variant})`);
  return sql.join(parts, sql` and `);
}

const textBytes = sql`coalesce(octet_length(r.output::text), 0) + coalesce(octet_length(i.input::text), 0)
  + coalesce(octet_length(i.expected_output::text), 0) + coalesce(octet_length(r.error), 0)`;

/**
 * One page in a statement: the next `limit` keys in export order come from the index range alone
 * (`s`, no sort), each with the bytes of its text and the bytes of the runs before it on the page
 * (`k`); only the runs that start within PAGE_BYTES are joined with their item and evaluations.
 */
export function pageSql(experimentId: string, filter: ExportFilter, after: RunKey | null, limit = PAGE_ROWS): SQL {
  return sql`
    select k.before + k.bytes as upto, r.dataset_item_id, r.item_seq, i.input, i.expected_output, r.variant, r.repetition, r.status,
      r.output, r.error, r.prompt_tokens, r.completion_tokens, r.cost_usd::float8 as cost_usd, r.latency_ms, r.cached, r.attempts, ev.evals
    from (
      select s.id, s.bytes, sum(s.bytes) over (order by s.item_seq, s.repetition, s.variant rows unbounded preceding) - s.bytes as before
      from (
        select r.id, r.item_seq, r.repetition, r.variant, ${textBytes} as bytes
        from experiment_runs r join dataset_items i on i.id = r.dataset_item_id
        where ${filterSql(experimentId, filter, after)}
        order by r.item_seq, r.repetition, r.variant
        limit ${limit}
      ) s
    ) k
    join experiment_runs r on r.id = k.id
    join dataset_items i on i.id = r.dataset_item_id
    left join lateral (
      select json_object_agg(e.evaluator_name, json_build_object('score', e.score, 'label', e.label)) as evals
      from evaluations e where e.run_id = r.id
    ) ev on true
    where k.before < ${PAGE_BYTES}
    order by r.item_seq, r.repetition, r.variant`;
}

interface PageRow extends Record<string, unknown> {
  upto: string | number; dataset_item_id: string; item_seq: string | number; input: unknown; expected_output: unknown; variant: number;
  repetition: number; status: RunStatus; output: unknown; error: string | null; prompt_tokens: number | null;
  completion_tokens: number | null; cost_usd: number | null; latency_ms: number | null; cached: boolean; attempts: number;
  evals: Record<string, { score: number | null; label: string | null }> | null;
}

/** The next page of records after `after` (null: from the start), and the key to read on from (null: that was the last). */
export async function readPage(db: DbOrTx, source: ExportSource, filter: ExportFilter, after: RunKey | null) {
  const rows = [...await db.execute<PageRow>(pageSql(source.experimentId, filter, after))];
  const last = rows.at(-1);
  if (!last) return { records: [], next: null };
  // Fewer than the row limit and within the byte budget: the index range ran out, this is the end.
  const more = rows.length === PAGE_ROWS || Number(last.upto) >= PAGE_BYTES;
  return {
    records: rows.map((r) => toRecord(source, r)),
    next: more ? { seq: Number(last.item_seq), rep: last.repetition, variant: last.variant } : null,
  };
}

function toRecord(source: ExportSource, r: PageRow): ExportRecord {
  const scores: ExportRecord['scores'] = {};
  for (const name of source.evaluatorNames) {
    const e = r.evals?.[name];
    scores[name] = e ? { score: e.score, label: e.label } : null;
  }
  return {
    item_id: r.dataset_item_id, item_seq: Number(r.item_seq), input: r.input, expected_output: r.expected_output,
    variant: r.variant, variant_name: source.variantNames.get(r.variant) ?? null, repetition: r.repetition,
    status: r.status, output: r.output, error: r.error, scores,
    prompt_tokens: r.prompt_tokens, completion_tokens: r.completion_tokens, cost_usd: r.cost_usd, latency_ms: r.latency_ms,
    cached: r.cached, attempts: r.attempts,
  };
}

/** The CSV header: the record's fields, with `score:<evaluator>` and `label:<evaluator>` in place of `scores`. */
export function csvHeader(evaluatorNames: readonly string[]): string[] {
  return [
    'item_id', 'item_seq', 'input', 'expected_output', 'variant', 'variant_name', 'repetition', 'status', 'output', 'error',
    ...evaluatorNames.flatMap((n) => [`score:${n}`, `label:${n}`]),
    'prompt_tokens', 'completion_tokens', 'cost_usd', 'latency_ms', 'cached', 'attempts',
  ];
}

export function csvLine(r: ExportRecord, evaluatorNames: readonly string[]): string {
  const cells: CsvValue[] = [
    r.item_id, r.item_seq, jsonCell(r.input), jsonCell(r.expected_output), r.variant, r.variant_name, r.repetition, r.status,
    jsonCell(r.output), r.error,
    ...evaluatorNames.flatMap((n) => [r.scores[n]?.score ?? null, r.scores[n]?.label ?? null]),
    r.prompt_tokens, r.completion_tokens, r.cost_usd, r.latency_ms, r.cached, r.attempts,
  ];
  return csvRow(cells);
}

const jsonLine = (r: ExportRecord) => `${JSON.stringify(r)}\n`;

/**
 * The file as a pull-based stream: a page is read when the consumer asks for more (backpressure),
 * and reading stops when the consumer cancels or `signal` aborts (the client went away).
 */
export function exportStream(db: DbOrTx, source: ExportSource, opts: { format: ExportFormat; filter: ExportFilter; signal?: AbortSignal }): ReadableStream<Uint8Array> {
  const release = takeExportSlot();
  const encoder = new TextEncoder();
  const line = opts.format === 'csv' ? (r: ExportRecord) => csvLine(r, source.evaluatorNames) : jsonLine;
  let after: RunKey | null = null;
  let started = false;
  // Set once the reader cancels or the request aborts: a page being read goes nowhere, and no other is read.
  let stopped = false;
  return new ReadableStream<Uint8Array>({
    start(controller) {
      const signal = opts.signal;
      if (!signal) return;
      const abort = () => {
        stopped = true;
        release();
        // Drops what was read ahead; a closed stream (all sent) has nothing to drop.
        try { controller.error(signal.reason); } catch { /* already closed */ }
      };
      if (signal.aborted) abort();
      else signal.addEventListener('abort', abort, { once: true });
    },
    async pull(controller) {
      if (stopped) return;
      const head = !started && opts.format === 'csv' ? csvRow(csvHeader(source.evaluatorNames)) : '';
      started = true;
      let page: Awaited<ReturnType<typeof readPage>>;
      try {
        page = await readPage(db, source, opts.filter, after);
      } catch (err) {
        release();
        // The answer has begun (200): the download ends short, and the cause goes to the log.
        console.error(`[export] reading the runs of experiment ${source.experimentId} failed`, err);
        throw err;
      }
      if (stopped) return;
      let text = head;
      for (const r of page.records) text += line(r);
      if (text) controller.enqueue(encoder.encode(text));
      if (page.next) {
        after = page.next;
      } else {
        release();
        controller.close();
      }
    },
    cancel() {
      stopped = true;
      release();
    },
  });
}

/**
 * Downloads streaming at once in one web process. Each holds a pooled connection while it reads a
 * page (the pool has 10), so a burst of exports cannot starve the pages and the API.
 */
export const EXPORTS_AT_ONCE = 4;
let streaming = 0;

/** A slot for one download, or a 429 when all are taken; the release it returns counts once. */
function takeExportSlot(): () => void {
  if (streaming >= EXPORTS_AT_ONCE) {
    throw new UserError(`This server is already sending ${EXPORTS_AT_ONCE} exports, the most at once: try again when one has finished`, {}, 429);
  }
  streaming++;
  let held = true;
  return () => {
    if (held) streaming--;
    held = false;
  };
}

/** The download: the stream with its content type and an attachment file name made from the experiment's name. */
export function exportResponse(db: DbOrTx, source: ExportSource, opts: { format: ExportFormat; filter: ExportFilter; signal?: AbortSignal }): Response {
  return new Response(exportStream(db, source, opts), {
    headers: {
      'content-type': EXPORT_CONTENT_TYPES[opts.format],
      'content-disposition': contentDisposition(source.name, opts.format, opts.filter),
      'cache-control': 'no-store',
      'x-content-type-options': 'nosniff',
    },
  });
}
