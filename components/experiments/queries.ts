import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import type { ExperimentSummary } from '@/lib/experiments/queries';
import type { ExperimentDetails } from '@/lib/experiments/details';
import type { ResultsPage, RunDetail } from '@/lib/experiments/results';
import type { ErrorLogPage } from '@/lib/experiments/error-log';
import type { Comparison } from '@/lib/experiments/compare';
import { fetchJson } from '@/components/api/fetch-json';

/**
 * The experiment screens' queries: one key, fetch and polling rule per read, as react-query
 * `queryOptions`. Every key lives under EXPERIMENTS_KEY, so a stop, resume, create or delete
 * (which invalidates that prefix) refreshes them all at once. Polling runs only while something
 * is QUEUED or RUNNING (and briefly after a stop: calls in flight still land, the cooldown hint
 * expires); it continues in a background tab, where a watched run is what the user came for.
 */

export const EXPERIMENTS_KEY = ['experiments'] as const;

/** Row type of any experiments table: the dataset name is present on the cross-dataset list. */
export type ExperimentRowData = ExperimentSummary & { datasetName?: string };

export type ExperimentsScope = { kind: 'dataset'; datasetId: string } | { kind: 'all' };

const AFTER_TOGGLE_MS = 6_000;

export const isActive = (e: Pick<ExperimentSummary, 'status'>) => e.status === 'QUEUED' || e.status === 'RUNNING';

export const canStop = isActive;

/** Resume retries failed items, so a COMPLETED experiment with failures can resume too. */
export const canResume = (e: ExperimentSummary) =>
  e.status === 'STOPPED' || e.status === 'ERROR' || (e.status === 'COMPLETED' && e.runsFailed > 0);

/** Live, or just stopped or resumed. */
export const needsPolling = (e: Pick<ExperimentSummary, 'status' | 'toggledAt'>) =>
  isActive(e) || (!!e.toggledAt && Date.now() - Date.parse(e.toggledAt) < AFTER_TOGGLE_MS);

export const isLive = (d: ExperimentDetails | undefined) => !!d && isActive(d.summary);

/** `onFetched` sees each fresh answer as it arrives (the table's throughput samples). */
export function experimentsQuery(scope: ExperimentsScope, onFetched?: (rows: ExperimentRowData[]) => void) {
  return queryOptions({
    queryKey: scope.kind === 'all' ? [...EXPERIMENTS_KEY, 'all'] : [...EXPERIMENTS_KEY, 'dataset', scope.datasetId],
    queryFn: async ({ signal }) => {
      const rows = await fetchJson<ExperimentRowData[]>(scope.kind === 'all' ? '/api/experiments' : `/api/datasets/${scope.datasetId}/experiments`, signal);
      onFetched?.(rows);
      return rows;
    },
    refetchInterval: (q) => (q.state.data?.some(needsPolling) ? 1_000 : false),
    refetchIntervalInBackground: true,
  });
}

export function experimentDetailsQuery(id: string, pollMs = 2_000) {
  return queryOptions({
    queryKey: [...EXPERIMENTS_KEY, 'details', id],
    queryFn: ({ signal }) => fetchJson<ExperimentDetails>(`/api/experiments/${id}/details`, signal),
    refetchInterval: (q) => (q.state.data && needsPolling(q.state.data.summary) ? pollMs : false),
    refetchIntervalInBackground: true,
  });
}

/** `search` is the results filter and page as `resultsSearch` writes it; `live` is the experiment's state. */
export function experimentResultsQuery(id: string, search: string, live: boolean) {
  return queryOptions({
    queryKey: [...EXPERIMENTS_KEY, 'results', id, search],
    queryFn: ({ signal }) => fetchJson<ResultsPage>(`/api/experiments/${id}/results${search ? `?${search}` : ''}`, signal),
    refetchInterval: live ? 2_000 : false,
    refetchIntervalInBackground: true,
  });
}

/** The request, raw response and attempts of one run: fetched on open, they can be large. */
export function runDetailQuery(experimentId: string, runId: string) {
  return queryOptions({
    queryKey: [...EXPERIMENTS_KEY, 'run', experimentId, runId],
    queryFn: ({ signal }) => fetchJson<RunDetail>(`/api/experiments/${experimentId}/results/${runId}`, signal),
    staleTime: 30_000,
  });
}

/** Newest first, keyset-paged on the entry id ("Load more"), so loaded pages never shift. */
export function errorLogQuery(experimentId: string, source: string, live: boolean) {
  return infiniteQueryOptions({
    queryKey: [...EXPERIMENTS_KEY, 'errors', experimentId, source],
    queryFn: ({ pageParam, signal }) => {
      const q = new URLSearchParams({ source });
      if (pageParam !== null) q.set('before', String(pageParam));
      return fetchJson<ErrorLogPage>(`/api/experiments/${experimentId}/errors?${q}`, signal);
    },
    initialPageParam: null as number | null,
    getNextPageParam: (last) => last.nextBefore,
    refetchInterval: live ? 2_000 : false,
    refetchIntervalInBackground: true,
  });
}

/** `search` as `compareSearch` writes it. */
export function compareQuery(search: string) {
  return queryOptions({
    queryKey: [...EXPERIMENTS_KEY, 'compare', search],
    queryFn: ({ signal }) => fetchJson<Comparison>(`/api/compare?${search}`, signal),
    refetchInterval: (q) => (q.state.data?.experiments.some(isActive) ? 2_000 : false),
    refetchIntervalInBackground: true,
  });
}
