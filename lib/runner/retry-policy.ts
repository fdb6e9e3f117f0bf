// Classifies errors from the openai SDK (and the fetch/Node layers under it) into what the runner
// should do: back off and retry (rate_limit), retry a few times (transient), fail the task
// (permanent), or fail it and let evaluators pause on a provider account problem (auth).
import { APIConnectionError, APIError, APIUserAbortError } from 'openai';
import { systemClock } from './clock';
import { linearRegex } from '../text/linear-regex';
import { outboundRefusalOf, providerText } from '../providers/error-message';
import { OUTBOUND_REFUSED } from '../providers/url-policy';

export type ErrorKind = 'rate_limit' | 'transient' | 'permanent' | 'auth';

export interface ClassifiedError {
  kind: ErrorKind;
  status?: number;
  /** Provider error code, e.g. 'insufficient_quota', 'ECONNRESET'. */
  code?: string;
  /** The provider's message with API keys redacted, cut to PROVIDER_MESSAGE_CHARS: runs show it to members. */
  message: string;
  retryAfterMs?: number;
  /** The provider's advertised request limit per minute (x-ratelimit-limit-requests), if any. */
  limitRequestsPerMinute?: number;
  /** The provider's advertised token limit per minute (x-ratelimit-limit-tokens), if any. */
  limitTokensPerMinute?: number;
  /** Not a provider/network error (e.g. a TypeError in our code): permanent, but log it loudly. */
  internal?: boolean;
  /**
   * The request was aborted through its AbortSignal. Classified transient (the abort usually comes
   * from our own deadline); a caller that aborted on purpose (cancel/pause) should drop the result.
   */
  aborted?: boolean;
}

/** The model's output does not validate against the experiment's output schema. */
export class SchemaValidationError extends Error {
  override readonly name = 'SchemaValidationError';
  constructor(message: string, readonly issues?: unknown) {
    super(message);
  }
}

export const MAX_TRANSIENT_RETRIES = 3;

const TRANSIENT_STATUSES = new Set([408, 409, 425, 500, 502, 503, 504, 520, 522, 524, 529]);
const AUTH_STATUSES = new Set([401, 402, 403]);
// Account problems, not throttling. Deliberately narrow: OpenAI's ordinary 429 text links to the
// billing page, so the word "billing" alone must not turn a rate limit into an auth failure.
// Both patterns read provider text, so they run on RE2 (linear time).
const QUOTA_PATTERN = linearRegex(
  'insufficient[_ ]quota|exceeded your current quota|credit balance is too low|insufficient (?:credits|balance|funds)|billing_hard_limit|billing_not_active',
  'i',
);
const RETRY_HINT = linearRegex(String.raw`(?:try again|retry) (?:in|after) (\d+(?:\.\d+)?)\s*(ms|s)\b`, 'i');
const TRANSIENT_NET_CODES = new Set([
  'ECONNRESET', 'ECONNREFUSED', 'ECONNABORTED', 'ETIMEDOUT', 'EPIPE', 'EAI_AGAIN', 'ENOTFOUND',
  'EHOSTUNREACH', 'ENETUNREACH', 'ENETDOWN',
]);

export function classifyError(
  err: unknown,
  opts: { knownSecrets?: readonly string[]; now?: number } = {},
): ClassifiedError {
  // Our own outbound policy refused the address or a redirect: retrying cannot change that.
  const refusal = outboundRefusalOf(err);
  if (refusal) return { kind: 'permanent', code: OUTBOUND_REFUSED, message: refusal.message };
  const message = providerText(messageOf(err), opts.knownSecrets);
  if (err instanceof SchemaValidationError) return { kind: 'permanent', message };
  // Order matters: both abort and timeout errors are APIError subclasses without a status.
  if (err instanceof APIUserAbortError) return { kind: 'transient', message, aborted: true };
  if (err instanceof APIConnectionError) return { kind: 'transient', message };

  const status = httpStatusOf(err);
  if (status !== undefined) return classifyHttp(err, status, message, opts.now ?? systemClock.now());

  const name = errorField(err, 'name');
  if (name === 'AbortError') return { kind: 'transient', message, aborted: true };
  if (name === 'TimeoutError') return { kind: 'transient', message };
  const netCode = networkCodeOf(err);
  if (netCode) return { kind: 'transient', code: netCode, message };
  if (err instanceof APIError) return { kind: 'transient', message }; // no status: connection-level
  // Anything else is a bug or an unexpected value: retrying won't help, and it must be visible.
  return { kind: 'permanent', message, internal: true };
}

function classifyHttp(err: unknown, status: number, message: string, now: number): ClassifiedError {
  const code = providerCodeOf(err);
  const retryAfterMs = retryAfterOf(err, now);
  const base = { status, message, ...(code ? { code } : {}), ...(retryAfterMs !== undefined ? { retryAfterMs } : {}) };
  // The whole text, not the stored head: a quota notice may follow a long preamble.
  const quotaProblem = QUOTA_PATTERN.test(`${code ?? ''} ${errorField(err, 'type') ?? ''} ${messageOf(err)}`);
  if (AUTH_STATUSES.has(status) || (status >= 400 && status < 500 && quotaProblem)) return { kind: 'auth', ...base };
  if (status === 429) {
    const limit = Number.parseInt(headerOf(err, 'x-ratelimit-limit-requests') ?? '', 10);
    const tokens = Number.parseInt(headerOf(err, 'x-ratelimit-limit-tokens') ?? '', 10);
    return {
      kind: 'rate_limit', ...base, ...(limit > 0 ? { limitRequestsPerMinute: limit } : {}),
      ...(tokens > 0 ? { limitTokensPerMinute: tokens } : {}),
    };
  }
  if (TRANSIENT_STATUSES.has(status) || (status >= 500 && status !== 501 && status !== 505)) {
    return { kind: 'transient', ...base };
  }
  return { kind: 'permanent', ...base };
}

