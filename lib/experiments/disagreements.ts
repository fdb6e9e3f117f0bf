import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import type { SeriesRef } from './compare-params';
import { inSeries, resolveComparison, type ResolvedComparison } from './compare-series';
import { alignRuns, type CompareRow } from './compare';
import { runEvaluationsJoin, runViewColumns, type RunViewRow } from './run-view';

/**
 * The items where the series disagree: for some evaluator, the series' mean scores of the item
 * (repetitions averaged) are DISAGREE_SPREAD or more apart, or fall on both sides of PASS_SCORE
 * (one passes, one fails). Each comes with every series' output side by side (its first
 * repetition) and scores. Paged by item (keyset on the dataset order), one statement a page.
 */

export const DISAGREEMENT_PAGE_SIZE = 25;
/** Scores this far apart disagree. */
export const DISAGREE_SPREAD = 0.5;
/** A score at or above this passes. */
export const PASS_SCORE = 0.5;

export interface DisagreementRow extends CompareRow {
  /** The item's position in its dataset: pass the last one as `after` for the next page. */
  seq: number;
  /** The evaluators the series disagree on for this item. */
  evaluators: string[];
  /** Per series key, the item's mean score per evaluator. */
  scores: Record<string, Record<string, number>>;
}

export interface DisagreementPage {
  baseline: string;
  rows: DisagreementRow[];
  pageSize: number;
  /** Disagreeing items from this page's first on (all of them on the first page). */
  remaining: number;
  /** Pass as `after` for the next page; null on the last. */
  next: number | null;
  spread: number;
  passScore: number;
}

type Row = RunViewRow & { series_variant: number; page_seq: string | number; page_evaluators: string[]; item_scores: Record<string, number> | null; remaining: string | number };

export async function disagreementPage(db: DbOrTx, resolved: ResolvedComparison, p: { after?: number | null; pageSize?: number } = {}): Promise<DisagreementPage> {
  const series = resolved.series;
  const ids = [...new Set(series.map((s) => s.experimentId))];
  const pageSize = Math.min(50, Math.max(1, p.pageSize ?? DISAGREEMENT_PAGE_SIZE));
  const after = p.after ?? 0;
  const rows = [...await db.execute<Row>(sql`
    with per_item as (
      select r.item_seq, r.dataset_item_id, r.experiment_id, r.variant, e.evaluator_name, avg(e.score)::float8 as score
      from evaluations e join experiment_runs r on r.id = e.run_id
      where e.experiment_id in ${ids} and ${inSeries('r', series)} and e.status = 'COMPLETED' and e.score is not null
        and r.item_seq > ${after}
      group by 1, 2, 3, 4, 5
    ),
    split as (
      select item_seq, dataset_item_id, evaluator_name from per_item
      group by 1, 2, 3
      having count(*) > 1 and (max(score) - min(score) >= ${DISAGREE_SPREAD} or (max(score) >= ${PASS_SCORE} and min(score) < ${PASS_SCORE}))
    ),
    page as (
      select item_seq, dataset_item_id, array_agg(evaluator_name order by evaluator_name) as evaluators
      from split group by 1, 2
      order by item_seq limit ${pageSize + 1}
    ),
    page_scores as (
      select p.item_seq, p.experiment_id, p.variant, json_object_agg(p.evaluator_name, p.score) as scores
      from per_item p join page on page.item_seq = p.item_seq
      group by 1, 2, 3
    )
    select ${runViewColumns}, r.variant as series_variant, page.item_seq as page_seq, page.evaluators as page_evaluators,
      ps.scores as item_scores, (select count(distinct item_seq) from split) as remaining
    from page
    join dataset_items i on i.id = page.dataset_item_id
    -- Each series' first recorded repetition of the item (repetition 1 unless that has not run yet).
    join lateral (
      select distinct on (x.experiment_id, x.variant) x.* from experiment_runs x
      where x.dataset_item_id = page.dataset_item_id and ${inSeries('x', series)}
      order by x.experiment_id, x.variant, x.repetition
    ) r on true
    left join page_scores ps on ps.item_seq = page.item_seq and ps.experiment_id = r.experiment_id and ps.variant = r.variant
    ${runEvaluationsJoin}
    order by page.item_seq`)];

  const seqs = [...new Set(rows.map((r) => Number(r.page_seq)))];
  const more = seqs.length > pageSize;
  const shown = new Set(seqs.slice(0, pageSize));
  const kept = rows.filter((r) => shown.has(Number(r.page_seq)));
  const meta = new Map<string, { seq: number; evaluators: string[]; scores: Record<string, Record<string, number>> }>();
  for (const r of kept) {
    const m = meta.get(r.dataset_item_id) ?? { seq: Number(r.page_seq), evaluators: r.page_evaluators, scores: {} };
    meta.set(r.dataset_item_id, m);
    m.scores[`${r.experiment_id}:${r.series_variant}`] = r.item_scores ?? {};
  }
  return {
    baseline: resolved.baseline,
    rows: alignRuns(series, kept).map((row) => ({ ...row, ...meta.get(row.itemId)! })),
    pageSize,
    remaining: Number(rows[0]?.remaining ?? 0),
    next: more ? seqs[pageSize - 1] : null,
    spread: DISAGREE_SPREAD,
    passScore: PASS_SCORE,
  };
}

/** The disagreements of a comparison as its address asks (see compare-params.ts). */
export async function compareDisagreements(db: DbOrTx, p: { series: SeriesRef[]; baseline?: string | null; after?: number | null; pageSize?: number }): Promise<DisagreementPage> {
  return disagreementPage(db, await resolveComparison(db, p), p);
}
