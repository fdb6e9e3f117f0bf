// The usage a provider reports for one chat completion, as the app stores it. Client-safe.

export interface CallUsage {
  promptTokens: number | null;
  completionTokens: number | null;
  /** Prompt tokens the provider served from its prompt cache (part of promptTokens), when it says. */
  cachedPromptTokens: number | null;
}

export const NO_USAGE: CallUsage = Object.freeze({ promptTokens: null, completionTokens: null, cachedPromptTokens: null });

interface WireUsage {
  prompt_tokens?: number | null; completion_tokens?: number | null;
  prompt_tokens_details?: { cached_tokens?: number | null } | null;
}

const count = (n: unknown) => (typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 ? n : null);

/** OpenAI's `usage` object (or an OpenAI-compatible one); anything not a token count is left unknown. */
export function usageOf(u: WireUsage | null | undefined): CallUsage {
  if (!u || typeof u !== 'object') return NO_USAGE;
  const promptTokens = count(u.prompt_tokens);
  const cached = count(u.prompt_tokens_details?.cached_tokens);
  return {
    promptTokens,
    completionTokens: count(u.completion_tokens),
    // Never more than the prompt itself: a provider that says otherwise is not believed.
    cachedPromptTokens: cached === null ? null : promptTokens === null ? cached : Math.min(cached, promptTokens),
  };
}

export function hasUsage(u: CallUsage): boolean {
  return u.promptTokens !== null || u.completionTokens !== null;
}

/** An error thrown after the provider answered (and charged): it carries that call's usage. */
export function withUsage<E extends Error>(err: E, usage: CallUsage): E & { usage: CallUsage } {
  return Object.assign(err, { usage });
}

/** The usage an error carries (see withUsage), or null when the call was not answered. */
export function usageOfError(err: unknown): CallUsage | null {
  const u = (err as { usage?: CallUsage } | null)?.usage;
  return u && typeof u === 'object' && 'promptTokens' in u ? u : null;
}
