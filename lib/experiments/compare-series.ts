import { sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import type { ExperimentStatus } from '../db/schema';
import { NotFoundError, UserError } from '../errors';
import { isUuid } from '../uuid';
import type { ExperimentConfig } from './config';
import { COMPARE_MAX_SERIES, seriesKey, type SeriesRef } from './compare-params';
import { experimentVariants } from './variants';
import { variantSummaries, type VariantSummary } from './variant-summary';

/**
 * Which series a comparison holds: the experiments behind the asked series loaded and checked
 * (same dataset, variants that exist), an experiment without a variant expanded to all of its
 * variants, and the baseline found. Every compare read (aggregates, items, scores,
 * disagreements) starts here, so they all refuse the same input with the same message.
 */

export interface ResolvedSeries {
  /** `<experiment id>:<variant>`. */
  key: string;
  experimentId: string;
  experimentName: string;
  variant: number;
  variantName: string;
  /** Variants its experiment has. */
  variantCount: number;
  /** How the view labels it: the experiment's name, with the variant's where the experiment has several. */
  name: string;
  status: ExperimentStatus;
  model: string;
  createdAt: string;
  evaluatorNames: string[];
  /** Its counters (experiment_variants); null for an experiment created before variants had rows. */
  summary: VariantSummary | null;
}

export interface ResolvedComparison {
  dataset: { id: string; name: string };
  /** The baseline's key. */
  baseline: string;
  /** The baseline first, then the others in the order asked. */
  series: ResolvedSeries[];
  /** Every evaluator of any of the experiments, in config order. */
  evaluatorNames: string[];
  /** All from one experiment: its variants compared with each other. */
  oneExperiment: { id: string; name: string } | null;
}

interface ExperimentRow extends Record<string, unknown> {
  id: string; name: string; status: ExperimentStatus; config: ExperimentConfig; dataset_id: string; dataset_name: string; created_at: Date | string;
}

/** `(alias.experiment_id, alias.variant) in (...)`: the runs of the given series. */
export function inSeries(alias: string, series: readonly Pick<ResolvedSeries, 'experimentId' | 'variant'>[]): SQL {
  const a = sql.raw(alias);
  const pairs = series.map((s) => sql`(${s.experimentId}::uuid, ${s.variant}::int)`);
  return sql`(${a}.experiment_id, ${a}.variant) in (${sql.join(pairs, sql`, `)})`;
}

export async function resolveComparison(db: DbOrTx, p: { series: SeriesRef[]; baseline?: string | null }): Promise<ResolvedComparison> {
  const refs = p.series;
  if (refs.length > COMPARE_MAX_SERIES) throw new UserError(`Compare at most ${COMPARE_MAX_SERIES} series (experiments or variants) at a time`);
  const bad = refs.find((s) => !isUuid(s.experimentId));
  if (bad) throw new UserError(`“${bad.experimentId}” is not an experiment id`);
  if (!refs.length) throw new UserError('Pick at least two experiments, or an experiment with several variants, to compare');
  const ids = [...new Set(refs.map((s) => s.experimentId))];

  const found = [...await db.execute<ExperimentRow>(sql`
    select e.id, e.name, e.status, e.config, e.dataset_id, d.name as dataset_name, e.created_at
    from experiments e join datasets d on d.id = e.dataset_id
    where e.id in ${ids}`)];
  const missing = ids.find((id) => !found.some((e) => e.id === id));
  if (missing) throw new NotFoundError(`Experiment ${missing}`);
  const byId = new Map(found.map((e) => [e.id, e]));
  // In the order asked, so the message reads like the URL.
  const datasetIds = [...new Set(ids.map((id) => byId.get(id)!.dataset_id))];
  if (datasetIds.length > 1) {
    const byDataset = datasetIds.map((d) => {
      const group = ids.map((id) => byId.get(id)!).filter((e) => e.dataset_id === d);
      return `${group.map((e) => `“${e.name}”`).join(', ')} on “${group[0].dataset_name}”`;
    });
    throw new UserError(`Only experiments on the same dataset can be compared: ${byDataset.join('; ')}`);
  }

  const summaries = await variantSummaries(db, ids);
  const evaluatorNames: string[] = [];
  const series: ResolvedSeries[] = [];
  const seen = new Set<string>();
  for (const ref of refs) {
    const e = byId.get(ref.experimentId)!;
    const variants = experimentVariants(e.config);
    const picked = ref.variant === null ? variants : variants.filter((v) => v.index === ref.variant);
    if (!picked.length) {
      throw new UserError(`“${e.name}” has no variant ${ref.variant}: its variants are 0 to ${variants.length - 1}`);
    }
    const names = (e.config.evaluators ?? []).map((ev) => ev.name);
    for (const n of names) if (!evaluatorNames.includes(n)) evaluatorNames.push(n);
    for (const v of picked) {
      const key = seriesKey(e.id, v.index);
      if (seen.has(key)) continue;
      seen.add(key);
      const summary = summaries.get(e.id)?.find((s) => s.variant === v.index) ?? null;
      series.push({
        key, experimentId: e.id, experimentName: e.name, variant: v.index, variantName: summary?.name ?? v.name,
        variantCount: variants.length, name: e.name, status: e.status, model: summary?.model ?? v.model,
        createdAt: (e.created_at instanceof Date ? e.created_at : new Date(e.created_at)).toISOString(),
        evaluatorNames: names, summary,
      });
    }
  }
  if (series.length > COMPARE_MAX_SERIES) {
    throw new UserError(`Compare at most ${COMPARE_MAX_SERIES} series (experiments or variants) at a time: these make ${series.length}`);
  }
  if (series.length < 2) {
    throw new UserError(`Pick at least two experiments, or an experiment with several variants, to compare (“${series[0].experimentName}” has one variant)`);
  }
  const oneExperiment = ids.length === 1 ? { id: ids[0], name: byId.get(ids[0])!.name } : null;
  for (const s of series) {
    if (oneExperiment) s.name = s.variantName;
    else if (s.variantCount > 1) s.name = `${s.experimentName} · ${s.variantName}`;
  }

  const baseline = findBaseline(series, p.baseline ?? null);
  const ordered = [baseline, ...series.filter((s) => s !== baseline)];
  const first = byId.get(ids[0])!;
  return { dataset: { id: first.dataset_id, name: first.dataset_name }, baseline: baseline.key, series: ordered, evaluatorNames, oneExperiment };
}

/** A series key, or an experiment id (its first compared variant); none: the first series. */
function findBaseline(series: ResolvedSeries[], asked: string | null): ResolvedSeries {
  if (!asked) return series[0];
  const b = series.find((s) => s.key === asked) ?? series.find((s) => s.experimentId === asked);
  if (!b) throw new UserError('The baseline must be one of the compared experiments or variants');
  return b;
}
