import { describe, expect, it } from 'vitest';
import { callCost } from './cost';
import { defaultPrice } from './default-prices';
import { usageOf, usageOfError, withUsage } from './usage';

const price = { inputPerMTok: 2, cachedInputPerMTok: 0.5, outputPerMTok: 8, asOf: '2025-08-01' };

describe('callCost', () => {
  it('charges uncached input, cached input and output at their own rates', () => {
    // 1,000 prompt tokens of which 400 cached, 500 completion tokens.
    expect(callCost({ promptTokens: 1000, cachedPromptTokens: 400, completionTokens: 500 }, price))
      .toBeCloseTo((600 * 2 + 400 * 0.5 + 500 * 8) / 1e6, 12);
  });

  it('charges cached tokens as input when the price has no cached rate', () => {
    expect(callCost({ promptTokens: 1000, cachedPromptTokens: 400, completionTokens: 0 }, { ...price, cachedInputPerMTok: null }))
      .toBeCloseTo(1000 * 2 / 1e6, 12);
  });

  it('is unknown (null, never 0) without a price or without usage', () => {
    expect(callCost({ promptTokens: 10, cachedPromptTokens: null, completionTokens: 5 }, null)).toBeNull();
    expect(callCost({ promptTokens: null, cachedPromptTokens: null, completionTokens: null }, price)).toBeNull();
  });
});

describe('usageOf', () => {
  it("reads OpenAI's usage, cached tokens included", () => {
    expect(usageOf({ prompt_tokens: 12, completion_tokens: 3, prompt_tokens_details: { cached_tokens: 8 } }))
      .toEqual({ promptTokens: 12, completionTokens: 3, cachedPromptTokens: 8 });
  });

  it('leaves what the provider did not say unknown, and never believes more cached than prompt tokens', () => {
    expect(usageOf(undefined)).toEqual({ promptTokens: null, completionTokens: null, cachedPromptTokens: null });
    expect(usageOf({ prompt_tokens: 5, completion_tokens: -1 })).toEqual({ promptTokens: 5, completionTokens: null, cachedPromptTokens: null });
    expect(usageOf({ prompt_tokens: 5, prompt_tokens_details: { cached_tokens: 50 } }).cachedPromptTokens).toBe(5);
  });

  it('travels with an error thrown after the provider answered', () => {
    const u = usageOf({ prompt_tokens: 5, completion_tokens: 2 });
    expect(usageOfError(withUsage(new Error('bad verdict'), u))).toEqual(u);
    expect(usageOfError(new Error('HTTP 500'))).toBeNull();
  });
});

describe('defaultPrice', () => {
  it('prices well-known OpenAI models and their dated snapshots, not unknown ones', () => {
    expect(defaultPrice('gpt-4o-mini', { simulator: false })).toMatchObject({ inputPerMTok: 0.15, outputPerMTok: 0.6 });
    expect(defaultPrice('gpt-4o-2024-08-06', { simulator: false })).toMatchObject({ inputPerMTok: 2.5 });
    expect(defaultPrice('llama-3-70b', { simulator: false })).toBeNull();
    expect(defaultPrice('constructor', { simulator: false })).toBeNull();
  });

  it("prices the simulator's models only on the simulator connection", () => {
    expect(defaultPrice('sim-small', { simulator: true })).not.toBeNull();
    expect(defaultPrice('sim-small', { simulator: false })).toBeNull();
    expect(defaultPrice('gpt-4o', { simulator: true })).toBeNull();
  });
});