/**
 * Delay before retry number `retryNumber` (1-based), or null to give up.
 * transient: baseMs, 2x, 4x (1 s, 2 s, 4 s), then null; a longer Retry-After is honoured.
 * rate_limit: never gives up; Retry-After plus small jitter (capped at 5 min) or exponential
 * from baseMs with +-25 % jitter, capped at 60 s. permanent/auth: null.
 */
export function retryDelayMs(
  kind: ErrorKind,
  retryNumber: number,
  opts: { retryAfterMs?: number; random?: () => number; baseMs?: number } = {},
): number | null {
  const random = opts.random ?? Math.random;
  const baseMs = opts.baseMs ?? 1000;
  const retryAfterMs = opts.retryAfterMs !== undefined && opts.retryAfterMs >= 0 ? opts.retryAfterMs : undefined;
  const exponential = baseMs * 2 ** Math.max(0, retryNumber - 1);
  switch (kind) {
    case 'permanent':
    case 'auth':
      return null;
    case 'transient':
      if (retryNumber > MAX_TRANSIENT_RETRIES) return null;
      return Math.min(MAX_BACKOFF_MS, Math.max(exponential, retryAfterMs ?? 0));
    case 'rate_limit': {
      if (retryAfterMs !== undefined) {
        const jitter = random() * Math.min(1000, Math.max(100, retryAfterMs * 0.1));
        return Math.round(Math.min(MAX_RETRY_AFTER_MS, retryAfterMs) + jitter);
      }
      return Math.round(Math.min(MAX_BACKOFF_MS, exponential) * (0.75 + 0.5 * random()));
    }
  }
}

const MAX_BACKOFF_MS = 60_000;
/** A broken or hostile Retry-After must not park work for hours. */
const MAX_RETRY_AFTER_MS = 5 * 60_000;

// ---- field extraction (duck-typed so errors from other HTTP clients work too) ----

function errorField(err: unknown, key: string): string | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const value = (err as Record<string, unknown>)[key];
  return typeof value === 'string' ? value : undefined;
}

function messageOf(err: unknown): string {
  if (err instanceof Error) return err.message || err.name;
  if (typeof err === 'string') return err;
  const field = errorField(err, 'message');
  if (field) return field;
  try {
    return JSON.stringify(err) ?? String(err);
  } catch {
    return String(err);
  }
}

function httpStatusOf(err: unknown): number | undefined {
  if (typeof err !== 'object' || err === null) return undefined;
  const { status, statusCode } = err as { status?: unknown; statusCode?: unknown };
  const value = typeof status === 'number' ? status : statusCode;
  return typeof value === 'number' && value >= 100 && value < 600 ? value : undefined;
}

function providerCodeOf(err: unknown): string | undefined {
  const direct = (err as { code?: unknown }).code;
  if (typeof direct === 'string' && direct) return direct;
  const nested = (err as { error?: { code?: unknown } }).error?.code;
  return typeof nested === 'string' && nested ? nested : undefined;
}

/** Node/undici network error codes, following the `cause` chain (fetch wraps them in TypeError). */
function networkCodeOf(err: unknown): string | undefined {
  let current: unknown = err;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    const code = errorField(current, 'code');
    if (code && (TRANSIENT_NET_CODES.has(code) || code.startsWith('UND_ERR_'))) return code;
    current = (current as { cause?: unknown }).cause;
  }
  return undefined;
}

function headerOf(err: unknown, name: string): string | undefined {
  const headers = (err as { headers?: unknown }).headers;
  if (!headers || typeof headers !== 'object') return undefined;
  if (typeof (headers as Headers).get === 'function') return (headers as Headers).get(name) ?? undefined;
  const value = (headers as Record<string, unknown>)[name];
  return typeof value === 'string' ? value : undefined;
}

/** retry-after-ms, then retry-after (seconds or HTTP date), then "try again in 1.5s" in the message. */
function retryAfterOf(err: unknown, now: number): number | undefined {
  const ms = Number.parseFloat(headerOf(err, 'retry-after-ms') ?? '');
  if (Number.isFinite(ms) && ms >= 0) return ms;
  const header = headerOf(err, 'retry-after');
  if (header) {
    const seconds = Number(header.trim());
    if (Number.isFinite(seconds) && seconds >= 0) return seconds * 1000;
    const date = Date.parse(header);
    if (Number.isFinite(date)) return Math.max(0, date - now);
  }
  const hint = RETRY_HINT.exec(messageOf(err));
  if (hint) return Number(hint[1]) * (hint[2].toLowerCase() === 'ms' ? 1 : 1000);
  return undefined;
}
