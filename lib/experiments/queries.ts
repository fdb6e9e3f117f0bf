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
  id: string; datasetId: string; name: string; status: ExperimentRow['status']; model: string;
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
  createdAt: string; startedAt: string | null; finishedAt: string | null; toggledAt: string | null;
}

/** `now` is the database's clock (databaseNow), the one the leases and marks were written with. */
export function summarise(e: ExperimentRow, now: Date): ExperimentSummary {
  const config = e.config as ExperimentConfig;
  return {
    id: e.id, datasetId: e.datasetId, name: e.name, status: e.status, model: config.model,
    totalRuns: e.totalRuns, runsSucceeded: e.runsSucceeded, runsFailed: e.runsFailed, itemsSkipped: e.itemsSkipped,
    evalsCompleted: e.evalsCompleted, evalsFailed: e.evalsFailed, evalsDelayed: e.evalsDelayed,
    evaluatorCount: config.evaluators?.length ?? 0,
    evaluatorNames: (config.evaluators ?? []).map((ev) => ev.name),
    lastError: e.lastError,
    rateLimited: !!e.rateLimitedAt && now.getTime() - e.rateLimitedAt.getTime() < 15_000,
    rateLimitWaits: e.rateLimitWaits,
    waitingForWorker: waitingForWorker(e, now.getTime()),
    createdAt: e.createdAt.toISOString(), startedAt: e.startedAt?.toISOString() ?? null,
    finishedAt: e.finishedAt?.toISOString() ?? null, toggledAt: e.toggledAt?.toISOString() ?? null,
  };
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
    .orderBy(desc(experiments.createdAt));
  const now = await databaseNow(db);
  return withEvaluatorAverages(db, rows.map((row) => summarise(row, now)));
}

export async function getExperiment(db: DbOrTx, id: string): Promise<ExperimentRow | null> {
  const [row] = await db.select().from(experiments).where(eq(experiments.id, id));
  return row ?? null;
}
