import { describe, expect, it } from 'vitest';
import { redactSecrets } from './redact';

// The old labelled-secret regex looked ahead over the rest of the text from every label, which is
// quadratic on "token=token=…"; the timeout is the failure mode.
const MUST_FINISH = { timeout: 10_000 };

describe('redactSecrets', () => {
  it('replaces known secrets wherever they appear', () => {
    const out = redactSecrets('key abc123-secret-value used twice: abc123-secret-value', ['abc123-secret-value']);
    expect(out).toBe('key [redacted] used twice: [redacted]');
  });

  it('replaces the longer of overlapping known secrets whole', () => {
    expect(redactSecrets('token=supersecret1234', ['secret', 'supersecret1234'])).not.toContain('super');
  });

  it('ignores empty or very short known secrets', () => {
    expect(redactSecrets('a b c', ['', 'a'])).toBe('a b c');
  });

  it('redacts OpenAI-style keys', () => {
    expect(redactSecrets('Incorrect API key provided: sk-abcdefghijklmnop1234.')).toBe(
      'Incorrect API key provided: [redacted].',
    );
    expect(redactSecrets('using sk-proj-AbC_dEf-1234567890xyz now')).toBe('using [redacted] now');
    expect(redactSecrets('sk-ant-api03-abcdefgh12345678')).toBe('[redacted]');
  });

  it('redacts bearer tokens but keeps the scheme', () => {
    expect(redactSecrets('Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.payload.sig')).toBe(
      'Authorization: Bearer [redacted]',
    );
  });

  it('redacts labelled keys and long tokens after "key"', () => {
    expect(redactSecrets('api-key: 0123456789abcdef0123456789abcdef')).toBe('api-key: [redacted]');
    expect(redactSecrets('x-api-key="Zm9vYmFyMTIzNDU2Nzg5MGJheg=="')).toBe('x-api-key="[redacted]"');
    expect(redactSecrets('GET /v1/models?key=AIzaSyA1234567890abcdefghijklmnop')).toBe('GET /v1/models?key=[redacted]');
    expect(redactSecrets('invalid key 9f86d081884c7d659a2feaa0c55ad015a3bf4f1b')).toBe('invalid key [redacted]');
  });

  it('leaves ordinary prose alone', () => {
    const text = 'The key insight: rate limits apply per organization. Retry after 20s (request req_123).';
    expect(redactSecrets(text)).toBe(text);
    expect(redactSecrets('primary key constraintviolationhappened')).toBe('primary key constraintviolationhappened');
  });

  it('redacts a long hostile message in linear time', MUST_FINISH, () => {
    const labels = 'token='.repeat(100_000);
    // Compared by ===, so that a failure does not print 600,000 characters.
    expect(redactSecrets(labels) === labels).toBe(true);
    expect(redactSecrets(`${labels}abcdefghijklmnop1234`)).toBe('token=[redacted]');
    const keys = 'sk-'.repeat(200_000);
    expect(redactSecrets(keys)).toBe('[redacted]');
    const bearers = 'Bearer abc '.repeat(60_000);
    expect(redactSecrets(bearers) === bearers).toBe(true);
  });

  it('keeps a labelled value without digits, and still finds a later one', () => {
    expect(redactSecrets('token abcdefghijklmnopqrstuvwxyz, then key=0123456789abcdef0123'))
      .toBe('token abcdefghijklmnopqrstuvwxyz, then key=[redacted]');
  });
});
