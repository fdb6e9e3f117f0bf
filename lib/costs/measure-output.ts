import type { DbOrTx } from '../db/client';
import type { ChatMessage } from '../prompts/template';
import type { ExperimentConfig } from '../experiments/config';
import { getProviderCredentials } from '../providers/connections';
import { openaiClient } from '../providers/client';
import { describeProviderError } from '../providers/error-message';
import { buildChatRequest } from '../runner/task-call';
import { countTextTokens, encodingForModel } from './tokenizer';

/** One measuring call may take this long: a measurement is asked for interactively. */
const MEASURE_TIMEOUT_MS = 60_000;

export interface Measurement { completionTokens: number[]; failed: number; error: string | null }

/**
 * Output tokens of real task calls on a few items: the same request the runner sends, straight to
 * the provider (no experiment, no runs recorded). A call without usage counts its reply's tokens.
 */
export async function measureOutputTokens(db: DbOrTx, p: {
  providerConnectionId: string; model: string; messages: ChatMessage[]; maxTokens?: number;
  responseSchema?: Record<string, unknown> | null; items: Record<string, unknown>[]; showDetails: boolean;
}): Promise<Measurement> {
  const provider = await getProviderCredentials(db, p.providerConnectionId);
  if (!provider) return { completionTokens: [], failed: p.items.length, error: 'The provider connection does not exist (it may have been deleted)' };
  const client = openaiClient(provider, { timeoutMs: MEASURE_TIMEOUT_MS });
  const config: ExperimentConfig = {
    template: { messages: p.messages }, providerConnectionId: p.providerConnectionId, model: p.model,
    params: p.maxTokens !== undefined ? { maxTokens: p.maxTokens } : {}, responseSchema: p.responseSchema ?? null,
    repetitions: 1, maxConcurrency: null, evaluators: [],
  };
  const outcomes = await Promise.allSettled(p.items.map(async (vars) => {
    const completion = await client.chat.completions.create(buildChatRequest(config, vars) as never) as {
      usage?: { completion_tokens?: number }; choices?: { message?: { content?: string | null } }[];
    };
    return completion.usage?.completion_tokens
      ?? countTextTokens(completion.choices?.[0]?.message?.content ?? '', encodingForModel(p.model));
  }));
  const completionTokens = outcomes.flatMap((o) => (o.status === 'fulfilled' ? [o.value] : []));
  const firstError = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
  return {
    completionTokens, failed: outcomes.length - completionTokens.length,
    error: firstError ? describeProviderError(firstError.reason, {
      baseUrl: provider.baseUrl, secrets: [provider.apiKey], showDetails: p.showDetails, timeoutMs: MEASURE_TIMEOUT_MS,
    }) : null,
  };
}
