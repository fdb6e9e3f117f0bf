import type { ExperimentSummary } from '@/lib/experiments/queries';

/** Row type of any experiments table: the dataset name is present on the cross-dataset list. */
export type ExperimentRowData = ExperimentSummary & { datasetName?: string };

/** Every experiments table lives under this prefix, so one invalidation refreshes them all. */
export const EXPERIMENTS_KEY = ['experiments'] as const;

export type ExperimentsScope = { kind: 'dataset'; datasetId: string } | { kind: 'all' };

export function experimentsQueryKey(scope: ExperimentsScope) {
  return scope.kind === 'all' ? [...EXPERIMENTS_KEY, 'all'] : [...EXPERIMENTS_KEY, 'dataset', scope.datasetId];
}

export function experimentsUrl(scope: ExperimentsScope) {
  return scope.kind === 'all' ? '/api/experiments' : `/api/datasets/${scope.datasetId}/experiments`;
}

export async function fetchExperiments(url: string, signal?: AbortSignal): Promise<ExperimentRowData[]> {
  const res = await fetch(url, { signal, cache: 'no-store' });
  if (!res.ok) {
    const body = await res.json().catch(() => null) as { error?: string } | null;
    throw new Error(body?.error ?? `Request failed (${res.status})`);
  }
  return res.json();
}

export const isActive = (e: ExperimentSummary) => e.status === 'QUEUED' || e.status === 'RUNNING';

export const canStop = isActive;

/** Resume retries failed items, so a COMPLETED experiment with failures can resume too. */
export const canResume = (e: ExperimentSummary) =>
  e.status === 'STOPPED' || e.status === 'ERROR' || (e.status === 'COMPLETED' && e.runsFailed > 0);
