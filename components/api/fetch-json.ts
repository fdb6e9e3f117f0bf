/** A failed request, with the server's own `error` message and the HTTP status (404 means gone). */
export class HttpError extends Error {
  constructor(message: string, readonly status: number) { super(message); }
}

/**
 * GET a JSON route of this app, never from the browser's cache. A non-2xx answer throws an
 * HttpError carrying the route's `{ error }` message, so a query's error reads as the server put it.
 */
export async function fetchJson<T>(url: string, signal?: AbortSignal): Promise<T> {
  const res = await fetch(url, { signal, cache: 'no-store' });
  const body: unknown = await res.json().catch(() => null);
  if (!res.ok) {
    const message = (body as { error?: unknown } | null)?.error;
    throw new HttpError(typeof message === 'string' ? message : `Request failed (${res.status})`, res.status);
  }
  return body as T;
}
