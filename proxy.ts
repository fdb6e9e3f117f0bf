import { NextResponse, type NextRequest } from 'next/server';
import { appUrl } from '@/lib/config';
import {
  SECURITY_HEADERS, allowedHosts, appOrigins, contentSecurityPolicy, crossSiteRefused, hostAllowed, isPublicPath,
} from '@/lib/security/request-policy';

const SESSION_COOKIES = ['er.session_token', '__Secure-er.session_token'];

/**
 * Runs before every page and route: refuses requests for another Host or from another site,
 * sends anonymous page visits to sign-in (an optimistic check: every page, action and route checks
 * the session itself), and sets the CSP with a fresh nonce plus the other security headers.
 */
export function proxy(request: NextRequest) {
  const url = appUrl();
  if (!hostAllowed(request.headers.get('host'), allowedHosts(url))) {
    return new NextResponse(`Unknown host. This app answers at ${url} (set APP_URL to the address people use).`, { status: 421 });
  }
  if (crossSiteRefused(request.method, { origin: request.headers.get('origin'), secFetchSite: request.headers.get('sec-fetch-site') }, appOrigins(url))) {
    return NextResponse.json({ error: 'Cross-site requests are not allowed' }, { status: 403 });
  }

  const { pathname, search } = request.nextUrl;
  const isApi = pathname.startsWith('/api/');
  const signedInMaybe = SESSION_COOKIES.some((name) => request.cookies.has(name)) || request.headers.has('authorization');
  if (!isPublicPath(pathname) && !signedInMaybe && !isApi) {
    const signIn = new URL('/sign-in', url);
    if (pathname !== '/') signIn.searchParams.set('next', `${pathname}${search}`);
    return withSecurityHeaders(NextResponse.redirect(signIn));
  }

  const nonce = Buffer.from(crypto.randomUUID()).toString('base64');
  const csp = contentSecurityPolicy(nonce, process.env.NODE_ENV === 'development');
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('x-pathname', pathname);
  requestHeaders.set('Content-Security-Policy', csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  if (!isApi) response.headers.set('Content-Security-Policy', csp);
  return withSecurityHeaders(response);
}

function withSecurityHeaders(response: NextResponse) {
  for (const [name, value] of Object.entries(SECURITY_HEADERS)) response.headers.set(name, value);
  return response;
}

export const config = {
  // Not the upload route: Next.js buffers the body of every request the proxy sees and cuts it at
  // 10 MB without an error, so a large upload would be imported truncated. That route streams its
  // body and makes the Host and cross-site checks itself (app/api/datasets/[id]/upload).
  matcher: ['/((?!_next/static|_next/image|icon.svg|favicon.ico|api/datasets/[^/]+/upload$).*)'],
};
