// What a person is told when a provider call fails. A provider's error text is the provider's
// choice (an internal server's error page, a key echoed back): admins see it redacted and cut to
// PROVIDER_MESSAGE_CHARS; everyone else sees only the status and what to check.
import { APIConnectionError, APIConnectionTimeoutError, APIError } from 'openai';
import { keptText } from '../llm/kept-response';
import { redactSecrets } from '../runner/redact';
import { OUTBOUND_REFUSED } from './url-policy';

/** A provider's message, as stored in runs and shown in the UI, in characters. */
export const PROVIDER_MESSAGE_CHARS = 500;

/** The provider's text, redacted and cut to PROVIDER_MESSAGE_CHARS (with a marker when cut). */
export function providerText(text: string, secrets: readonly string[] = []): string {
  return keptText(redactSecrets(text, secrets), PROVIDER_MESSAGE_CHARS);
}

/** Our own policy refusal anywhere in the cause chain (the SDK and fetch wrap it), or null. */
export function outboundRefusalOf(err: unknown): Error | null {
  let current: unknown = err;
  for (let depth = 0; depth < 5 && typeof current === 'object' && current !== null; depth++) {
    if ((current as { code?: unknown }).code === OUTBOUND_REFUSED && current instanceof Error) return current;
    current = (current as { cause?: unknown }).cause;
  }
  return null;
}

/** The base URL to name in a message: without any credentials an old row might still hold. */
export function displayUrl(baseUrl: string): string {
  try {
    const url = new URL(baseUrl);
    url.username = '';
    url.password = '';
    url.hash = '';
    url.search = '';
    return url.href.replace(/\/$/, '');
  } catch {
    return 'the base URL';
  }
}

const STATUS_HINTS: Record<number, string> = {
  401: ': check the API key',
  403: ': check the API key and its permissions',
  404: ' (OpenAI-compatible base URLs usually end in /v1)',
  429: ': rate limited or out of quota',
};

export function describeProviderError(
  err: unknown,
  ctx: { baseUrl: string; secrets: readonly string[]; showDetails: boolean; timeoutMs: number },
): string {
  const refusal = outboundRefusalOf(err);
  if (refusal) return refusal.message;
  const where = displayUrl(ctx.baseUrl);
  if (err instanceof APIConnectionTimeoutError) return `${where} did not answer within ${Math.round(ctx.timeoutMs / 1000)} seconds`;
  if (err instanceof APIConnectionError) return `Could not reach ${where}: is the server running and the URL right?`;
  if (err instanceof APIError && err.status) {
    const hint = STATUS_HINTS[err.status] ?? '';
    if (!ctx.showDetails) return `The provider answered HTTP ${err.status}${hint}`;
    return `${providerText(err.message, ctx.secrets)}${err.status === 404 ? hint : ''}`;
  }
  if (!ctx.showDetails) return 'The provider call failed; an admin can see the details';
  return providerText(err instanceof Error ? err.message : String(err), ctx.secrets);
}
