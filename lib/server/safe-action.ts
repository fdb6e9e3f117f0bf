import type { z } from 'zod';
import { revalidatePath } from 'next/cache';
import { UserError, zodToUserError } from '../errors';
import { requestContext, type RequestContext } from './context';
import { canAccess, type AccessLevel } from '../auth/principal';

export type ActionResult<T> =
  | { ok: true; data: T }
  | { ok: false; error: string; fieldErrors?: Record<string, string> };

/**
 * The one wrapper every server action goes through: check who is calling (a member by default,
 * or an admin), parse with the form's zod schema, run, refresh the page it changed (`revalidate`, after success only), and
 * turn errors into a typed result. Only UserError messages reach the browser; anything else is logged and shown generically.
 */
export function defineAction<S extends z.ZodType, T>(
  schema: S, handler: (input: z.infer<S>, ctx: RequestContext) => Promise<T>,
  opts: { access?: AccessLevel; revalidate?: string | ((input: z.infer<S>) => string) } = {},
) {
  const access = opts.access ?? 'member';
  return async (raw: z.input<S>): Promise<ActionResult<T>> => {
    const ctx = await requestContext();
    if (!canAccess(ctx.principal, access)) {
      return { ok: false, error: ctx.principal ? 'Only an admin can do this' : 'Sign in to continue' };
    }
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      const e = zodToUserError(parsed.error);
      return { ok: false, error: e.message, fieldErrors: e.fieldErrors };
    }
    try {
      const data = await handler(parsed.data, ctx);
      if (opts.revalidate) revalidatePath(typeof opts.revalidate === 'string' ? opts.revalidate : opts.revalidate(parsed.data));
      return { ok: true, data };
    } catch (err) {
      return toErrorResult(err);
    }
  };
}

export function toErrorResult(err: unknown): { ok: false; error: string; fieldErrors?: Record<string, string> } {
  if (err instanceof UserError) return { ok: false, error: err.message, fieldErrors: err.fieldErrors };
  console.error('[action] unexpected error', err);
  return { ok: false, error: 'Something went wrong on the server; it has been logged.' };
}
