import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { isUuid } from '../uuid';
import type { RunStatus } from '../db/schema';
import { runEvaluationsJoin, runViewColumns, toRunView, type RunView, type RunViewRow } from './run-view';

/**
 * The experiment page's results: one row per run with its item and evaluations, filtered by
 * status, by an evaluator's score, to one item or to one variant, and paged by key in dataset
 * order (the run's item position, then repetition, then variant), so a page deep into 100,000 runs is an index range like the
 * first one, and runs landing while someone pages never shift a page. The filter and cursor
 * helpers at the top are pure (the page parses its URL with them in the browser too).
 */

export const RESULTS_PAGE_SIZE = 50;
/** A score or item filter's matches are counted this far (an index range); past it the total reads "10,000+". */
export const RESULTS_COUNT_CAP = 10_000;

export const SCORE_OPS = ['lt', 'lte', 'eq', 'gte', 'gt'] as const;
export type ScoreOp = (typeof SCORE_OPS)[number];
export const SCORE_OP_LABEL: Record<ScoreOp, string> = { lt: '<', lte: '≤', eq: '=', gte: '≥', gt: '>' };

export type StatusFilter = 'all' | 'succeeded' | 'failed';

export interface ScoreFilter { evaluator: string; op: ScoreOp; value: number }

export interface ResultsFilter {
  status: StatusFilter;
  score: ScoreFilter | null;
  /** Only the runs of this dataset item (the error log links here). */
  itemId: string | null;
  /** Only the runs of this variant. */
  variant: number | null;
}

export const NO_FILTER: ResultsFilter = { status: 'all', score: null, itemId: null, variant: null };

/**
 * A page boundary: the run at item position `seq`, repetition `rep`, variant `variant`, which was
 * number `pos` (1-based) of the filtered list. `after` = the page after it, `before` = the page
 * before it. `pos` only numbers the rows; the key alone decides which runs a page holds.
 */
export interface RunKey { seq: number; rep: number; variant: number; pos: number }
export type PageRef = { after: RunKey } | { before: RunKey };

// seq.rep.variant.pos; a link from before variants has no variant part (variant 0).
const CURSOR = /^(\d{1,15})\.(\d{1,6})\.(?:(\d{1,3})\.)?(\d{1,9})$/;

export function parseCursor(raw: string | null | undefined): RunKey | null {
  const m = raw ? CURSOR.exec(raw) : null;
  if (!m) return null;
  const key = { seq: Number(m[1]), rep: Number(m[2]), variant: Number(m[3] ?? 0), pos: Number(m[4]) };
  return Number.isSafeInteger(key.seq) ? key : null;
}

export const formatCursor = (k: RunKey) => `${k.seq}.${k.rep}.${k.variant}.${k.pos}`;

type Params = { get(name: string): string | null };

/**
 * `?status=succeeded|failed&evaluator=<name>&op=lt&score=1&item=<id>&after=<cursor>` (or
 * `before=`). Anything malformed is ignored rather than refused: these come from links and the
 * address bar. `page` is null for the first page.
 */
export function parseResultsParams(q: Params): { filter: ResultsFilter; page: PageRef | null } {
  const rawStatus = q.get('status')?.toLowerCase();
  const status: StatusFilter = rawStatus === 'succeeded' || rawStatus === 'failed' ? rawStatus : 'all';
  const evaluator = q.get('evaluator')?.trim();
  const op = q.get('op') as ScoreOp | null;
  const rawScore = q.get('score');
  const value = rawScore === null || rawScore.trim() === '' ? NaN : Number(rawScore);
  const score = evaluator && op && SCORE_OPS.includes(op) && Number.isFinite(value) ? { evaluator, op, value } : null;
  const item = q.get('item');
  const rawVariant = q.get('variant');
  const variant = rawVariant && /^\d{1,3}$/.test(rawVariant) ? Number(rawVariant) : null;
  const after = parseCursor(q.get('after'));
  const before = after ? null : parseCursor(q.get('before'));
  return {
    filter: { status, score, itemId: item && isUuid(item) ? item.toLowerCase() : null, variant },
    page: after ? { after } : before ? { before } : null,
  };
}

