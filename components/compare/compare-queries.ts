import { queryOptions } from '@tanstack/react-query';
import type { Comparison } from '@/lib/experiments/compare';
import type { ComparisonStats } from '@/lib/experiments/comparison';
import type { DisagreementPage } from '@/lib/experiments/disagreements';
import { fetchJson } from '@/components/api/fetch-json';
import { EXPERIMENTS_KEY, isActive } from '@/components/experiments/queries';

/**
 * The compare view's reads, under EXPERIMENTS_KEY (a stop or resume refreshes them). The side by
 * side table polls every 2 s while a series runs; the scores, which resample every item, every 5 s.
 * `search` is the series part of the address (compareSearch), plus each read's own parameters.
 */

const live = (c: Comparison | undefined) => !!c?.series.some(isActive);

export function compareQuery(search: string) {
  return queryOptions({
    queryKey: [...EXPERIMENTS_KEY, 'compare', search],
    queryFn: ({ signal }) => fetchJson<Comparison>(`/api/compare?${search}`, signal),
    refetchInterval: (q) => (live(q.state.data) ? 2_000 : false),
    refetchIntervalInBackground: true,
  });
}

export function compareStatsQuery(search: string, running: boolean) {
  return queryOptions({
    queryKey: [...EXPERIMENTS_KEY, 'compare-stats', search],
    queryFn: ({ signal }) => fetchJson<ComparisonStats>(`/api/compare/stats?${search}`, signal),
    refetchInterval: running ? 5_000 : false,
    refetchIntervalInBackground: true,
  });
}

export function disagreementsQuery(search: string, running: boolean) {
  return queryOptions({
    queryKey: [...EXPERIMENTS_KEY, 'compare-disagreements', search],
    queryFn: ({ signal }) => fetchJson<DisagreementPage>(`/api/compare/disagreements?${search}`, signal),
    refetchInterval: running ? 5_000 : false,
    refetchIntervalInBackground: true,
  });
}
