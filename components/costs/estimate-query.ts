import { queryOptions } from '@tanstack/react-query';
import type { Estimate, EstimateRequest } from '@/lib/costs/estimate-schema';
import { HttpError } from '@/components/api/fetch-json';

/** POST /api/estimate; a non-2xx answer throws an HttpError with the route's own message. */
export async function fetchEstimate(request: EstimateRequest, signal?: AbortSignal): Promise<Estimate> {
  const res = await fetch('/api/estimate', {
    method: 'POST', signal, cache: 'no-store', headers: { 'content-type': 'application/json' }, body: JSON.stringify(request),
  });
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const message = (body as { error?: unknown } | null)?.error;
    throw new HttpError(typeof message === 'string' ? message : `Request failed (${res.status})`, res.status);
  }
  return body as Estimate;
}

/** The estimate for a settled form state, keyed by the request's JSON (the caller debounces it). */
export function estimateQuery(key: string) {
  return queryOptions({
    queryKey: ['estimate', key],
    queryFn: ({ signal }) => fetchEstimate(JSON.parse(key) as EstimateRequest, signal),
    enabled: key !== '',
    staleTime: 10_000,
    retry: 0,
  });
}
