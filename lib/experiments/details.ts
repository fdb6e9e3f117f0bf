import { eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { datasets, experiments, providerConnections } from '../db/schema';
import type { ExperimentConfig } from './config';
import { summarise, type ExperimentSummary } from './queries';
import { databaseNow } from '../db/now';
import { evaluatorAverages, orderAverages, type EvaluatorAverage } from './evaluator-averages';
import { variantSummaries, type VariantSummary } from './variant-summary';

/** A provider connection as the details show it: its name, never its key or URL. */
export interface ProviderRef { id: string; name: string | null }

/**
 * Everything the details slideover and the experiment page header show: the counters, the
 * timing, the config snapshot and the names of what it points at. No secret leaves the server:
 * the config holds only connection ids, and connections are given by name.
 */
export interface ExperimentDetails {
  summary: ExperimentSummary;
  description: string;
  record: boolean;
  dataset: { id: string; name: string | null; version: string };
  /** The task's provider connection (name null when it was deleted since). */
  provider: ProviderRef;
  /** Provider connections of LLM-judge evaluators, by connection id. */
  judgeProviders: Record<string, string | null>;
  config: ExperimentConfig;
  evaluatorAverages: EvaluatorAverage[];
  /** Per variant (one for a plain experiment). */
  variants: VariantSummary[];
  /** The true number of errors logged (the stored log is capped). */
  errorsLogged: number;
}

export async function getExperimentDetails(db: DbOrTx, id: string): Promise<ExperimentDetails | null> {
  const [row] = await db.select({
    experiment: experiments,
    datasetName: datasets.name,
    providerName: providerConnections.name,
  }).from(experiments)
    .leftJoin(datasets, eq(datasets.id, experiments.datasetId))
    // The config is jsonb: join on its provider id as text (no cast error if it is ever malformed).
    .leftJoin(providerConnections, sql`${providerConnections.id}::text = ${experiments.config} ->> 'providerConnectionId'`)
    .where(eq(experiments.id, id));
  if (!row) return null;

  const e = row.experiment;
  const config = e.config as ExperimentConfig;
  const judgeIds = [...new Set((config.evaluators ?? []).flatMap((ev) => (ev.type === 'llm_judge' ? [ev.providerConnectionId] : [])))];
  const evaluatorNames = (config.evaluators ?? []).map((ev) => ev.name);
  const [judges, averages, variants] = await Promise.all([
    judgeIds.length
      ? db.select({ id: providerConnections.id, name: providerConnections.name }).from(providerConnections)
        .where(sql`${providerConnections.id}::text in ${judgeIds}`)
      : Promise.resolve([]),
    evaluatorAverages(db, [e.id]),
    variantSummaries(db, [e.id], new Map([[e.id, evaluatorNames]])),
  ]);
  const summary = summarise(e, await databaseNow(db));
  return {
    summary,
    description: e.description,
    record: e.record,
    dataset: { id: e.datasetId, name: row.datasetName, version: e.datasetVersion.toISOString() },
    provider: { id: config.providerConnectionId, name: row.providerName },
    judgeProviders: Object.fromEntries(judgeIds.map((jid) => [jid, judges.find((j) => j.id === jid)?.name ?? null])),
    config,
    evaluatorAverages: orderAverages(averages.get(e.id) ?? [], summary.evaluatorNames),
    variants: variants.get(e.id) ?? [],
    errorsLogged: e.errorsLogged,
  };
}
