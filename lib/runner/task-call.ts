import type OpenAI from 'openai';
import { renderMessages } from '../prompts/template';
import { validateAgainstSchema } from '../llm/json-schema';
import { keptResponse } from '../llm/kept-response';
import type { ExperimentConfig } from '../experiments/config';
import { SchemaValidationError } from './retry-policy';
import { usageOf, withUsage } from '../costs/usage';

export interface CallOutcome {
  output: unknown;
  latencyMs: number;
  promptTokens: number | null;
  completionTokens: number | null;
  /** Prompt tokens the provider served from its cache (OpenAI: usage.prompt_tokens_details.cached_tokens). */
  cachedPromptTokens: number | null;
  request: Record<string, unknown>;
  /** The raw completion, or its size and head when it passes LIMITS.responseKeptChars. */
  response: unknown;
}

export function buildChatRequest(config: ExperimentConfig, vars: Record<string, unknown>) {
  const body: Record<string, unknown> = {
    model: config.model,
    messages: renderMessages(config.template.messages, vars),
  };
  if (config.params.temperature !== undefined) body.temperature = config.params.temperature;
  if (config.params.maxTokens !== undefined) body.max_tokens = config.params.maxTokens;
  if (config.params.topP !== undefined) body.top_p = config.params.topP;
  if (config.responseSchema) {
    body.response_format = { type: 'json_schema', json_schema: { name: 'output', schema: config.responseSchema, strict: false } };
  }
  return body;
}

/**
 * One chat completion. The SDK aborts it at `timeoutMs`; `signal` aborts it on a hard stop.
 * With a response schema, output that is not valid JSON for it is a permanent error.
 */
export async function callChat(client: OpenAI, body: Record<string, unknown>, opts: {
  timeoutMs: number; signal?: AbortSignal; responseSchema?: Record<string, unknown> | null; headers?: Record<string, string>;
}): Promise<CallOutcome> {
  const started = performance.now();
  const completion = await client.chat.completions.create(body as never, {
    timeout: opts.timeoutMs, signal: opts.signal, headers: opts.headers,
  }) as OpenAI.Chat.Completions.ChatCompletion;
  const latencyMs = Math.round(performance.now() - started);
  const usage = usageOf(completion.usage);
  const text = completion.choices?.[0]?.message?.content ?? '';
  let output: unknown = text;
  if (opts.responseSchema) {
    try {
      output = JSON.parse(text);
    } catch {
      throw withUsage(new SchemaValidationError(`The model's output is not valid JSON: ${text.slice(0, 200)}`), usage);
    }
    const problems = validateAgainstSchema(opts.responseSchema, output);
    if (problems.length) throw withUsage(new SchemaValidationError(`The model's output does not match the schema: ${problems.join('; ')}`), usage);
  }
  return {
    output, latencyMs,
    ...usage,
    // The output above is kept whole; only the raw copy is bounded.
    request: body, response: keptResponse(completion),
  };
}

