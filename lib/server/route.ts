import { UserError } from '../errors';
import { requestContext, type RequestContext } from './context';

/** The one wrapper every JSON route goes through (the place where API-key auth will go). */
export function jsonRoute<P = Record<string, string>>(handler: (req: Request, ctx: RequestContext, params: P) => Promise<unknown>) {
  return async (req: Request, { params }: { params: Promise<P> }) => {
    try {
      const body = await handler(req, await requestContext(), await params);
      return body instanceof Response ? body : Response.json(body);
    } catch (err) {
      if (err instanceof UserError) return Response.json({ error: err.message, fieldErrors: err.fieldErrors }, { status: err.status });
      console.error('[route] unexpected error', err);
      return Response.json({ error: 'Internal error; it has been logged.' }, { status: 500 });
    }
  };
}

export async function readJson(req: Request): Promise<unknown> {
  try {
    return await req.json();
  } catch {
    throw new UserError('The request body must be valid JSON');
  }
}
