// Tokens a call will use, estimated before it is sent, for a provider's tokens-per-minute limit:
// about 4 characters per prompt token, plus the completion's max_tokens (or a default when the
// experiment sets none). The bucket reserves the estimate and settles with the provider's usage.
import type { ExperimentConfig } from '../experiments/config';

/** Completion tokens assumed when an experiment does not set max_tokens. */
export const DEFAULT_COMPLETION_TOKENS = 256;
/** Characters per token: OpenAI's rule of thumb for English text. */
const CHARS_PER_TOKEN = 4;
/** The judge's own instructions around the subject, in characters. */
const JUDGE_PROMPT_CHARS = 1500;

export function templateChars(config: ExperimentConfig): number {
  return JSON.stringify(config.template.messages).length;
}

export function estimateTaskTokens(config: ExperimentConfig, templateLength: number, vars: Record<string, unknown>): number {
  const prompt = (templateLength + JSON.stringify(vars).length) / CHARS_PER_TOKEN;
  return Math.ceil(prompt + (config.params.maxTokens ?? DEFAULT_COMPLETION_TOKENS));
}

export function estimateJudgeTokens(subject: unknown): number {
  return Math.ceil((JUDGE_PROMPT_CHARS + (JSON.stringify(subject) ?? '').length) / CHARS_PER_TOKEN + DEFAULT_COMPLETION_TOKENS);
}

/** What the provider reported using, or null when it sent no usage. */
export function usedTokens(promptTokens: number | null, completionTokens: number | null): number | null {
  return promptTokens === null && completionTokens === null ? null : (promptTokens ?? 0) + (completionTokens ?? 0);
}
