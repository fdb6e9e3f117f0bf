import { z } from 'zod';
import { UserError } from '../errors';

// The same names extractVariables yields (a dotted path contributes its first segment).
const VARIABLE_NAME = /^[A-Za-z_][\w-]*$/;
const MAX_VARIABLES = 50;

/** `vars=a,b` of the coverage route: trimmed, de-duplicated, each a valid template variable name. */
export function parseVariableList(raw: string | null): string[] {
  if (!raw) return [];
  const names = [...new Set(raw.split(',').map((s) => s.trim()).filter(Boolean))];
  const bad = names.find((n) => !VARIABLE_NAME.test(n));
  if (bad) throw new UserError(`"${bad}" is not a variable name`);
  if (names.length > MAX_VARIABLES) throw new UserError(`At most ${MAX_VARIABLES} variables at once`);
  return names;
}

/** A dataset version given as an ISO date-time; absent means "latest" (null). */
export function parseVersionParam(raw: string | null): Date | null {
  if (!raw) return null;
  const d = new Date(raw);
  if (Number.isNaN(d.getTime())) throw new UserError('version must be an ISO date-time');
  return d;
}

export function parseUuidParam(raw: string | null, what: string): string {
  if (!raw || !z.uuid().safeParse(raw).success) throw new UserError(`${what} is missing or not an id`);
  return raw;
}

/** `limit` of a paged route, clamped to [1, max]. */
export function parseLimit(raw: string | null, fallback: number, max: number): number {
  const n = Number(raw);
  if (!raw || !Number.isFinite(n)) return fallback;
  return Math.min(max, Math.max(1, Math.floor(n)));
}
