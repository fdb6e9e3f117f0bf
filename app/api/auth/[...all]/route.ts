import { getAuth } from '@/lib/auth/auth';
import { hasAnyUser } from '@/lib/auth/users';

export const dynamic = 'force-dynamic';

/**
 * better-auth's own endpoints (sign-in, sign-out, session). Nobody signs themselves up: accounts
 * come from an admin, except the very first one, made on the first-run screen of an empty install.
 */
async function handle(req: Request): Promise<Response> {
  const path = new URL(req.url).pathname;
  if (path.endsWith('/sign-up/email') && await hasAnyUser()) {
    return Response.json({ error: 'Accounts are created by an admin (Settings → Users)' }, { status: 403 });
  }
  return getAuth().handler(req);
}

export const GET = handle;
export const POST = handle;
