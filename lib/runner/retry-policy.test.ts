import { describe, expect, it } from 'vitest';
import OpenAI from 'openai';
import {
  MAX_TRANSIENT_RETRIES,
  SchemaValidationError,
  classifyError,
  retryDelayMs,
} from './retry-policy';
import { PROVIDER_MESSAGE_CHARS } from '../providers/error-message';
import { OutboundRefusedError } from '../providers/url-policy';

/** Builds the error the SDK would throw for an HTTP response. */
function apiError(status: number, body: object | undefined = undefined, headers: Record<string, string> = {}) {
  return OpenAI.APIError.generate(status, body, undefined, new Headers(headers));
}

describe('classifyError', () => {
  it('classifies HTTP statuses', () => {
    const cases: Array<[number, string]> = [
      [429, 'rate_limit'],
      [408, 'transient'], [409, 'transient'], [500, 'transient'], [502, 'transient'],
      [503, 'transient'], [504, 'transient'], [529, 'transient'],
      [400, 'permanent'], [404, 'permanent'], [413, 'permanent'], [422, 'permanent'], [418, 'permanent'],
      [401, 'auth'], [402, 'auth'], [403, 'auth'],
    ];
    for (const [status, kind] of cases) {
      const result = classifyError(apiError(status, { error: { message: `status ${status}` } }));
      expect({ status, kind: result.kind }).toEqual({ status, kind });
      expect(result.status).toBe(status);
    }
  });

  it('uses the SDK subclasses', () => {
    expect(apiError(429)).toBeInstanceOf(OpenAI.RateLimitError);
    expect(classifyError(apiError(401)).kind).toBe('auth');
  });

  it('reads the limit a provider advertises on a 429 (x-ratelimit-limit-requests)', () => {
    expect(classifyError(apiError(429, undefined, { 'x-ratelimit-limit-requests': '600' }))).toMatchObject({ kind: 'rate_limit', limitRequestsPerMinute: 600 });
    expect(classifyError(apiError(429)).limitRequestsPerMinute).toBeUndefined();
  });

  it('treats insufficient_quota as auth even on 429, but an ordinary 429 mentioning billing as rate_limit', () => {
    const quota = apiError(429, {
      error: { message: 'You exceeded your current quota, please check your plan.', type: 'insufficient_quota', code: 'insufficient_quota' },
    });
    expect(classifyError(quota)).toMatchObject({ kind: 'auth', status: 429, code: 'insufficient_quota' });
    const throttled = apiError(429, {
      error: { message: 'Rate limit reached. Add a payment method at https://platform.openai.com/account/billing' },
    });
    expect(classifyError(throttled).kind).toBe('rate_limit');
    const credit = apiError(400, { error: { message: 'Your credit balance is too low to access the API.' } });
    expect(classifyError(credit).kind).toBe('auth');
  });

  it('keeps the provider message, with keys redacted', () => {
    const err = apiError(401, { error: { message: 'Incorrect API key provided: sk-proj-abcdefghijklmnop1234. See docs.' } });
    const result = classifyError(err, { knownSecrets: ['org-secret-99'] });
    expect(result.message).toBe('401 Incorrect API key provided: [redacted]. See docs.');
    expect(classifyError(new Error('failed for org-secret-99'), { knownSecrets: ['org-secret-99'] }).message).toBe(
      'failed for [redacted]',
    );
  });

  it('stores at most PROVIDER_MESSAGE_CHARS of a provider message: runs show it to members', () => {
    const page = `<html>${'internal detail '.repeat(10_000)}</html>`;
    const result = classifyError(apiError(500, { error: { message: page } }));
    expect(result.kind).toBe('transient');
    expect(result.message.length).toBeLessThan(PROVIDER_MESSAGE_CHARS + 60);
    expect(result.message).toMatch(/^500 <html>internal detail/);
    expect(result.message).toMatch(/\[truncated: [\d,]+ characters in all\]$/);
  });

  it('treats a refusal by the outbound policy as permanent, with its own message, however wrapped', () => {
    const refusal = new OutboundRefusedError('Refused to connect to 169.254.169.254: it is a link-local address');
    const wrapped = new OpenAI.APIConnectionError({ message: 'Connection error.', cause: new TypeError('fetch failed', { cause: refusal }) });
    expect(classifyError(wrapped)).toEqual({ kind: 'permanent', code: 'OUTBOUND_REFUSED', message: refusal.message });
  });

  it('reads retry-after-ms, retry-after seconds and HTTP dates', () => {
    expect(classifyError(apiError(429, undefined, { 'retry-after-ms': '1500' })).retryAfterMs).toBe(1500);
    expect(classifyError(apiError(429, undefined, { 'retry-after': '7' })).retryAfterMs).toBe(7000);
    const now = Date.parse('2030-01-01T00:00:00Z');
    const dated = apiError(503, undefined, { 'retry-after': 'Tue, 01 Jan 2030 00:00:30 GMT' });
    expect(classifyError(dated, { now })).toMatchObject({ kind: 'transient', retryAfterMs: 30_000 });
    const hinted = apiError(429, { error: { message: 'Rate limit reached. Please try again in 2.5s.' } });
    expect(classifyError(hinted).retryAfterMs).toBe(2500);
    expect(classifyError(apiError(429)).retryAfterMs).toBeUndefined();
  });

  it('reads long provider messages in linear time', { timeout: 10_000 }, () => {
    const padding = 'try again in 1'.repeat(40_000);
    const quota = apiError(429, { error: { message: `${padding} You exceeded your current quota` } });
    expect(classifyError(quota)).toMatchObject({ kind: 'auth' });
    const hinted = apiError(429, { error: { message: `${' '.repeat(500_000)}retry after 250 ms${' '.repeat(500_000)}` } });
    expect(classifyError(hinted)).toMatchObject({ kind: 'rate_limit', retryAfterMs: 250 });
  });

  it('treats connection errors, timeouts and aborts as transient', () => {
    expect(classifyError(new OpenAI.APIConnectionError({ message: 'Connection error.' })).kind).toBe('transient');
    expect(classifyError(new OpenAI.APIConnectionTimeoutError())).toMatchObject({ kind: 'transient' });
    expect(classifyError(new OpenAI.APIConnectionTimeoutError()).aborted).toBeUndefined();
    expect(classifyError(new OpenAI.APIUserAbortError())).toMatchObject({ kind: 'transient', aborted: true });
    expect(classifyError(new DOMException('aborted', 'AbortError'))).toMatchObject({ kind: 'transient', aborted: true });
    expect(classifyError(new DOMException('timed out', 'TimeoutError')).kind).toBe('transient');
  });

  it('treats Node/undici network errors as transient, also when wrapped in cause', () => {
    for (const code of ['ECONNRESET', 'ECONNREFUSED', 'ETIMEDOUT', 'EPIPE', 'UND_ERR_SOCKET']) {
      const err = Object.assign(new Error(`socket ${code}`), { code });
      expect(classifyError(err)).toMatchObject({ kind: 'transient', code });
    }
    const wrapped = new TypeError('fetch failed', { cause: Object.assign(new Error('connect'), { code: 'ECONNREFUSED' }) });
    expect(classifyError(wrapped)).toMatchObject({ kind: 'transient', code: 'ECONNREFUSED' });
  });

  it('treats schema validation failures as permanent', () => {
    const result = classifyError(new SchemaValidationError('output invalid for the schema: missing "label"'));
    expect(result).toEqual({ kind: 'permanent', message: 'output invalid for the schema: missing "label"' });
  });

  it('marks unknown non-HTTP errors permanent and internal', () => {
    expect(classifyError(new TypeError("Cannot read properties of undefined (reading 'x')"))).toMatchObject({
      kind: 'permanent',
      internal: true,
    });
    expect(classifyError('weird')).toMatchObject({ kind: 'permanent', internal: true, message: 'weird' });
    expect(classifyError(undefined).kind).toBe('permanent');
  });

  it('accepts duck-typed HTTP errors from other clients', () => {
    expect(classifyError({ statusCode: 503, message: 'unavailable', headers: { 'retry-after': '2' } })).toMatchObject({
      kind: 'transient',
      status: 503,
      retryAfterMs: 2000,
    });
  });
});

