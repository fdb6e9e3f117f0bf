import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import type { ExperimentStatus, RunStatus } from '../db/schema';
import { NotFoundError, UserError } from '../errors';
import type { ExperimentConfig } from './config';
import { evaluatorAverages } from './evaluator-averages';
import { isUuid } from '../uuid';
import { costOf } from './queries';
import { runEvaluationsJoin, runViewColumns, toRunView, type RunView, type RunViewRow } from './run-view';

/**
 * Side-by-side comparison of experiments on the same dataset: aggregates per experiment with
 * deltas against a baseline, then one row per dataset item (repetition 1) with every
 * experiment's output and scores. The URL helpers at the top are pure.
 */

export const COMPARE_PAGE_SIZE = 50;
export const COMPARE_MAX = 6;


export interface CompareParams { ids: string[]; baselineId: string | null; page: number; onlyDiffs: boolean }

type Params = { get(name: string): string | null };

/** `?ids=a,b,c&baseline=b&page=2&diff=1`; ids are checked by compareExperiments. */
export function parseCompareParams(q: Params): CompareParams {
  const ids = [...new Set((q.get('ids') ?? '').split(',').map((s) => s.trim().toLowerCase()).filter(Boolean))];
  const baseline = q.get('baseline')?.trim().toLowerCase() || null;
  const page = Number(q.get('page'));
  return { ids, baselineId: baseline, page: Number.isInteger(page) && page > 1 ? page : 1, onlyDiffs: q.get('diff') === '1' };
}

export function compareSearch(p: CompareParams): string {
  const q = new URLSearchParams({ ids: p.ids.join(',') });
  if (p.baselineId && p.baselineId !== p.ids[0]) q.set('baseline', p.baselineId);
  if (p.onlyDiffs) q.set('diff', '1');
  if (p.page > 1) q.set('page', String(p.page));
  // Commas stay readable in the address bar.
  return q.toString().replace(/%2C/gi, ',');
}

export interface Delta {
  /** This experiment's value minus the baseline's. */
  value: number;
  /** Whether the change is an improvement (higher scores and success, lower latency). */
  better: boolean;
}

export interface CompareExperiment {
  id: string;
  name: string;
  status: ExperimentStatus;
  model: string;
  createdAt: string;
  evaluatorNames: string[];
  totalRuns: number;
  succeeded: number;
  failed: number;
  /** Succeeded / finished runs; null before any finished. */
  successRate: number | null;
  /** Mean latency of succeeded runs, ms. */
  meanLatencyMs: number | null;
  /** Mean score per evaluator over COMPLETED evaluations. */
  scores: Record<string, { average: number; count: number }>;
  /** Tokens and cost of every recorded call (issue 12): see ExperimentSummary. */
  promptTokens: number; completionTokens: number; cachedPromptTokens: number;
  costUsd: number | null; unpricedCalls: number; costNote: string | null;
  /** Against the baseline (absent for the baseline itself, and where either side has no value). */
  deltas: { successRate: Delta | null; meanLatencyMs: Delta | null; costUsd: Delta | null; scores: Record<string, Delta | null> } | null;
}

/** An experiment's run of the row's item (repetition 1). */
export interface CompareCell extends RunView {
  /** The output (or outcome) differs from the baseline's for this item. */
  differs: boolean;
}

export interface CompareRow {
  itemId: string;
  input: unknown;
  expected: unknown;
  /** By experiment id; null where that experiment has no run for the item (yet). */
  cells: Record<string, CompareCell | null>;
}

export interface Comparison {
  dataset: { id: string; name: string };
  baselineId: string;
  /** Baseline first, then the others in the order asked. */
  experiments: CompareExperiment[];
  /** Every evaluator of any of the experiments, in config order. */
  evaluatorNames: string[];
  rows: CompareRow[];
  /** Items (rows) matching, for paging. */
  total: number;
  page: number;
  pageSize: number;
  pages: number;
  onlyDiffs: boolean;
}

