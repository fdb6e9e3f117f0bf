'use client';

import { useQuery } from '@tanstack/react-query';
import type { ExperimentDetails } from '@/lib/experiments/details';
import { EXPERIMENTS_KEY } from './query';

/**
 * Data hooks of the details sheet and the experiment page. Their keys live under EXPERIMENTS_KEY,
 * so a stop, resume or delete (which invalidates that prefix) refreshes them at once.
 */

export const detailsKey = (id: string) => [...EXPERIMENTS_KEY, 'details', id] as const;
export const errorsKey = (id: string, source: string) => [...EXPERIMENTS_KEY, 'errors', id, source] as const;
export const resultsKey = (id: string, search: string) => [...EXPERIMENTS_KEY, 'results', id, search] as const;

const AFTER_TOGGLE_MS = 6_000;

export async function getJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  const res = await fetch(url, { signal, cache: 'no-store' });
  if (!res.ok) {
    const body = await res.json().catch(() => null) as { error?: string } | null;
    throw new Error(body?.error ?? `Request failed (${res.status})`);
  }
  return res.json() as Promise<T>;
}

export const isLive = (d: ExperimentDetails | undefined) =>
  !!d && (d.summary.status === 'QUEUED' || d.summary.status === 'RUNNING');

/** Live, or just stopped (calls in flight still land, and the cooldown hint expires). */
export const needsPolling = (d: ExperimentDetails | undefined) =>
  isLive(d) || (!!d?.summary.toggledAt && Date.now() - Date.parse(d.summary.toggledAt) < AFTER_TOGGLE_MS);

export function useExperimentDetails(id: string, opts: { enabled?: boolean; initial?: ExperimentDetails; pollMs?: number } = {}) {
  return useQuery({
    queryKey: detailsKey(id),
    queryFn: ({ signal }) => getJson<ExperimentDetails>(`/api/experiments/${id}/details`, signal),
    enabled: opts.enabled ?? true,
    initialData: opts.initial,
    refetchInterval: (q) => (needsPolling(q.state.data) ? opts.pollMs ?? 2_000 : false),
    refetchIntervalInBackground: true,
  });
}