describe('retryDelayMs', () => {
  const half = () => 0.5;

  it('retries transient errors after 1 s, 2 s, 4 s, then gives up', () => {
    expect(MAX_TRANSIENT_RETRIES).toBe(3);
    expect([1, 2, 3, 4].map((n) => retryDelayMs('transient', n))).toEqual([1000, 2000, 4000, null]);
    expect(retryDelayMs('transient', 1, { retryAfterMs: 10_000 })).toBe(10_000);
    expect(retryDelayMs('transient', 2, { baseMs: 10 })).toBe(20);
  });

  it('never retries permanent or auth errors', () => {
    expect(retryDelayMs('permanent', 1)).toBeNull();
    expect(retryDelayMs('auth', 1)).toBeNull();
  });

  it('never gives up on rate limits: exponential with jitter, capped at 60 s', () => {
    expect(retryDelayMs('rate_limit', 1, { random: half })).toBe(1000);
    expect(retryDelayMs('rate_limit', 3, { random: half })).toBe(4000);
    expect(retryDelayMs('rate_limit', 50, { random: half })).toBe(60_000);
    expect(retryDelayMs('rate_limit', 10_000, { random: half })).toBe(60_000);
    const low = retryDelayMs('rate_limit', 2, { random: () => 0 })!;
    const high = retryDelayMs('rate_limit', 2, { random: () => 0.999 })!;
    expect(low).toBe(1500);
    expect(high).toBeGreaterThan(2400);
    expect(high).toBeLessThanOrEqual(2500);
  });

  it('honours retry-after for rate limits with small jitter', () => {
    expect(retryDelayMs('rate_limit', 1, { retryAfterMs: 5000, random: () => 0 })).toBe(5000);
    const jittered = retryDelayMs('rate_limit', 9, { retryAfterMs: 5000, random: () => 0.999 })!;
    expect(jittered).toBeGreaterThan(5000);
    expect(jittered).toBeLessThanOrEqual(5500);
    expect(retryDelayMs('rate_limit', 1, { retryAfterMs: 3_600_000, random: () => 0 })).toBe(300_000);
  });
});
