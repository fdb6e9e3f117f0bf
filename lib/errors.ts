/** An error whose message is meant for the user; anything else is logged and shown generically. */
export class UserError extends Error {
  constructor(message: string, readonly fieldErrors: Record<string, string> = {}, readonly status = 400) {
    super(message);
    this.name = 'UserError';
  }
}

export class NotFoundError extends UserError {
  constructor(what: string) {
    super(`${what} not found`, {}, 404);
  }
}

/** zod issues as one readable message plus per-field messages. */
export function zodToUserError(error: { issues: { path: PropertyKey[]; message: string }[] }): UserError {
  const fieldErrors: Record<string, string> = {};
  for (const issue of error.issues) {
    const key = issue.path.map(String).join('.') || '_';
    fieldErrors[key] ??= issue.message;
  }
  const first = error.issues[0];
  const where = first?.path.length ? `${first.path.map(String).join('.')}: ` : '';
  return new UserError(`${where}${first?.message ?? 'Invalid input'}`, fieldErrors);
}

/**
 * Whether `err` is PostgreSQL's unique violation (23505) on `constraint`, however the driver and
 * drizzle wrap it: two identical creates at once both pass a "name taken?" check, and the
 * database's unique index is what decides.
 */
export function isUniqueViolation(err: unknown, constraint: string): boolean {
  for (let e = err, depth = 0; e && typeof e === 'object' && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const pg = e as { code?: unknown; constraint_name?: unknown };
    if (pg.code === '23505') return pg.constraint_name === constraint;
  }
  return false;
}
