// A fetch for provider calls that checks the address it actually connects to. The check runs in
// undici's connector, after DNS resolution and for every new connection, so a host name that
// resolved to a public address when it was saved and to a private one now is still refused.
import dns from 'node:dns/promises';
import net from 'node:net';
import { Agent, buildConnector, fetch as undiciFetch, Response as UndiciResponse } from 'undici';
import { addressRefusal, OutboundRefusedError, targetOf, type OutboundPolicy, type Target } from './url-policy';

/** Resolves a host name to its addresses; injectable so tests can change the answer between calls. */
export type Resolver = (hostname: string) => Promise<{ address: string }[]>;

export const systemResolver: Resolver = (hostname) => dns.lookup(hostname, { all: true });

/** An error answer is read up to this many bytes: its text only becomes a (truncated) message. */
export const MAX_ERROR_BODY_BYTES = 16 * 1024;

/**
 * The address to connect to for `target`: every address the name resolves to must pass the
 * policy (a name that also points somewhere private is refused whole), and the first is used.
 */
export async function allowedAddress(target: Target, policy: OutboundPolicy, resolve: Resolver = systemResolver): Promise<string> {
  const addresses = net.isIP(target.hostname) ? [target.hostname] : (await resolve(target.hostname)).map((a) => a.address);
  if (addresses.length === 0) throw new Error(`${target.hostname} has no address`);
  for (const address of addresses) {
    const refusal = addressRefusal(target, address, policy);
    if (refusal) throw new OutboundRefusedError(refusal);
  }
  return addresses[0];
}

/** An undici Agent whose every connection goes to an address the policy allows. */
export function guardedAgent(policy: OutboundPolicy, resolve: Resolver = systemResolver): Agent {
  const connect = buildConnector({});
  return new Agent({
    connect: (opts, callback) => {
      const target = targetOf(new URL(`${opts.protocol}//${opts.host ?? opts.hostname}`));
      allowedAddress(target, policy, resolve).then(
        // Connecting to the checked address means no second lookup can answer differently; TLS
        // still verifies the certificate against the host name (undici takes it from opts.host).
        (address) => connect({ ...opts, hostname: address }, callback),
        (err: Error) => callback(err, null),
      );
    },
  });
}

export type FetchLike = (input: string | URL | Request, init?: RequestInit) => Promise<Response>;

/**
 * fetch under the policy: http(s) only, redirects refused (a redirect could point anywhere), and
 * error bodies cut to MAX_ERROR_BODY_BYTES before anyone reads them.
 */
export function guardedFetch(policy: OutboundPolicy, opts: { resolve?: Resolver } = {}): FetchLike {
  const dispatcher = guardedAgent(policy, opts.resolve);
  return async (input, init) => {
    const url = new URL(input instanceof Request ? input.url : input);
    if (url.protocol !== 'http:' && url.protocol !== 'https:') throw new OutboundRefusedError('Provider URLs must use http:// or https://');
    const res = await undiciFetch(url, { ...(init as object), redirect: 'manual', dispatcher });
    if (res.status >= 300 && res.status < 400) {
      await res.body?.cancel();
      throw new OutboundRefusedError(`The provider answered with a redirect (HTTP ${res.status}); redirects are not followed: use the final address as the base URL`);
    }
    return (res.status >= 400 ? await withTruncatedBody(res) : res) as unknown as Response;
  };
}

async function withTruncatedBody(res: UndiciResponse): Promise<UndiciResponse> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  if (res.body) {
    const reader = res.body.getReader();
    while (size < MAX_ERROR_BODY_BYTES) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(value.subarray(0, MAX_ERROR_BODY_BYTES - size));
      size += Math.min(value.length, MAX_ERROR_BODY_BYTES - size);
    }
    await reader.cancel().catch(() => {});
  }
  const headers = new Headers(res.headers as unknown as Headers);
  // The body is decoded and shorter now: its original length and encoding no longer describe it.
  for (const name of ['content-length', 'content-encoding', 'transfer-encoding']) headers.delete(name);
  return new UndiciResponse(Buffer.concat(chunks), { status: res.status, statusText: res.statusText, headers: headers as never });
}
