import { describe, expect, it } from 'vitest';
import { DEFAULT_COMPLETION_TOKENS, estimateJudgeTokens, estimateTaskTokens, templateChars, usedTokens } from './token-estimate';
import type { ExperimentConfig } from '../experiments/config';

const config = (maxTokens?: number) => ({
  template: { messages: [{ role: 'user', content: 'Answer: {{question}}' }] }, params: maxTokens ? { maxTokens } : {},
}) as unknown as ExperimentConfig;

describe('token estimates for tokens-per-minute limits', () => {
  it('is prompt characters / 4 plus max_tokens', () => {
    const c = config(100);
    const vars = { question: 'x'.repeat(400) };
    const chars = templateChars(c) + JSON.stringify(vars).length;
    expect(estimateTaskTokens(c, templateChars(c), vars)).toBe(Math.ceil(chars / 4 + 100));
  });

  it('assumes a default completion when max_tokens is not set', () => {
    const c = config();
    expect(estimateTaskTokens(c, 0, {})).toBe(Math.ceil(2 / 4 + DEFAULT_COMPLETION_TOKENS));
  });

  it('estimates a judge call from its subject', () => {
    expect(estimateJudgeTokens({ output: 'y'.repeat(4000) })).toBeGreaterThan(1000 + DEFAULT_COMPLETION_TOKENS);
  });

  it('settles with the reported usage, or not at all when the provider sent none', () => {
    expect(usedTokens(10, 5)).toBe(15);
    expect(usedTokens(null, 5)).toBe(5);
    expect(usedTokens(null, null)).toBeNull();
  });
});
