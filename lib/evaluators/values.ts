/** Helpers shared by the evaluators for turning outputs and expected values into comparable data. */

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** Objects and arrays: values that only compare meaningfully as data, not as text. */
export function isStructured(value: unknown): value is object {
  return value !== null && typeof value === 'object';
}

export type JsonParse = { ok: true; value: unknown } | { ok: false; error: string };

export function tryParseJson(text: string): JsonParse {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}

/** A string that starts like a JSON object or array: worth trying to parse as data. */
export function looksLikeJsonStructure(text: string): boolean {
  const t = text.trim();
  return (t.startsWith('{') && t.endsWith('}')) || (t.startsWith('[') && t.endsWith(']'));
}

/** Follows a dot path (`a.b`, `items.0`) through objects and arrays. */
export function getPath(value: unknown, path: string): { found: true; value: unknown } | { found: false } {
  let current = value;
  for (const key of path.split('.')) {
    if (!isStructured(current) || !Object.hasOwn(current, key)) return { found: false };
    current = (current as Record<string, unknown>)[key];
  }
  return { found: true, value: current };
}

/** JSON with object keys sorted, so `{a,b}` and `{b,a}` produce the same text. */
export function stableStringify(value: unknown): string {
  return JSON.stringify(sortKeys(value)) ?? 'null';
}

function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (!isPlainObject(value)) return value;
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value).sort()) out[key] = sortKeys(value[key]);
  return out;
}

/** Strings as they are; anything else as stable JSON (`42`, `true`, `{"a":1}`); nothing as ''. */
export function toText(value: unknown): string {
  if (typeof value === 'string') return value;
  if (value === undefined) return '';
  return stableStringify(value);
}

/**
 * Texts of an output/expected pair. When one side is structured and the other is a string of
 * JSON, the string is parsed first, so key order and whitespace in the model's JSON don't count.
 */
export function comparableTexts(output: unknown, expected: unknown): [string, string] {
  const asData = (v: unknown, other: unknown) => {
    if (typeof v !== 'string' || !isStructured(other)) return v;
    const parsed = tryParseJson(v);
    return parsed.ok ? parsed.value : v;
  };
  return [toText(asData(output, expected)), toText(asData(expected, output))];
}

/** For explanations: short, quoted, one line. */
export function quote(text: string, max = 80): string {
  return JSON.stringify(text.length > max ? `${text.slice(0, max - 3)}...` : text);
}
