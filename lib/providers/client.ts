import OpenAI from 'openai';
import type { ProviderCredentials } from './connections';
import { describeProviderError } from './error-message';
import { guardedFetch, type FetchLike, type Resolver } from './guarded-fetch';
import { outboundPolicyFromEnv } from './outbound-policy';
import { OutboundRefusedError, providerUrlProblem } from './url-policy';

type ClientProvider = Pick<ProviderCredentials, 'baseUrl' | 'apiKey'> & { isSimulator?: boolean };

/**
 * The SDK's own retries are off: the runner retries by error kind with its own policy. Every
 * request goes through the outbound policy; a URL or policy that is refused makes every call fail
 * with the reason, rather than the constructor throw where a caller does not expect it.
 */
export function openaiClient(p: ClientProvider, opts: { timeoutMs?: number; resolve?: Resolver } = {}) {
  return new OpenAI({
    baseURL: p.baseUrl, apiKey: p.apiKey, maxRetries: 0, timeout: opts.timeoutMs ?? 120_000,
    fetch: policyFetch(p, opts.resolve),
  });
}

function policyFetch(p: ClientProvider, resolve: Resolver | undefined): FetchLike {
  try {
    const problem = providerUrlProblem(p.baseUrl);
    if (problem) throw new OutboundRefusedError(problem);
    return guardedFetch(outboundPolicyFromEnv(p), { resolve });
  } catch (err) {
    if (!(err instanceof OutboundRefusedError)) throw err;
    return () => Promise.reject(err);
  }
}

export type TestResult = { ok: true; models: string[] } | { ok: false; error: string };

const TEST_TIMEOUT_MS = 10_000;

/**
 * Lists the provider's models. `showDetails` (admins only) includes the provider's own error text,
 * redacted and truncated; others get the status and what to check.
 */
export async function testConnection(p: ClientProvider, opts: { showDetails: boolean; resolve?: Resolver }): Promise<TestResult> {
  try {
    const page = await openaiClient(p, { timeoutMs: TEST_TIMEOUT_MS, resolve: opts.resolve }).models.list();
    return { ok: true, models: page.data.map((m) => m.id).slice(0, 50) };
  } catch (err) {
    // Providers sometimes echo the key back in their error text.
    return { ok: false, error: describeProviderError(err, { baseUrl: p.baseUrl, secrets: [p.apiKey], showDetails: opts.showDetails, timeoutMs: TEST_TIMEOUT_MS }) };
  }
}