/** The query string for a filter and page (empty parts left out), without the leading `?`. */
export function resultsSearch(filter: ResultsFilter, page: PageRef | null = null): string {
  const q = new URLSearchParams();
  if (filter.status !== 'all') q.set('status', filter.status);
  if (filter.score) {
    q.set('evaluator', filter.score.evaluator);
    q.set('op', filter.score.op);
    q.set('score', String(filter.score.value));
  }
  if (filter.itemId) q.set('item', filter.itemId);
  if (filter.variant !== null) q.set('variant', String(filter.variant));
  if (page && 'after' in page) q.set('after', formatCursor(page.after));
  if (page && 'before' in page) q.set('before', formatCursor(page.before));
  return q.toString();
}

/** A params object from Next's `searchParams` (a value may be repeated: the first one counts). */
export function paramsFromRecord(record: Record<string, string | string[] | undefined>): Params {
  return { get: (name) => { const v = record[name]; return (Array.isArray(v) ? v[0] : v) ?? null; } };
}

// ---- queries ----

export interface ResultsPage {
  runs: RunView[];
  pageSize: number;
  /** The number (1-based) of this page's first run in the filtered list. */
  from: number;
  /** Runs matching the filter; with `totalCapped`, at least this many (RESULTS_COUNT_CAP). */
  total: number;
  totalCapped: boolean;
  /** The next and previous pages (null: none), as `parseResultsParams` reads them from `after` / `before`. */
  next: string | null;
  prev: string | null;
}

const opSql: Record<ScoreOp, SQL> = { lt: sql.raw('<'), lte: sql.raw('<='), eq: sql.raw('='), gte: sql.raw('>='), gt: sql.raw('>') };

function filterSql(experimentId: string, f: ResultsFilter): SQL {
  const parts: SQL[] = [sql`r.experiment_id = ${experimentId}`];
  if (f.status !== 'all') parts.push(sql`r.status = ${f.status === 'succeeded' ? 'SUCCEEDED' : 'FAILED'}`);
  if (f.itemId) parts.push(sql`r.dataset_item_id = ${f.itemId}`);
  if (f.variant !== null) parts.push(sql`r.variant = ${f.variant}`);
  if (f.score) {
    // The same predicate as evaluations_experiment_evaluator_score_idx, so the planner may start there.
    parts.push(sql`exists (
      select 1 from evaluations e
      where e.run_id = r.id and e.experiment_id = r.experiment_id and e.evaluator_name = ${f.score.evaluator}
        and e.status = 'COMPLETED' and e.score ${opSql[f.score.op]} ${f.score.value})`);
  }
  return sql.join(parts, sql` and `);
}

/**
 * How many runs match: the experiment's own counters when only the status is filtered (no scan at
 * all), otherwise counted through the filter's index up to RESULTS_COUNT_CAP.
 */
async function countMatching(db: DbOrTx, experimentId: string, f: ResultsFilter, where: SQL): Promise<{ total: number; capped: boolean }> {
  if (!f.score && !f.itemId) {
    const rows = await db.execute<{ succeeded: number; failed: number }>(f.variant === null
      ? sql`select runs_succeeded as succeeded, runs_failed as failed from experiments where id = ${experimentId}`
      : sql`select runs_succeeded as succeeded, runs_failed as failed from experiment_variants
          where experiment_id = ${experimentId} and variant = ${f.variant}`);
    const row = [...rows][0];
    if (!row) return { total: 0, capped: false };
    const total = f.status === 'succeeded' ? row.succeeded : f.status === 'failed' ? row.failed : row.succeeded + row.failed;
    return { total: Number(total), capped: false };
  }
  // A score filter alone counts evaluations (one per run and evaluator): an index-only range.
  const matching = f.score && f.status === 'all' && !f.itemId && f.variant === null
    ? sql`select 1 from evaluations e where e.experiment_id = ${experimentId} and e.evaluator_name = ${f.score.evaluator}
        and e.status = 'COMPLETED' and e.score ${opSql[f.score.op]} ${f.score.value}`
    : sql`select 1 from experiment_runs r where ${where}`;
  const rows = await db.execute<{ n: number }>(sql`
    select count(*)::int as n from (${matching} limit ${RESULTS_COUNT_CAP + 1}) capped`);
  const n = Number([...rows][0]?.n ?? 0);
  return n > RESULTS_COUNT_CAP ? { total: RESULTS_COUNT_CAP, capped: true } : { total: n, capped: false };
}