interface ExperimentRow extends Record<string, unknown> {
  id: string; name: string; status: ExperimentStatus; config: ExperimentConfig; dataset_id: string; dataset_name: string;
  total_runs: number; created_at: Date | string;
  succeeded: string | number; failed: string | number; mean_latency: string | number | null;
  prompt_tokens: string | number; completion_tokens: string | number; cached_prompt_tokens: string | number;
  cost_usd: string | number; unpriced_calls: number;
}

/** Equal outputs: jsonb's text is canonical (key order, spacing), so the JSON text compares. */
export function sameOutcome(a: { status: RunStatus; output: unknown }, b: { status: RunStatus; output: unknown }): boolean {
  return a.status === b.status && JSON.stringify(a.output ?? null) === JSON.stringify(b.output ?? null);
}

function delta(value: number | null, base: number | null, higherIsBetter: boolean): Delta | null {
  if (value === null || base === null) return null;
  const d = value - base;
  return { value: d, better: higherIsBetter ? d > 0 : d < 0 };
}

export async function compareExperiments(db: DbOrTx, p: {
  ids: string[]; baselineId?: string | null; page?: number; pageSize?: number; onlyDiffs?: boolean;
}): Promise<Comparison> {
  const ids = [...new Set(p.ids.map((id) => id.toLowerCase()))];
  if (ids.length < 2) throw new UserError('Pick at least two experiments to compare');
  if (ids.length > COMPARE_MAX) throw new UserError(`Compare at most ${COMPARE_MAX} experiments at a time`);
  const bad = ids.find((id) => !isUuid(id));
  if (bad) throw new UserError(`“${bad}” is not an experiment id`);
  const baselineId = p.baselineId ? p.baselineId.toLowerCase() : ids[0];
  if (!ids.includes(baselineId)) throw new UserError('The baseline must be one of the compared experiments');

  const found = [...await db.execute<ExperimentRow>(sql`
    select e.id, e.name, e.status, e.config, e.dataset_id, d.name as dataset_name, e.total_runs, e.created_at,
      e.prompt_tokens, e.completion_tokens, e.cached_prompt_tokens, e.cost_usd, e.unpriced_calls,
      count(r.id) filter (where r.status = 'SUCCEEDED') as succeeded,
      count(r.id) filter (where r.status = 'FAILED') as failed,
      avg(r.latency_ms) filter (where r.status = 'SUCCEEDED') as mean_latency
    from experiments e
    join datasets d on d.id = e.dataset_id
    left join experiment_runs r on r.experiment_id = e.id
    where e.id in ${ids}
    group by e.id, d.name`)];
  const missing = ids.find((id) => !found.some((e) => e.id === id));
  if (missing) throw new NotFoundError(`Experiment ${missing}`);
  // In the order asked, so the message reads like the URL.
  const datasetIds = new Set(ids.map((id) => found.find((e) => e.id === id)!.dataset_id));
  if (datasetIds.size > 1) {
    const byDataset = [...datasetIds].map((d) => {
      const group = ids.map((id) => found.find((e) => e.id === id)!).filter((e) => e.dataset_id === d);
      return `${group.map((e) => `“${e.name}”`).join(', ')} on “${group[0].dataset_name}”`;
    });
    throw new UserError(`Only experiments on the same dataset can be compared: ${byDataset.join('; ')}`);
  }

  const ordered = [baselineId, ...ids.filter((id) => id !== baselineId)].map((id) => found.find((e) => e.id === id)!);
  const averages = await evaluatorAverages(db, ids);
  const evaluatorNames: string[] = [];
  for (const e of ordered) for (const ev of e.config.evaluators ?? []) if (!evaluatorNames.includes(ev.name)) evaluatorNames.push(ev.name);

  const base = aggregates(ordered[0], averages.get(ordered[0].id) ?? []);
  const experiments = ordered.map((e, i) => {
    const a = i === 0 ? base : aggregates(e, averages.get(e.id) ?? []);
    if (i === 0) return a;
    const names = new Set([...Object.keys(a.scores), ...Object.keys(base.scores)]);
    a.deltas = {
      successRate: delta(a.successRate, base.successRate, true),
      meanLatencyMs: delta(a.meanLatencyMs, base.meanLatencyMs, false),
      costUsd: delta(a.costUsd, base.costUsd, false),
      scores: Object.fromEntries([...names].map((n) => [n, delta(a.scores[n]?.average ?? null, base.scores[n]?.average ?? null, true)])),
    };
    return a;
  });

  // Items any of them ran (repetition 1), optionally only those where an output differs from the baseline's.
  const others = ids.filter((id) => id !== baselineId);
  const differs = sql`exists (
    select 1 from experiment_runs o
    left join experiment_runs b on b.experiment_id = ${baselineId} and b.dataset_item_id = o.dataset_item_id and b.repetition = 1
    where o.dataset_item_id = items.item_id and o.repetition = 1 and o.experiment_id in ${others}
      and (b.id is null or o.status <> b.status or o.output is distinct from b.output))`;
  const itemsCte = sql`items as (
    select r.dataset_item_id as item_id from experiment_runs r
    where r.experiment_id in ${ids} and r.repetition = 1
    group by r.dataset_item_id)`;
  const onlyDiffs = !!p.onlyDiffs;
  const whereItems = onlyDiffs ? differs : sql`true`;
  const [{ n }] = [...await db.execute<{ n: string | number }>(sql`with ${itemsCte} select count(*) as n from items where ${whereItems}`)];
  const total = Number(n);
  const pageSize = Math.min(200, Math.max(1, p.pageSize ?? COMPARE_PAGE_SIZE));
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(Math.max(1, Math.floor(p.page ?? 1)), pages);

  const runRows = [...await db.execute<RunViewRow>(sql`
    with ${itemsCte},
    page as (
      select i.id
      from items join dataset_items i on i.id = items.item_id
      where ${whereItems}
      order by i.seq
      limit ${pageSize} offset ${(page - 1) * pageSize}
    )
    select ${runViewColumns}
    from page p
    join experiment_runs r on r.dataset_item_id = p.id and r.repetition = 1 and r.experiment_id in ${ids}
    join dataset_items i on i.id = r.dataset_item_id
    ${runEvaluationsJoin}
    order by i.seq`)].map(toRunView);

  // Every item of the page has a run of at least one experiment (that is how it got on the page).
  const byItem = new Map<string, RunView[]>();
  for (const r of runRows) byItem.set(r.itemId, [...byItem.get(r.itemId) ?? [], r]);
  const rows: CompareRow[] = [...byItem.values()].map((runs) => {
    const baseRun = runs.find((r) => r.experimentId === baselineId) ?? null;
    const cells: Record<string, CompareCell | null> = {};
    for (const id of ids) {
      const r = runs.find((x) => x.experimentId === id);
      cells[id] = r ? { ...r, differs: id !== baselineId && (!baseRun || !sameOutcome(r, baseRun)) } : null;
    }
    return { itemId: runs[0].itemId, input: runs[0].input, expected: runs[0].expected, cells };
  });

  return {
    dataset: { id: ordered[0].dataset_id, name: ordered[0].dataset_name },
    baselineId, experiments, evaluatorNames, rows, total, page, pageSize, pages, onlyDiffs,
  };
}

function aggregates(e: ExperimentRow, averages: { evaluator: string; average: number; count: number }[]): CompareExperiment {
  const succeeded = Number(e.succeeded), failed = Number(e.failed);
  const config = e.config;
  return {
    id: e.id, name: e.name, status: e.status, model: config.model,
    createdAt: (e.created_at instanceof Date ? e.created_at : new Date(e.created_at)).toISOString(),
    evaluatorNames: (config.evaluators ?? []).map((ev) => ev.name),
    totalRuns: e.total_runs, succeeded, failed,
    successRate: succeeded + failed > 0 ? succeeded / (succeeded + failed) : null,
    meanLatencyMs: e.mean_latency === null ? null : Number(e.mean_latency),
    scores: Object.fromEntries(averages.map((a) => [a.evaluator, { average: a.average, count: a.count }])),
    ...costOf({
      promptTokens: Number(e.prompt_tokens), completionTokens: Number(e.completion_tokens), cachedPromptTokens: Number(e.cached_prompt_tokens),
      costUsd: Number(e.cost_usd), unpricedCalls: e.unpriced_calls,
    }),
    deltas: null,
  };
}
