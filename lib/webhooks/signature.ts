import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Webhook signatures: `X-Webhook-Signature: sha256=<hex>` where hex is HMAC-SHA256, keyed with
 * the webhook's secret, of `<X-Webhook-Timestamp>.<raw body>`. The timestamp is inside the MAC so
 * a captured delivery cannot be replayed later with a fresh one.
 */
export const SIGNATURE_HEADER = 'X-Webhook-Signature';
export const TIMESTAMP_HEADER = 'X-Webhook-Timestamp';
export const DELIVERY_HEADER = 'X-Webhook-Id';
const PREFIX = 'sha256=';

const mac = (secret: string, timestamp: string, body: string) =>
  createHmac('sha256', secret).update(`${timestamp}.${body}`, 'utf8').digest();

/** The signature header's value for this timestamp (unix seconds) and body. */
export function signWebhook(secret: string, timestamp: number | string, body: string): string {
  return `${PREFIX}${mac(secret, String(timestamp), body).toString('hex')}`;
}

/**
 * Whether `signature` (the header's value) was made with `secret` for this timestamp and raw body,
 * and the timestamp is within `toleranceSec` of now. Compared in constant time.
 */
export function verifyWebhookSignature(
  secret: string, timestamp: number | string, body: string, signature: string, toleranceSec = 300, nowSec = Date.now() / 1000,
): boolean {
  const ts = String(timestamp);
  if (!/^\d{1,12}$/.test(ts) || Math.abs(nowSec - Number(ts)) > toleranceSec) return false;
  if (!signature.startsWith(PREFIX)) return false;
  const given = Buffer.from(signature.slice(PREFIX.length), 'hex');
  const expected = mac(secret, ts, body);
  // A non-hex or short value decodes to fewer bytes: unequal lengths are a mismatch, not an error.
  return given.length === expected.length && timingSafeEqual(given, expected);
}
