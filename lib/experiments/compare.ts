import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import type { RunStatus } from '../db/schema';
import type { SeriesRef } from './compare-params';
import { inSeries, resolveComparison, type ResolvedComparison, type ResolvedSeries } from './compare-series';
import { runEvaluationsJoin, runViewColumns, toRunView, type RunView, type RunViewRow } from './run-view';

/**
 * Side-by-side comparison of series (variants of experiments) on one dataset: aggregates per
 * series with deltas against a baseline, then one row per dataset item (repetition 1) with every
 * series' output and scores. The scores with their intervals are lib/experiments/comparison.ts;
 * the items where the series disagree, lib/experiments/disagreements.ts.
 */

export const COMPARE_PAGE_SIZE = 50;

export interface Delta {
  /** This series' value minus the baseline's. */
  value: number;
  /** Whether the change is an improvement (higher success, lower latency and cost). */
  better: boolean;
}

/** One series as the compare view's header and aggregates show it. */
export interface CompareSeries extends Omit<ResolvedSeries, 'summary'> {
  providerName: string | null;
  totalRuns: number;
  succeeded: number;
  failed: number;
  /** Succeeded / finished runs; null before any finished. */
  successRate: number | null;
  /** Mean latency of its provider calls (cached answers excluded). */
  meanLatencyMs: number | null;
  promptTokens: number;
  completionTokens: number;
  costUsd: number | null;
  unpricedCalls: number;
  costNote: string | null;
  /** Against the baseline (null for the baseline itself; a field is null where either side has no value). */
  deltas: { successRate: Delta | null; meanLatencyMs: Delta | null; costUsd: Delta | null } | null;
}

/** A series' run of the row's item (repetition 1). */
export interface CompareCell extends RunView {
  /** The output (or outcome) differs from the baseline's for this item. */
  differs: boolean;
}

export interface CompareRow {
  itemId: string;
  input: unknown;
  expected: unknown;
  /** By series key; null where that series has no run of the item (yet). */
  cells: Record<string, CompareCell | null>;
}

