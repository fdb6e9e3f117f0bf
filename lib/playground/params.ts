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
