import { infiniteQueryOptions, queryOptions } from '@tanstack/react-query';
import type { ExperimentSummary } from '@/lib/experiments/queries';
import type { ExperimentChanges } from '@/lib/experiments/list';
import { mergeChanges, type TablePage } from '@/lib/experiments/merge-changes';
import type { ExperimentDetails } from '@/lib/experiments/details';
import type { ResultsPage, RunDetail } from '@/lib/experiments/results';
import type { ErrorLogPage } from '@/lib/experiments/error-log';
import type { VariantSummary } from '@/lib/experiments/variant-summary';
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

/** What a table shows: one page (server-rendered first) and the cursor its polls start from. */
export type ExperimentsTablePage = TablePage<ExperimentRowData>;

/** The page and search a table shows (both in the URL). */
export interface ExperimentsView { q: string; page: number; pageSize: number }

/** Delta pages fetched back to back in one poll before yielding to the next one. */
const MAX_PAGES_PER_POLL = 10;

/**
 * A table page kept current by delta polls: each poll asks only what changed since the cursor of
 * the previous answer (`updatedSince`: rows changed, ids deleted, read from counters through an
 * index) and merges it into the page. The first page comes from the server render (initialData),
 * so there is no full fetch in the browser; `onFetched` sees each merged page (throughput samples).
 */
export function experimentsQuery(scope: ExperimentsScope, view: ExperimentsView, onFetched?: (rows: ExperimentRowData[]) => void) {
  const base = scope.kind === 'all' ? '/api/experiments' : `/api/datasets/${scope.datasetId}/experiments`;
  return queryOptions({
    queryKey: [...EXPERIMENTS_KEY, ...(scope.kind === 'all' ? ['all'] : ['dataset', scope.datasetId]), view.q, view.page, view.pageSize],
    queryFn: async ({ signal, client, queryKey }): Promise<ExperimentsTablePage> => {
      let page: ExperimentsTablePage | undefined = client.getQueryData<ExperimentsTablePage>(queryKey);
      // Without a page to merge into there is nothing to start from: the server render provides it.
      if (!page) throw new Error('The experiments table has no page to update; reload the page');
      for (let n = 0; n < MAX_PAGES_PER_POLL; n++) {
        const q: URLSearchParams = new URLSearchParams({ updatedSince: page.cursor, page: String(view.page), pageSize: String(view.pageSize) });
        if (view.q) q.set('q', view.q);
        const changes: ExperimentChanges<ExperimentRowData> = await fetchJson<ExperimentChanges<ExperimentRowData>>(`${base}?${q}`, signal);
        page = mergeChanges(page, changes);
        if (!changes.more) break;
      }
      onFetched?.(page.rows);
      return page;
    },
    refetchInterval: (q) => (q.state.data?.rows.some(needsPolling) ? 1_000 : false),
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

/** Each variant's progress, cost and scores (the table's breakdown, the details sheet), polled while `live`. */
export function experimentVariantsQuery(id: string, live: boolean) {
  return queryOptions({
    queryKey: [...EXPERIMENTS_KEY, 'variants', id],
    queryFn: ({ signal }) => fetchJson<{ variants: VariantSummary[] }>(`/api/experiments/${id}/variants`, signal),
    refetchInterval: live ? 1_000 : false,
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

/** Newest first, keyset-paged on the entry id ("Load more"), so loaded pages never shift; `variant` null: every variant's. */
export function errorLogQuery(experimentId: string, source: string, live: boolean, variant: number | null = null) {
  return infiniteQueryOptions({
    queryKey: [...EXPERIMENTS_KEY, 'errors', experimentId, source, variant],
    queryFn: ({ pageParam, signal }) => {
      const q = new URLSearchParams({ source });
      if (variant !== null) q.set('variant', String(variant));
      if (pageParam !== null) q.set('before', String(pageParam));
      return fetchJson<ErrorLogPage>(`/api/experiments/${experimentId}/errors?${q}`, signal);
    },
    initialPageParam: null as number | null,
    getNextPageParam: (last) => last.nextBefore,
    refetchInterval: live ? 2_000 : false,
    refetchIntervalInBackground: true,
  });
}

// The compare view's queries: components/compare/compare-queries.ts.
