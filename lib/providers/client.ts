import OpenAI from 'openai';
import type { ProviderCredentials } from './connections';
import { redactSecrets } from '../runner/redact';

/** The SDK's own retries are off: the runner retries by error kind with its own policy. */
export function openaiClient(p: Pick<ProviderCredentials, 'baseUrl' | 'apiKey'>, opts: { timeoutMs?: number } = {}) {
  return new OpenAI({ baseURL: p.baseUrl, apiKey: p.apiKey, maxRetries: 0, timeout: opts.timeoutMs ?? 120_000 });
}

export async function testConnection(p: Pick<ProviderCredentials, 'baseUrl' | 'apiKey'>): Promise<{ ok: true; models: string[] } | { ok: false; error: string }> {
  try {
    const page = await openaiClient(p, { timeoutMs: 10_000 }).models.list();
    return { ok: true, models: page.data.map((m) => m.id).slice(0, 50) };
  } catch (err) {
    // Providers sometimes echo the key back in their error text.
    return { ok: false, error: redactSecrets(err instanceof Error ? err.message : String(err), [p.apiKey]) };
  }
}
