import { UserError } from '../errors';

/** The body of every error answer: a message for people, and per-field messages for forms. */
export interface ErrorBody { error: string; fieldErrors?: Record<string, string> }

/**
 * An error as a JSON answer: a UserError with its own status and message; anything else is logged
 * and answered with a generic 500, so no internal detail (SQL, stack, key) reaches the caller.
 */
export function errorResponse(err: unknown): Response {
  if (err instanceof UserError) {
    const body: ErrorBody = { error: err.message, fieldErrors: err.fieldErrors };
    return Response.json(body, { status: err.status });
  }
  console.error('[route] unexpected error', err);
  return Response.json({ error: 'Internal error; it has been logged.' } satisfies ErrorBody, { status: 500 });
}
