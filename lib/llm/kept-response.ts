import { LIMITS } from '../limits';

/**
 * What is stored of a provider's raw reply. The reply's size is the provider's choice; what we
 * keep of it is bounded by LIMITS.responseKeptChars (the run's output is kept whole elsewhere).
 */

/** The first `n` UTF-16 units, without splitting a surrogate pair (PostgreSQL's jsonb refuses half of one). */
function head(text: string, n: number): string {
  const code = text.charCodeAt(n - 1);
  return text.slice(0, code >= 0xd800 && code <= 0xdbff ? n - 1 : n);
}

/** A raw response too large to keep whole: its size and the start of its JSON text. */
export interface TruncatedResponse { truncated: true; chars: number; head: string }

/** The response as is when its JSON fits the limit; otherwise its size and head. */
export function keptResponse(response: unknown, limit: number = LIMITS.responseKeptChars): unknown {
  const json = JSON.stringify(response);
  if (json === undefined || json.length <= limit) return response;
  return { truncated: true, chars: json.length, head: head(json, limit) } satisfies TruncatedResponse;
}

/** A provider's text within the limit, with a marker saying how long it was when cut. */
export function keptText(text: string, limit: number = LIMITS.responseKeptChars): string {
  if (text.length <= limit) return text;
  return `${head(text, limit)}… [truncated: ${text.length.toLocaleString('en-US')} characters in all]`;
}
