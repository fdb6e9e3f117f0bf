import type { z } from 'zod';
import { UserError, zodToUserError } from '../errors';
import { requestContext, type RequestContext } from './context';

export type ActionResult<T> =
  | { ok: true; data: T }
  | { ok: false; error: string; fieldErrors?: Record<string, string> };

/**
 * The one wrapper every server action goes through: parse with the form's zod schema, (later:
 * check the session), run, and turn errors into a typed result. Only UserError messages reach the
 * browser; anything else is logged and shown generically.
 */
export function defineAction<S extends z.ZodType, T>(schema: S, handler: (input: z.infer<S>, ctx: RequestContext) => Promise<T>) {
  return async (raw: z.input<S>): Promise<ActionResult<T>> => {
    const parsed = schema.safeParse(raw);
    if (!parsed.success) {
      const e = zodToUserError(parsed.error);
      return { ok: false, error: e.message, fieldErrors: e.fieldErrors };
    }
    try {
      return { ok: true, data: await handler(parsed.data, await requestContext()) };
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
