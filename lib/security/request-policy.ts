/**
 * What every request must pass before it reaches a page or a route (applied by proxy.ts):
 * the Host it names must be ours (DNS rebinding), a state-changing request must come from our own
 * origin or carry no browser origin at all (cross-site forms and no-cors POSTs), and pages get a
 * strict Content-Security-Policy with a per-request nonce. Pure functions: unit-tested.
 */

const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'];

/** Host headers accepted for the app at `appUrl` (host:port). A loopback URL accepts every loopback name. */
export function allowedHosts(appUrl: string): Set<string> {
  const url = new URL(appUrl);
  const port = url.port ? `:${url.port}` : '';
  const hosts = new Set([url.host.toLowerCase()]);
  if (LOOPBACK_NAMES.includes(url.hostname.toLowerCase())) for (const name of LOOPBACK_NAMES) hosts.add(`${name}${port}`);
  return hosts;
}

export function hostAllowed(host: string | null, allowed: Set<string>): boolean {
  return host !== null && allowed.has(host.toLowerCase());
}

const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/**
 * A state-changing request sent by a browser from another site is refused. Browsers send `Origin`
 * on every cross-origin POST and `Sec-Fetch-Site` on every request; clients that are not browsers
 * (curl, SDKs with an API key) send neither and carry no cookies to abuse.
 */
export function crossSiteRefused(method: string, headers: { origin: string | null; secFetchSite: string | null }, appOrigins: Set<string>): boolean {
  if (SAFE_METHODS.has(method.toUpperCase())) return false;
  if (headers.secFetchSite && headers.secFetchSite !== 'same-origin' && headers.secFetchSite !== 'none') return true;
  if (headers.origin && !appOrigins.has(headers.origin.toLowerCase())) return true;
  return false;
}

export function appOrigins(appUrl: string): Set<string> {
  const url = new URL(appUrl);
  return new Set([...allowedHosts(appUrl)].map((host) => `${url.protocol}//${host}`));
}

/** No `unsafe-inline` scripts: the framework's inline scripts carry the nonce; `strict-dynamic` trusts what they load. */
export function contentSecurityPolicy(nonce: string, dev: boolean): string {
  return [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    // Tailwind and Radix set inline style attributes; styles cannot run code.
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    `connect-src 'self'${dev ? ' ws:' : ''}`,
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
}

export const SECURITY_HEADERS: Record<string, string> = {
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'strict-origin-when-cross-origin',
  'X-Frame-Options': 'DENY',
  'Cross-Origin-Opener-Policy': 'same-origin',
};

/** Reachable without signing in: the sign-in flow and the health check. */
export function isPublicPath(pathname: string): boolean {
  return pathname === '/sign-in' || pathname === '/api/health' || pathname.startsWith('/api/auth/');
}
