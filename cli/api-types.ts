/**
 * The parts of the JSON API's answers this client reads, written as an outside caller would from
 * /api/openapi.json (ExperimentSummary, experiment details). Kept apart from lib/ on purpose: the
 * client must keep working against a deployed app, not against this checkout's types.
 */

export const ENDED_STATUSES = ['COMPLETED', 'STOPPED', 'ERROR'] as const;
export type EndedStatus = (typeof ENDED_STATUSES)[number];
export type ExperimentStatus = 'QUEUED' | 'RUNNING' | EndedStatus;

export const hasEnded = (status: string): status is EndedStatus => (ENDED_STATUSES as readonly string[]).includes(status);

export interface EvaluatorAverage { evaluator: string; average: number; count: number }

export interface ExperimentSummary {
  id: string; datasetId: string; name: string; status: ExperimentStatus; model: string;
  totalRuns: number; runsSucceeded: number; runsFailed: number; itemsSkipped: number; runsCached: number;
  evalsCompleted: number; evalsFailed: number; evalsDelayed: number;
  evaluatorNames: string[];
  lastError: string | null;
  waitingForWorker: boolean;
  promptTokens: number; completionTokens: number;
  costUsd: number | null; costNote: string | null;
}

/** One variant (prompt x model x parameters) of an experiment; a plain experiment has one. */
export interface VariantSummary {
  variant: number; name: string; providerName: string | null; model: string;
  totalRuns: number; runsSucceeded: number; runsFailed: number; runsCached: number;
  costUsd: number | null; costNote: string | null;
  evaluatorAverages: EvaluatorAverage[];
}

export interface ExperimentDetails {
  summary: ExperimentSummary;
  evaluatorAverages: EvaluatorAverage[];
  /** Absent from apps older than variants (before migration 0012). */
  variants?: VariantSummary[];
}

export interface DatasetRow { id: string; name: string }
export interface ProviderRow { id: string; name: string }
