// Which provider URLs and which resolved addresses the app may call. Pure: no DNS, no env.
// Address ranges come from ipaddr.js (maintained), never from hand-written parsing.
import ipaddr from 'ipaddr.js';
import { httpUrlProblem } from '../security/http-url';

/** Our own refusal (not a provider's answer): permanent, and its message is safe to show. */
export class OutboundRefusedError extends Error {
  override readonly name = 'OutboundRefusedError';
  readonly code = OUTBOUND_REFUSED;
}
export const OUTBOUND_REFUSED = 'OUTBOUND_REFUSED';

export const PROVIDER_URL_MAX_CHARS = 2_000;

/**
 * Why a base URL may not be saved or called, or null. The SDK appends paths to the base URL as
 * text, so a `#` or `?` would let the URL choose the exact path called; credentials in a URL would
 * be stored in plain text and echoed in messages. Messages never repeat the URL.
 */
export function providerUrlProblem(raw: string): string | null {
  return httpUrlProblem(raw, {
    what: 'Base URL', example: 'https://api.openai.com/v1', maxChars: PROVIDER_URL_MAX_CHARS,
    credentialsInstead: 'put the key in the API key field', query: false,
  });
}

/** Where a request goes: the URL's host name (lower case, no brackets) and its effective port. */
export interface Target { hostname: string; port: number }

export function targetOf(url: URL): Target {
  const port = url.port ? Number(url.port) : url.protocol === 'https:' ? 443 : 80;
  return { hostname: bare(url.hostname), port };
}

function bare(hostname: string): string {
  const h = hostname.toLowerCase();
  const unbracketed = h.startsWith('[') && h.endsWith(']') ? h.slice(1, -1) : h;
  return unbracketed.endsWith('.') ? unbracketed.slice(0, -1) : unbracketed;
}

/** One entry of ALLOWED_PROVIDER_HOSTS. */
export type AllowRule =
  | { kind: 'host'; hostname: string; port?: number }
  | { kind: 'ip'; address: ipaddr.IPv4 | ipaddr.IPv6; port?: number }
  | { kind: 'cidr'; range: [ipaddr.IPv4 | ipaddr.IPv6, number] };

export const ALLOWED_HOSTS_FORMAT =
  'comma-separated host names, host:port, IP addresses ([v6]:port for a port) or CIDR ranges, e.g. "ollama.internal, localhost:11434, 10.0.0.0/8"';

/** Parses ALLOWED_PROVIDER_HOSTS; an entry that is none of the accepted forms is an error naming it. */
export function parseAllowedHosts(text: string | undefined, what = 'ALLOWED_PROVIDER_HOSTS'): AllowRule[] {
  const rules: AllowRule[] = [];
  for (const raw of (text ?? '').split(',')) {
    const entry = raw.trim();
    if (!entry) continue;
    const rule = parseRule(entry);
    if (!rule) throw new OutboundRefusedError(`${what}: "${entry.slice(0, 100)}" is not valid; use ${ALLOWED_HOSTS_FORMAT}`);
    rules.push(rule);
  }
  return rules;
}

function parseRule(entry: string): AllowRule | null {
  if (entry.includes('/')) return ipaddr.isValidCIDR(entry) ? { kind: 'cidr', range: ipaddr.parseCIDR(entry) } : null;
  if (ipaddr.IPv6.isValid(entry)) return { kind: 'ip', address: ipaddr.process(entry) };
  // host, host:port, IPv4[:port] and [IPv6]:port, read by the WHATWG URL parser.
  let url: URL;
  try {
    url = new URL(`http://${entry}`);
  } catch {
    return null;
  }
  if (url.username || url.password || url.pathname !== '/' || url.href.includes('?') || url.href.includes('#')) return null;
  // The parser drops a port equal to http's default (80): read whether one was written.
  const colon = entry.lastIndexOf(':');
  const portWritten = colon > entry.lastIndexOf(']');
  if (portWritten && colon === entry.length - 1) return null;
  const port = url.port ? Number(url.port) : portWritten ? 80 : undefined;
  const hostname = bare(url.hostname);
  if (ipaddr.isValid(hostname)) return { kind: 'ip', address: ipaddr.process(hostname), ...(port ? { port } : {}) };
  return { kind: 'host', hostname, ...(port ? { port } : {}) };
}

/** What the policy for one provider allows beyond public addresses. */
export interface OutboundPolicy {
  /** ALLOWED_PROVIDER_HOSTS and the built-in simulator's own address. */
  allow: readonly AllowRule[];
  /** A provider row flagged is_simulator may reach loopback addresses, where the simulator runs. */
  allowLoopback: boolean;
}

export const NO_EXCEPTIONS: OutboundPolicy = { allow: [], allowLoopback: false };

// Only the global unicast block is routable on the internet; IPv4 has no such single block, so
// there ipaddr.js's 'unicast' (everything not in a special range) is the public space.
const IPV6_GLOBAL_UNICAST = ipaddr.parseCIDR('2000::/3');

/** 'public', or the special range an address belongs to (ipaddr.js's names: loopback, private, linkLocal...). */
export function addressRange(address: string): string {
  if (!ipaddr.isValid(address)) return 'invalid';
  const ip = ipaddr.process(address); // an IPv4-mapped IPv6 address is judged as the IPv4 one
  const range = ip.range();
  if (range !== 'unicast') return range;
  if (ip.kind() === 'ipv6' && !ip.match(IPV6_GLOBAL_UNICAST)) return 'reserved';
  return 'public';
}

const RANGE_LABELS: Record<string, string> = {
  loopback: 'a loopback address (this machine)',
  private: 'a private network address',
  uniqueLocal: 'a private network address',
  linkLocal: 'a link-local address (where cloud metadata services live)',
  carrierGradeNat: 'a carrier-grade NAT address',
  unspecified: 'the unspecified address',
  invalid: 'not an IP address',
};

/**
 * Why connecting to `address` for `target` is refused, or null when it is allowed: public
 * addresses are; anything else only when the policy names it.
 */
export function addressRefusal(target: Target, address: string, policy: OutboundPolicy): string | null {
  const range = addressRange(address);
  if (range === 'public') return null;
  if (range === 'loopback' && policy.allowLoopback) return null;
  if (policy.allow.some((rule) => ruleMatches(rule, target, address))) return null;
  const where = target.hostname === bare(address) ? address : `${target.hostname} (${address})`;
  return `Refused to connect to ${where}: it is ${RANGE_LABELS[range] ?? `a reserved address (${range})`}. Provider URLs may not reach private, loopback, link-local or metadata addresses unless an admin allows the host in ALLOWED_PROVIDER_HOSTS.`;
}

function ruleMatches(rule: AllowRule, target: Target, address: string): boolean {
  if (rule.kind === 'host') return rule.hostname === bare(target.hostname) && (rule.port === undefined || rule.port === target.port);
  const ip = ipaddr.process(address);
  if (rule.kind === 'cidr') return ip.kind() === rule.range[0].kind() && ip.match(rule.range);
  return ip.kind() === rule.address.kind() && ip.toNormalizedString() === rule.address.toNormalizedString()
    && (rule.port === undefined || rule.port === target.port);
}
