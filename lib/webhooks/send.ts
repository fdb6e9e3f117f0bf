// One POST of a webhook body: signed, under the outbound policy for provider URLs, with a timeout,
// redirects not followed (a redirect could point anywhere), and the receiver's answer cut short.
import { fetch as undiciFetch, type Response as UndiciResponse } from 'undici';
import { guardedAgent, MAX_ERROR_BODY_BYTES, type Resolver } from '../providers/guarded-fetch';
import { outboundPolicyFromEnv } from '../providers/outbound-policy';
import { outboundRefusalOf } from '../providers/error-message';
import { keptText } from '../llm/kept-response';
import { redactSecrets } from '../runner/redact';
import { DELIVERY_HEADER, SIGNATURE_HEADER, signWebhook, TIMESTAMP_HEADER } from './signature';

/** What of a receiver's error answer is kept in the delivery log, in characters. */
export const RECEIVER_TEXT_CHARS = 300;
export const USER_AGENT = 'experiment-runner-webhook/1';

export type SendOutcome =
  | { ok: true; httpStatus: number }
  /** `permanent`: our own refusal (the policy), which no retry can change. */
  | { ok: false; httpStatus: number | null; error: string; permanent: boolean };

export async function postWebhook(
  target: { url: string; secret: string },
  body: string,
  opts: { deliveryId: string; timeoutMs: number; resolve?: Resolver },
): Promise<SendOutcome> {
  const timestamp = Math.floor(Date.now() / 1000);
  const agent = guardedAgent(outboundPolicyFromEnv(), opts.resolve);
  try {
    const res = await undiciFetch(target.url, {
      method: 'POST',
      body,
      redirect: 'manual',
      dispatcher: agent,
      signal: AbortSignal.timeout(opts.timeoutMs),
      headers: {
        'content-type': 'application/json',
        'user-agent': USER_AGENT,
        [TIMESTAMP_HEADER]: String(timestamp),
        [SIGNATURE_HEADER]: signWebhook(target.secret, timestamp, body),
        [DELIVERY_HEADER]: opts.deliveryId,
      },
    });
    if (res.status >= 200 && res.status < 300) {
      await res.body?.cancel().catch(() => {});
      return { ok: true, httpStatus: res.status };
    }
    if (res.status >= 300 && res.status < 400) {
      await res.body?.cancel().catch(() => {});
      return { ok: false, httpStatus: res.status, error: `The receiver answered with a redirect (HTTP ${res.status}); redirects are not followed: use the final address`, permanent: false };
    }
    const text = await headOf(res.body);
    const said = text.trim() ? `: ${keptText(redactSecrets(text.trim(), [target.secret]), RECEIVER_TEXT_CHARS)}` : '';
    return { ok: false, httpStatus: res.status, error: `The receiver answered HTTP ${res.status}${said}`, permanent: false };
  } catch (err) {
    const refusal = outboundRefusalOf(err);
    if (refusal) return { ok: false, httpStatus: null, error: refusal.message, permanent: true };
    const name = (err as Error)?.name;
    if (name === 'TimeoutError' || name === 'AbortError') {
      return { ok: false, httpStatus: null, error: `The receiver did not answer within ${opts.timeoutMs / 1000} s`, permanent: false };
    }
    const cause = (err as { cause?: { code?: string; message?: string } })?.cause;
    return { ok: false, httpStatus: null, error: `Could not reach the receiver (${cause?.code ?? cause?.message ?? (err as Error)?.message ?? 'network error'})`, permanent: false };
  } finally {
    await agent.close().catch(() => {});
  }
}

/** At most MAX_ERROR_BODY_BYTES of an error answer: only its start becomes a message. */
async function headOf(body: UndiciResponse['body']): Promise<string> {
  if (!body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = body.getReader();
  try {
    while (size < MAX_ERROR_BODY_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value.subarray(0, MAX_ERROR_BODY_BYTES - size));
      size += Math.min(value.length, MAX_ERROR_BODY_BYTES - size);
    }
  } finally {
    await reader.cancel().catch(() => {});
  }
  return Buffer.concat(chunks).toString('utf8');
}