type Direction = 'asc' | 'desc';

/** The keys of up to `limit` matching runs after (asc) or before (desc) `key`, nearest first. */
async function keysFrom(db: DbOrTx, where: SQL, key: RunKey | null, dir: Direction, limit: number) {
  const bound = key === null ? sql``
    : dir === 'asc' ? sql`and (r.item_seq, r.repetition, r.variant) > (${key.seq}, ${key.rep}, ${key.variant})`
      : sql`and (r.item_seq, r.repetition, r.variant) < (${key.seq}, ${key.rep}, ${key.variant})`;
  const order = dir === 'asc' ? sql`r.item_seq, r.repetition, r.variant` : sql`r.item_seq desc, r.repetition desc, r.variant desc`;
  const rows = await db.execute<{ id: string; item_seq: string | number; repetition: number; variant: number }>(sql`
    select r.id, r.item_seq, r.repetition, r.variant from experiment_runs r
    where ${where} ${bound}
    order by ${order}
    limit ${limit}`);
  return [...rows].map((r) => ({ id: r.id, seq: Number(r.item_seq), rep: r.repetition, variant: r.variant }));
}

/**
 * One page of runs in dataset order (then repetition), each with its item and its evaluations
 * (the shared run view). The page's keys come from an index range first and only those runs are
 * joined with their items and evaluations, so a page costs the same on run 50 as on run 50,000.
 * A page past the end (the filter narrowed, runs were deleted) shows the last one. The request
 * and raw response are left out (see getRunDetail).
 */
export async function listResults(db: DbOrTx, experimentId: string, p: {
  filter?: ResultsFilter; page?: PageRef | null; pageSize?: number;
} = {}): Promise<ResultsPage> {
  const filter = p.filter ?? NO_FILTER;
  const pageSize = Math.min(200, Math.max(1, Math.floor(p.pageSize ?? RESULTS_PAGE_SIZE)));
  const where = filterSql(experimentId, filter);
  const count = await countMatching(db, experimentId, filter, where);
  const ref = p.page ?? null;

  let keys: { id: string; seq: number; rep: number; variant: number }[];
  let from: number;
  let hasPrev: boolean;
  let hasNext: boolean;
  if (ref && 'before' in ref) {
    let found = await keysFrom(db, where, ref.before, 'desc', pageSize + 1);
    // Nothing before it any more (the runs were deleted): the first page.
    if (found.length === 0) found = (await keysFrom(db, where, null, 'asc', pageSize)).reverse();
    hasPrev = found.length > pageSize;
    keys = found.slice(0, pageSize).reverse();
    // Back at the start, number from 1 again (runs landing meanwhile may have moved the count).
    from = hasPrev ? Math.max(2, ref.before.pos - keys.length) : 1;
    hasNext = true;
  } else {
    const after = ref?.after ?? null;
    const found = await keysFrom(db, where, after, 'asc', pageSize + 1);
    hasNext = found.length > pageSize;
    keys = found.slice(0, pageSize);
    from = after ? after.pos + 1 : 1;
    hasPrev = after !== null;
    if (after && keys.length === 0) {
      const last = await keysFrom(db, where, null, 'desc', pageSize + 1);
      hasPrev = last.length > pageSize;
      keys = last.slice(0, pageSize).reverse();
      from = !hasPrev ? 1 : count.capped ? Math.max(2, after.pos - keys.length + 1) : Math.max(2, count.total - keys.length + 1);
      hasNext = false;
    }
  }

  const runs = keys.length ? await runViews(db, keys.map((k) => k.id)) : [];
  const first = keys[0];
  const lastKey = keys.at(-1);
  return {
    runs, pageSize, from,
    total: count.total, totalCapped: count.capped,
    next: hasNext && lastKey ? formatCursor({ seq: lastKey.seq, rep: lastKey.rep, variant: lastKey.variant, pos: from + keys.length - 1 }) : null,
    prev: hasPrev && first ? formatCursor({ seq: first.seq, rep: first.rep, variant: first.variant, pos: from }) : null,
  };
}

