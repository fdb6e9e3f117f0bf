import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { isUuid } from '../uuid';
import type { RunStatus } from '../db/schema';
import { runEvaluationsJoin, runViewColumns, toRunView, type RunView, type RunViewRow } from './run-view';

/**
 * The experiment page's results: one row per run with its item and evaluations, filtered by
 * status, by an evaluator's score, or to one item, and paged. The filter helpers at the top are
 * pure (the page parses its URL with them in the browser too).
 */

export const RESULTS_PAGE_SIZE = 50;

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
}

export const NO_FILTER: ResultsFilter = { status: 'all', score: null, itemId: null };


type Params = { get(name: string): string | null };

/**
 * `?status=succeeded|failed&evaluator=<name>&op=lt&score=1&item=<id>&page=2`. Anything malformed
 * is ignored rather than refused: these come from links and the address bar.
 */
export function parseResultsParams(q: Params): { filter: ResultsFilter; page: number } {
  const rawStatus = q.get('status')?.toLowerCase();
  const status: StatusFilter = rawStatus === 'succeeded' || rawStatus === 'failed' ? rawStatus : 'all';
  const evaluator = q.get('evaluator')?.trim();
  const op = q.get('op') as ScoreOp | null;
  const rawScore = q.get('score');
  const value = rawScore === null || rawScore.trim() === '' ? NaN : Number(rawScore);
  const score = evaluator && op && SCORE_OPS.includes(op) && Number.isFinite(value) ? { evaluator, op, value } : null;
  const item = q.get('item');
  const page = Number(q.get('page'));
  return {
    filter: { status, score, itemId: item && isUuid(item) ? item.toLowerCase() : null },
    page: Number.isInteger(page) && page > 1 ? page : 1,
  };
}

/** The query string for a filter and page (empty parts left out), without the leading `?`. */
export function resultsSearch(filter: ResultsFilter, page = 1): string {
  const q = new URLSearchParams();
  if (filter.status !== 'all') q.set('status', filter.status);
  if (filter.score) {
    q.set('evaluator', filter.score.evaluator);
    q.set('op', filter.score.op);
    q.set('score', String(filter.score.value));
  }
  if (filter.itemId) q.set('item', filter.itemId);
  if (page > 1) q.set('page', String(page));
  return q.toString();
}

/** A params object from Next's `searchParams` (a value may be repeated: the first one counts). */
export function paramsFromRecord(record: Record<string, string | string[] | undefined>): Params {
  return { get: (name) => { const v = record[name]; return (Array.isArray(v) ? v[0] : v) ?? null; } };
}

// ---- queries ----

export interface ResultsPage {
  runs: RunView[];
  /** Runs matching the filter. */
  total: number;
  page: number;
  pageSize: number;
  pages: number;
}

const opSql: Record<ScoreOp, SQL> = { lt: sql.raw('<'), lte: sql.raw('<='), eq: sql.raw('='), gte: sql.raw('>='), gt: sql.raw('>') };

function filterSql(experimentId: string, f: ResultsFilter): SQL {
  const parts: SQL[] = [sql`r.experiment_id = ${experimentId}`];
  if (f.status !== 'all') parts.push(sql`r.status = ${f.status === 'succeeded' ? 'SUCCEEDED' : 'FAILED'}`);
  if (f.itemId) parts.push(sql`r.dataset_item_id = ${f.itemId}`);
  if (f.score) {
    parts.push(sql`exists (
      select 1 from evaluations e
      where e.run_id = r.id and e.evaluator_name = ${f.score.evaluator} and e.status = 'COMPLETED'
        and e.score ${opSql[f.score.op]} ${f.score.value})`);
  }
  return sql.join(parts, sql` and `);
}

/**
 * One page of runs in dataset order (then repetition), each with its item and its evaluations
 * (the shared run view); the page is cut before the evaluations are joined, so a page costs the
 * same on run 50 as on run 50,000. The request and raw response are left out (see getRunDetail).
 */
export async function listResults(db: DbOrTx, experimentId: string, p: {
  filter?: ResultsFilter; page?: number; pageSize?: number;
} = {}): Promise<ResultsPage> {
  const filter = p.filter ?? NO_FILTER;
  const pageSize = Math.min(200, Math.max(1, p.pageSize ?? RESULTS_PAGE_SIZE));
  const where = filterSql(experimentId, filter);
  const countRows = await db.execute<{ n: string | number }>(sql`select count(*) as n from experiment_runs r where ${where}`);
  const total = Number([...countRows][0]?.n ?? 0);
  const pages = Math.max(1, Math.ceil(total / pageSize));
  // A page past the end (the filter narrowed, or runs were deleted) shows the last one.
  const page = Math.min(Math.max(1, Math.floor(p.page ?? 1)), pages);

  const rows = await db.execute<RunViewRow>(sql`
    with page as (
      select r.id
      from experiment_runs r
      join dataset_items i on i.id = r.dataset_item_id
      where ${where}
      order by i.seq, r.repetition
      limit ${pageSize} offset ${(page - 1) * pageSize}
    )
    select ${runViewColumns}
    from page p
    join experiment_runs r on r.id = p.id
    join dataset_items i on i.id = r.dataset_item_id
    ${runEvaluationsJoin}
    order by i.seq, r.repetition`);

  return {
    runs: [...rows].map(toRunView),
    total, page, pageSize, pages,
  };
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
