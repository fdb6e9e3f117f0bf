import { queryOptions, type QueryClient } from '@tanstack/react-query';
import type { ExperimentSummary } from '@/lib/experiments/queries';
import type { ProviderModels } from '@/lib/playground/models';
import type { VariableCoverage } from '@/lib/playground/variables';
import type { PreviewItem } from '@/lib/playground/preview';
import type { PlaygroundRun, RunChanges } from '@/lib/playground/runs';
import { fetchJson, HttpError } from '@/components/api/fetch-json';
import { needsPolling } from '@/components/experiments/queries';

/** The playground's queries as react-query `queryOptions`: one key, fetch and polling rule each. */

const POLL_MS = 1_000;
/** Pages fetched back to back in one poll before yielding to the next one. */
const MAX_PAGES_PER_POLL = 10;

export const isGone = (err: unknown) => err instanceof HttpError && err.status === 404;

/** The experiment the last Run started: polled while it runs and briefly after a stop; a 404 means deleted. */
export function playgroundExperimentQuery(id: string) {
  return queryOptions({
    queryKey: ['playground', 'experiment', id],
    queryFn: ({ signal }) => fetchJson<ExperimentSummary>(`/api/experiments/${id}`, signal),
    retry: (n, err) => !isGone(err) && n < 2,
    refetchInterval: (q) => (isGone(q.state.error) ? false : !q.state.data || needsPolling(q.state.data) ? POLL_MS : false),
    refetchIntervalInBackground: true,
  });
}

/** The runs seen so far, by id, and where in the change stream the next poll starts. */
export interface RunStreamState { runs: ReadonlyMap<string, PlaygroundRun>; cursor: string | null }

/**
 * The runs of one experiment, kept current: each poll fetches only what changed since the cursor
 * of the previous answer (`/api/experiments/[id]/runs`, read through the change-time indexes) and
 * merges it by run id. The cursor is commit-safe (a run whose write commits late is still
 * returned), so no overlap is asked for. `polling` says whether to poll again (while it runs, and
 * a little after: calls in flight at a stop still land).
 */
export function runStreamQuery(queryClient: QueryClient, experimentId: string, polling: boolean) {
  const queryKey = ['playground', 'runs', experimentId] as const;
  return queryOptions({
    queryKey,
    queryFn: async ({ signal }): Promise<RunStreamState> => {
      const prev = queryClient.getQueryData<RunStreamState>(queryKey);
      const runs = new Map(prev?.runs);
      let cursor = prev?.cursor ?? null;
      for (let page = 0; page < MAX_PAGES_PER_POLL; page++) {
        const q = new URLSearchParams();
        if (cursor) q.set('after', cursor);
        const changes = await fetchJson<RunChanges>(`/api/experiments/${experimentId}/runs?${q}`, signal);
        for (const r of changes.runs) runs.set(r.id, r);
        cursor = changes.cursor;
        if (!changes.more) break;
      }
      return { runs, cursor };
    },
    // A Map is not structurally shared; each answer is already a fresh merge.
    structuralSharing: false,
    // A failed poll keeps the runs shown, says so, and the next poll tries again.
    retry: false,
    refetchInterval: polling ? POLL_MS : false,
    refetchIntervalInBackground: true,
  });
}

/** Model suggestions from the provider's `/models`. */
export function providerModelsQuery(providerId: string) {
  return queryOptions({
    queryKey: ['playground', 'models', providerId],
    queryFn: ({ signal }) => fetchJson<ProviderModels>(`/api/playground/models?providerId=${encodeURIComponent(providerId)}`, signal),
    enabled: !!providerId,
    staleTime: 5 * 60_000,
    retry: 0,
  });
}

/** Which of `variables` the items of a dataset version lack; the answer carries its request. */
export function variableCoverageQuery(p: { datasetId: string; version: string | null; variables: string[] }) {
  return queryOptions({
    queryKey: ['playground', 'coverage', p.datasetId, p.version, p.variables],
    queryFn: async ({ signal }) => {
      const q = new URLSearchParams({ datasetId: p.datasetId, vars: p.variables.join(',') });
      if (p.version) q.set('version', p.version);
      return { ...await fetchJson<VariableCoverage>(`/api/playground/variables?${q}`, signal), ...p };
    },
    enabled: !!p.datasetId && p.variables.length > 0,
    staleTime: 5_000,
  });
}

export const PREVIEW_SAMPLE = 5;

/** The first items of a dataset version, to preview the prompt with. */
export function previewItemsQuery(datasetId: string, version: string | null) {
  return queryOptions({
    queryKey: ['playground', 'preview-items', datasetId, version],
    queryFn: async ({ signal }) => {
      const q = new URLSearchParams({ datasetId, limit: String(PREVIEW_SAMPLE) });
      if (version) q.set('version', version);
      return (await fetchJson<{ items: PreviewItem[] }>(`/api/playground/items?${q}`, signal)).items;
    },
    enabled: !!datasetId,
    staleTime: 30_000,
  });
}
