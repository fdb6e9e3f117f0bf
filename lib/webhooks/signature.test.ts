import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signWebhook, verifyWebhookSignature } from './signature';

const secret = 'whsec_test-secret-0123456789';
const body = '{"event":"experiment.finished","n":1}';
const now = 1_800_000_000;

describe('webhook signatures', () => {
  it('is the hex HMAC-SHA256 of "<timestamp>.<body>" (any HMAC library reproduces it)', () => {
    const hex = createHmac('sha256', secret).update(`${now}.${body}`).digest('hex');
    expect(signWebhook(secret, now, body)).toBe(`sha256=${hex}`);
  });

  it('verifies with the secret, and not with another secret, body or timestamp', () => {
    const sig = signWebhook(secret, now, body);
    expect(verifyWebhookSignature(secret, String(now), body, sig, 300, now)).toBe(true);
    expect(verifyWebhookSignature('another-secret-0123456789', now, body, sig, 300, now)).toBe(false);
    expect(verifyWebhookSignature(secret, now, `${body} `, sig, 300, now)).toBe(false);
    expect(verifyWebhookSignature(secret, now + 1, body, sig, 300, now)).toBe(false);
  });

  it('refuses a timestamp outside the tolerance, in either direction', () => {
    const old = now - 301;
    expect(verifyWebhookSignature(secret, old, body, signWebhook(secret, old, body), 300, now)).toBe(false);
    const future = now + 301;
    expect(verifyWebhookSignature(secret, future, body, signWebhook(secret, future, body), 300, now)).toBe(false);
    expect(verifyWebhookSignature(secret, now - 300, body, signWebhook(secret, now - 300, body), 300, now)).toBe(true);
  });

  it('answers false, never throws, for malformed headers', () => {
    for (const sig of ['', 'sha256=', 'sha256=zz', 'md5=abcd', signWebhook(secret, now, body).slice(0, -2)]) {
      expect(verifyWebhookSignature(secret, now, body, sig, 300, now)).toBe(false);
    }
    expect(verifyWebhookSignature(secret, 'not-a-number', body, signWebhook(secret, now, body), 300, now)).toBe(false);
  });
});
