import { describe, expect, it } from 'vitest';
import { callCacheKey, usesCallCache } from './call-cache';

const config = (temperature: number | undefined, repetitions: number, cache?: 'auto' | 'on' | 'off') => ({ params: { temperature }, repetitions, cache });

describe('usesCallCache', () => {
  it('auto: deterministic calls of a one-repetition experiment only', () => {
    expect(usesCallCache(config(0, 1), 1)).toBe(true);
    expect(usesCallCache(config(0, 3), 1)).toBe(false);
    expect(usesCallCache(config(0.7, 1), 1)).toBe(false);
    expect(usesCallCache(config(undefined, 1), 1)).toBe(false);
  });
  it('on: a non-deterministic call only for its first repetition', () => {
    expect(usesCallCache(config(0.7, 3, 'on'), 1)).toBe(true);
    expect(usesCallCache(config(0.7, 3, 'on'), 2)).toBe(false);
    expect(usesCallCache(config(0, 3, 'on'), 3)).toBe(true);
  });
  it('off: never', () => {
    expect(usesCallCache(config(0, 1, 'off'), 1)).toBe(false);
  });
});

describe('callCacheKey', () => {
  const body = { model: 'm', messages: [{ role: 'user', content: 'hi' }], temperature: 0 };
  it('ignores key order and a trailing slash of the endpoint', () => {
    expect(callCacheKey('http://x/v1/', { temperature: 0, messages: [{ content: 'hi', role: 'user' }], model: 'm' }))
      .toBe(callCacheKey('http://x/v1', body));
  });
  it('changes with the endpoint, the model, any parameter, the messages or the schema', () => {
    const base = callCacheKey('http://x/v1', body);
    expect(callCacheKey('http://y/v1', body)).not.toBe(base);
    expect(callCacheKey('http://x/v1', { ...body, model: 'n' })).not.toBe(base);
    expect(callCacheKey('http://x/v1', { ...body, max_tokens: 5 })).not.toBe(base);
    expect(callCacheKey('http://x/v1', { ...body, messages: [{ role: 'user', content: 'hi!' }] })).not.toBe(base);
    expect(callCacheKey('http://x/v1', { ...body, response_format: { type: 'json_schema' } })).not.toBe(base);
  });
});
