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

/** One read under /api/compare, polled every `every(data)` ms (false: not polled). */
function compareRead<T>(name: string, path: string, search: string, every: (data: T | undefined) => number | false) {
  return queryOptions({
    queryKey: [...EXPERIMENTS_KEY, name, search],
    queryFn: ({ signal }) => fetchJson<T>(`${path}?${search}`, signal),
    refetchInterval: (q) => every(q.state.data),
    refetchIntervalInBackground: true,
  });
}

export const compareQuery = (search: string) =>
  compareRead<Comparison>('compare', '/api/compare', search, (c) => (live(c) ? 2_000 : false));

export const compareStatsQuery = (search: string, running: boolean) =>
  compareRead<ComparisonStats>('compare-stats', '/api/compare/stats', search, () => (running ? 5_000 : false));

export const disagreementsQuery = (search: string, running: boolean) =>
  compareRead<DisagreementPage>('compare-disagreements', '/api/compare/disagreements', search, () => (running ? 5_000 : false));