export interface Comparison {
  dataset: { id: string; name: string };
  /** The baseline's series key. */
  baseline: string;
  /** Baseline first, then the others in the order asked. */
  series: CompareSeries[];
  /** Set when every series is a variant of this one experiment. */
  oneExperiment: { id: string; name: string } | null;
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

/** Equal outputs: jsonb's text is canonical (key order, spacing), so the JSON text compares. */
export function sameOutcome(a: { status: RunStatus; output: unknown }, b: { status: RunStatus; output: unknown }): boolean {
  return a.status === b.status && JSON.stringify(a.output ?? null) === JSON.stringify(b.output ?? null);
}

function delta(value: number | null, base: number | null, higherIsBetter: boolean): Delta | null {
  if (value === null || base === null) return null;
  const d = value - base;
  return { value: d, better: higherIsBetter ? d > 0 : d < 0 };
}

function aggregates(s: ResolvedSeries): CompareSeries {
  const v = s.summary;
  const succeeded = v?.runsSucceeded ?? 0, failed = v?.runsFailed ?? 0;
  return {
    key: s.key, experimentId: s.experimentId, experimentName: s.experimentName, variant: s.variant, variantName: s.variantName,
    variantCount: s.variantCount, name: s.name, status: s.status, model: s.model, providerName: v?.providerName ?? null,
    createdAt: s.createdAt, evaluatorNames: s.evaluatorNames,
    totalRuns: v?.totalRuns ?? 0, succeeded, failed,
    successRate: succeeded + failed > 0 ? succeeded / (succeeded + failed) : null,
    meanLatencyMs: v?.meanLatencyMs ?? null,
    promptTokens: v?.promptTokens ?? 0, completionTokens: v?.completionTokens ?? 0,
    costUsd: v ? v.costUsd : 0, unpricedCalls: v?.unpricedCalls ?? 0, costNote: v?.costNote ?? null,
    deltas: null,
  };
}

type PageParams = { page?: number; pageSize?: number; onlyDiffs?: boolean };

export async function compareExperiments(db: DbOrTx, p: { series: SeriesRef[]; baseline?: string | null } & PageParams): Promise<Comparison> {
  return comparisonOf(db, await resolveComparison(db, p), p);
}

/** The comparison of series already resolved (the page resolves once for all its reads). */
export async function comparisonOf(db: DbOrTx, resolved: ResolvedComparison, p: PageParams = {}): Promise<Comparison> {
  const [base, ...rest] = resolved.series.map(aggregates);
  const series = [base, ...rest.map((a) => ({
    ...a,
    deltas: {
      successRate: delta(a.successRate, base.successRate, true),
      meanLatencyMs: delta(a.meanLatencyMs, base.meanLatencyMs, false),
      costUsd: delta(a.costUsd, base.costUsd, false),
    },
  }))];
  const page = await itemsPage(db, resolved.series, p);
  return { dataset: resolved.dataset, baseline: resolved.baseline, series, oneExperiment: resolved.oneExperiment, evaluatorNames: resolved.evaluatorNames, ...page };
}

type SeriesRunRow = RunViewRow & { series_variant: number };

/** Items any series ran (repetition 1), optionally only those where an output differs from the baseline's; paged by number. */
async function itemsPage(db: DbOrTx, series: ResolvedSeries[], p: PageParams) {
  const [baseline, ...others] = series;
  const differs = sql`exists (
    select 1 from experiment_runs o
    left join experiment_runs b on b.experiment_id = ${baseline.experimentId} and b.variant = ${baseline.variant}
      and b.dataset_item_id = o.dataset_item_id and b.repetition = 1
    where o.dataset_item_id = items.item_id and o.repetition = 1 and ${inSeries('o', others)}
      and (b.id is null or o.status <> b.status or o.output is distinct from b.output))`;
  const itemsCte = sql`items as (
    select r.dataset_item_id as item_id from experiment_runs r
    where ${inSeries('r', series)} and r.repetition = 1
    group by r.dataset_item_id)`;
  const onlyDiffs = !!p.onlyDiffs;
  const whereItems = onlyDiffs ? differs : sql`true`;
  const [{ n }] = [...await db.execute<{ n: string | number }>(sql`with ${itemsCte} select count(*) as n from items where ${whereItems}`)];
  const total = Number(n);
  const pageSize = Math.min(200, Math.max(1, p.pageSize ?? COMPARE_PAGE_SIZE));
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const page = Math.min(Math.max(1, Math.floor(p.page ?? 1)), pages);

  const runRows = [...await db.execute<SeriesRunRow>(sql`
    with ${itemsCte},
    page as (
      select i.id
      from items join dataset_items i on i.id = items.item_id
      where ${whereItems}
      order by i.seq
      limit ${pageSize} offset ${(page - 1) * pageSize}
    )
    select ${runViewColumns}, r.variant as series_variant
    from page p
    join experiment_runs r on r.dataset_item_id = p.id and r.repetition = 1 and ${inSeries('r', series)}
    join dataset_items i on i.id = r.dataset_item_id
    ${runEvaluationsJoin}
    order by i.seq`)];
  return { rows: alignRuns(series, runRows), total, page, pageSize, pages, onlyDiffs };
}

/** One row per item (in the runs' order), a cell per series, each marked where it differs from the baseline's. */
export function alignRuns(series: readonly Pick<ResolvedSeries, 'key' | 'experimentId' | 'variant'>[], runRows: SeriesRunRow[]): CompareRow[] {
  const keyOf = (r: SeriesRunRow) => `${r.experiment_id}:${r.series_variant}`;
  const byItem = new Map<string, Map<string, RunView>>();
  for (const r of runRows) {
    const cells = byItem.get(r.dataset_item_id) ?? new Map<string, RunView>();
    byItem.set(r.dataset_item_id, cells);
    cells.set(keyOf(r), toRunView(r));
  }
  const baseKey = series[0].key;
  return [...byItem.values()].map((runs) => {
    const baseRun = runs.get(baseKey) ?? null;
    const cells: Record<string, CompareCell | null> = {};
    for (const s of series) {
      const r = runs.get(s.key);
      cells[s.key] = r ? { ...r, differs: s.key !== baseKey && (!baseRun || !sameOutcome(r, baseRun)) } : null;
    }
    const any = runs.values().next().value!;
    return { itemId: any.itemId, input: any.input, expected: any.expected, cells };
  });
}
