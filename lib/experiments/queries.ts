import { and, desc, eq } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { experiments } from '../db/schema';
import type { ExperimentConfig } from './config';
import { leaseMs } from '../config';
import { databaseNow } from '../db/now';
import { withEvaluatorAverages, type EvaluatorAverage } from './evaluator-averages';

export type ExperimentRow = typeof experiments.$inferSelect;

/** The fields a polled table needs: counters only, never a scan of runs. */
export interface ExperimentSummary {
  /** The model, or the variants' distinct models ("a, b +1") when it has several variants. */
  id: string; datasetId: string; name: string; status: ExperimentRow['status']; model: string;
  /** Variants (prompt x model x parameters) it runs; 1 for a plain experiment. */
  variantCount: number;
  totalRuns: number; runsSucceeded: number; runsFailed: number; itemsSkipped: number;
  evalsCompleted: number; evalsFailed: number; evalsDelayed: number; evaluatorCount: number;
  /** The configured evaluators' names, in config order. */
  evaluatorNames: string[];
  /** Mean score per evaluator (COMPLETED evaluations), when the list was loaded with them. */
  evaluatorAverages?: EvaluatorAverage[];
  lastError: string | null; rateLimited: boolean;
  /** 429s this experiment waited on, all runs together. */
  rateLimitWaits: number;
  /** QUEUED or RUNNING, but no live worker holds it (its owner's lease ran out, or none took it yet). */
  waitingForWorker: boolean;
  /** Runs answered from the call cache; they count in runsSucceeded too. */
  runsCached: number;
  /** Tokens of every recorded call, tasks and judges; cached is part of prompt. */
  promptTokens: number; completionTokens: number; cachedPromptTokens: number;
  /** US dollars at the prices the calls were charged at; null when no call had a price ("no price set"). */
  costUsd: number | null;
  /** Calls that used tokens but had no price: their cost is unknown, not counted as 0. */
  unpricedCalls: number;
  /** What to say beside the cost when some of it is unknown, or null. */
  costNote: string | null;
  createdAt: string; startedAt: string | null; finishedAt: string | null; toggledAt: string | null;
}

/** `now` is the database's clock (databaseNow), the one the leases and marks were written with. */
export function summarise(e: ExperimentRow, now: Date): ExperimentSummary {
  const config = e.config as ExperimentConfig;
  return {
    id: e.id, datasetId: e.datasetId, name: e.name, status: e.status, model: modelsOf(config),
    variantCount: config.variants?.length || 1,
    totalRuns: e.totalRuns, runsSucceeded: e.runsSucceeded, runsFailed: e.runsFailed, itemsSkipped: e.itemsSkipped,
    evalsCompleted: e.evalsCompleted, evalsFailed: e.evalsFailed, evalsDelayed: e.evalsDelayed,
    evaluatorCount: config.evaluators?.length ?? 0,
    evaluatorNames: (config.evaluators ?? []).map((ev) => ev.name),
    lastError: e.lastError,
    rateLimited: !!e.rateLimitedAt && now.getTime() - e.rateLimitedAt.getTime() < 15_000,
    rateLimitWaits: e.rateLimitWaits,
    waitingForWorker: waitingForWorker(e, now.getTime()),
    runsCached: e.runsCached,
    ...costOf(e),
    createdAt: e.createdAt.toISOString(), startedAt: e.startedAt?.toISOString() ?? null,
    finishedAt: e.finishedAt?.toISOString() ?? null, toggledAt: e.toggledAt?.toISOString() ?? null,
  };
}

/** The model, or the distinct models of its variants, at most two named. */
function modelsOf(config: ExperimentConfig): string {
  const models = [...new Set((config.variants ?? []).map((v) => v.model ?? config.model))];
  if (models.length <= 1) return models[0] ?? config.model;
  return models.length > 2 ? `${models.slice(0, 2).join(', ')} +${models.length - 2}` : models.join(', ');
}

export function costOf(e: Pick<ExperimentRow, 'promptTokens' | 'completionTokens' | 'cachedPromptTokens' | 'costUsd' | 'unpricedCalls'>) {
  return {
    promptTokens: e.promptTokens, completionTokens: e.completionTokens, cachedPromptTokens: e.cachedPromptTokens,
    ...costWithNote(e.costUsd, e.unpricedCalls),
  };
}

/** Never a silent 0: a cost made only of unpriced calls is unknown, and a partly unpriced one says so. */
export function costWithNote(costUsd: number, unpricedCalls: number): { costUsd: number | null; unpricedCalls: number; costNote: string | null } {
  if (unpricedCalls === 0) return { costUsd, unpricedCalls, costNote: null };
  if (costUsd === 0) return { costUsd: null, unpricedCalls, costNote: 'no price set' };
  return { costUsd, unpricedCalls, costNote: `${unpricedCalls.toLocaleString('en-US')} call${unpricedCalls === 1 ? '' : 's'} with no price set not included` };
}

/** A RUNNING experiment whose lease nobody renews, or a QUEUED one no worker took for a lease. */
function waitingForWorker(e: ExperimentRow, now: number): boolean {
  const lease = leaseMs();
  if (e.status === 'RUNNING') return !e.claimedAt || now - e.claimedAt.getTime() > lease;
  if (e.status === 'QUEUED') return now - (e.claimedAt ?? e.toggledAt ?? e.createdAt).getTime() > lease;
  return false;
}

export async function listDatasetExperiments(db: DbOrTx, datasetId: string): Promise<ExperimentSummary[]> {
  const rows = await db.select().from(experiments)
    .where(and(eq(experiments.datasetId, datasetId), eq(experiments.record, true)))
    .orderBy(desc(experiments.createdAt), desc(experiments.id));
  const now = await databaseNow(db);
  return withEvaluatorAverages(db, rows.map((row) => summarise(row, now)));
}

export async function getExperiment(db: DbOrTx, id: string): Promise<ExperimentRow | null> {
  const [row] = await db.select().from(experiments).where(eq(experiments.id, id));
  return row ?? null;
}
