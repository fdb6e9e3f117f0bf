import { ApiError } from './exit-codes';

export interface Connection {
  /** The app's base URL, without a trailing slash. */
  url: string;
  apiKey: string;
}

export interface ApiClient {
  get<T>(path: string): Promise<T>;
  post<T>(path: string, body?: unknown): Promise<T>;
}

/** One request must not hang a CI job: past this, it counts as no answer. */
const REQUEST_TIMEOUT_MS = 30_000;
/** How much of a non-JSON answer (a proxy's HTML page) the message quotes. */
const QUOTE_CHARS = 200;

/** The JSON API as an external caller sees it: fetch, a bearer key, and one-line errors. */
export function apiClient(conn: Connection, fetchImpl: typeof fetch = fetch): ApiClient {
  async function call<T>(method: string, path: string, body?: unknown): Promise<T> {
    let res: Response;
    try {
      res = await fetchImpl(`${conn.url}${path}`, {
        method,
        headers: {
          authorization: `Bearer ${conn.apiKey}`,
          accept: 'application/json',
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
        },
        body: body === undefined ? undefined : JSON.stringify(body),
        signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      });
    } catch (err) {
      throw new ApiError(`Cannot reach ${conn.url} (${method} ${path}): ${networkReason(err)}`, null);
    }
    const text = await res.text();
    const json = parseJson(text);
    if (res.ok) {
      if (json === undefined) throw new ApiError(`${method} ${path} answered ${res.status} without JSON: ${quote(text)}`, res.status);
      return json as T;
    }
    throw new ApiError(errorMessage(conn, method, path, res.status, json, text), res.status);
  }
  return {
    get: (path) => call('GET', path),
    post: (path, body) => call('POST', path, body),
  };
}

function errorMessage(conn: Connection, method: string, path: string, status: number, json: unknown, text: string): string {
  if (status === 401) return `API key refused by ${conn.url} (HTTP 401): check --api-key or EXPERIMENTS_API_KEY`;
  const said = json && typeof json === 'object' && typeof (json as { error?: unknown }).error === 'string'
    ? (json as { error: string }).error
    : quote(text) || '(empty answer)';
  return `${method} ${path} failed (HTTP ${status}): ${said}`;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

const quote = (text: string) => {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > QUOTE_CHARS ? `${flat.slice(0, QUOTE_CHARS)}...` : flat;
};

/** Node's fetch hides the socket error in `cause` (ECONNREFUSED, ENOTFOUND...). */
function networkReason(err: unknown): string {
  if (err instanceof Error && (err.name === 'TimeoutError' || err.name === 'AbortError')) {
    return `no answer within ${REQUEST_TIMEOUT_MS / 1000} s`;
  }
  const cause = (err as { cause?: { code?: unknown; message?: unknown } }).cause;
  if (cause && typeof cause.code === 'string') return cause.code;
  if (cause && typeof cause.message === 'string') return cause.message;
  return err instanceof Error ? err.message : String(err);
}