async function runViews(db: DbOrTx, ids: string[]): Promise<RunView[]> {
  const rows = await db.execute<RunViewRow>(sql`
    select ${runViewColumns}
    from experiment_runs r
    join dataset_items i on i.id = r.dataset_item_id
    ${runEvaluationsJoin}
    where r.id in ${sql`(${sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `)})`}
    order by r.item_seq, r.repetition, r.variant`);
  return [...rows].map(toRunView);
}

/** One recorded outcome of a run (a resumed FAILED run adds one instead of overwriting the last). */
export interface RunAttempt {
  attempt: number; at: string; status: RunStatus; error: string | null;
  /** Provider calls this attempt made, its retries included. */
  calls: number;
  latencyMs: number | null; promptTokens: number | null; completionTokens: number | null;
  output: unknown; response: unknown;
}

/**
 * What a click on a result row shows: the exact request sent and the provider's raw response of
 * the latest outcome, and every attempt's outcome (oldest first).
 */
export interface RunDetail {
  id: string; itemId: string; repetition: number; status: RunStatus; attempts: number; error: string | null;
  latencyMs: number | null; promptTokens: number | null; completionTokens: number | null;
  request: unknown; response: unknown; createdAt: string; updatedAt: string;
  history: RunAttempt[];
}

const iso = (v: unknown) => (v instanceof Date ? v.toISOString() : new Date(String(v)).toISOString());

export async function getRunDetail(db: DbOrTx, experimentId: string, runId: string): Promise<RunDetail | null> {
  const [rows, attemptRows] = await Promise.all([
    db.execute<Record<string, unknown>>(sql`
      select id, dataset_item_id, repetition, status, attempts, error, latency_ms, prompt_tokens, completion_tokens,
        request, response, output, attempt_count, created_at, updated_at
      from experiment_runs where id = ${runId} and experiment_id = ${experimentId}`),
    db.execute<Record<string, unknown>>(sql`
      select attempt, created_at, status, error, calls, latency_ms, prompt_tokens, completion_tokens, output, response
      from run_attempts where run_id = ${runId} and experiment_id = ${experimentId}
      order by attempt`),
  ]);
  const r = [...rows][0];
  if (!r) return null;
  return {
    id: r.id as string, itemId: r.dataset_item_id as string, repetition: r.repetition as number, status: r.status as RunStatus,
    attempts: r.attempts as number, error: r.error as string | null, latencyMs: r.latency_ms as number | null,
    promptTokens: r.prompt_tokens as number | null, completionTokens: r.completion_tokens as number | null,
    request: r.request, response: r.response, createdAt: iso(r.created_at), updatedAt: iso(r.updated_at),
    // Superseded outcomes (run_attempts), then the run's own, latest one.
    history: [...attemptRows, { ...r, attempt: r.attempt_count, created_at: r.updated_at, calls: r.attempts }].map((a) => ({
      attempt: a.attempt as number, at: iso(a.created_at), status: a.status as RunStatus, error: a.error as string | null,
      calls: a.calls as number, latencyMs: a.latency_ms as number | null, promptTokens: a.prompt_tokens as number | null,
      completionTokens: a.completion_tokens as number | null, output: a.output, response: a.response,
    })),
  };
}
