import { z } from 'zod';
import { serialiseItem } from './storable-item';
import { inputHasValue } from './record-item';

/**
 * The "Add item" / "Edit item" form: three text areas of JSON. Pure (no server imports), so the
 * dialog validates live with the same rules the server action applies.
 *
 * - Input: any JSON value except null; text that is not JSON at all is taken as a plain string
 *   ("What is 2 + 2?"), but text that starts like JSON (`{`, `[`, `"`) must parse, so a typo in an
 *   object is reported rather than silently stored as a string.
 * - Expected output: optional (empty means none); otherwise the same rules as the input.
 * - Metadata: optional (empty means `{}`); must be a JSON object.
 */

export const MAX_FIELD_CHARS = 200_000;

export type JsonFieldKind = 'input' | 'expected' | 'metadata';

const LABELS: Record<JsonFieldKind, string> = { input: 'Input', expected: 'Expected output', metadata: 'Metadata' };

export type FieldParse = { ok: true; value: unknown } | { ok: false; error: string };

/**
 * V8's JSON messages name a position; keep them short and on one line. Both patterns are linear:
 * `\s+` matches each run of whitespace once and fails at once elsewhere; the other is anchored.
 */
function jsonMessage(err: unknown): string {
  const raw = err instanceof Error ? err.message : String(err);
  return raw.replace(/\s+/g, ' ').replace(/^JSON\.parse: /, '');
}

const looksLikeJson = (t: string) => t[0] === '[' || t[0] === '{' || t[0] === '"';

export function parseJsonField(text: string, kind: JsonFieldKind): FieldParse {
  const label = LABELS[kind];
  if (text.length > MAX_FIELD_CHARS) return { ok: false, error: `${label} is too long (${MAX_FIELD_CHARS.toLocaleString('en-US')} characters at most)` };
  const t = text.trim();
  if (t === '') {
    if (kind === 'input') return { ok: false, error: 'Input is required: JSON such as {"question": "…"} or plain text' };
    return { ok: true, value: kind === 'metadata' ? {} : null };
  }
  let value: unknown;
  try {
    value = JSON.parse(t);
  } catch (err) {
    if (kind === 'metadata') return { ok: false, error: `Metadata must be a JSON object: ${jsonMessage(err)}` };
    if (looksLikeJson(t)) return { ok: false, error: `${label} is not valid JSON: ${jsonMessage(err)}` };
    // Plain text: stored as a JSON string, exactly as typed (surrounding blank lines dropped).
    return { ok: true, value: t };
  }
  if (kind === 'metadata') {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) {
      return { ok: false, error: 'Metadata must be a JSON object, such as {"source": "manual"}' };
    }
    return { ok: true, value };
  }
  if (value === null) {
    return kind === 'input' ? { ok: false, error: 'Input cannot be null' } : { ok: true, value: null };
  }
  // Imports skip such rows ("no input value"); the form refuses them alike.
  if (kind === 'input' && !inputHasValue(value)) return { ok: false, error: 'Input has no value: give at least one field some text, such as {"question": "…"}' };
  return { ok: true, value };
}

/**
 * A stored value as the text the form shows. A string is shown as typed, unless it would read back
 * as something else (`42`, `true`, `{…}`), in which case it is shown quoted so it stays a string.
 */
export function jsonFieldText(value: unknown, kind: JsonFieldKind): string {
  if (value === null || value === undefined) return '';
  if (kind === 'metadata' && typeof value === 'object' && Object.keys(value).length === 0) return '';
  if (typeof value === 'string') {
    const back = parseJsonField(value, kind);
    return back.ok && back.value === value.trim() && value === value.trim() ? value : JSON.stringify(value);
  }
  return JSON.stringify(value, null, 2);
}

function jsonText(kind: JsonFieldKind) {
  return z.string().transform((text, ctx) => {
    const parsed = parseJsonField(text, kind);
    if (!parsed.ok) {
      ctx.addIssue({ code: 'custom', message: parsed.error });
      return z.NEVER;
    }
    return parsed.value;
  });
}

/** The form's three fields as text in, parsed JSON out. */
export const itemFieldsSchema = z.object({
  input: jsonText('input'),
  expectedOutput: jsonText('expected').prefault(''),
  metadata: jsonText('metadata').prefault(''),
});

/** The three fields together must be storable (LIMITS.itemBytes and the rest), as an uploaded item must. */
function checkStorable(item: { input: unknown; expectedOutput: unknown; metadata: unknown }, ctx: z.RefinementCtx) {
  const result = serialiseItem(item);
  if ('problem' in result) ctx.addIssue({ code: 'custom', message: result.problem.charAt(0).toUpperCase() + result.problem.slice(1) });
}

export const addItemSchema = itemFieldsSchema.extend({
  datasetId: z.uuid({ message: 'Unknown dataset' }),
}).superRefine(checkStorable);

export const editItemSchema = itemFieldsSchema.extend({
  datasetId: z.uuid({ message: 'Unknown dataset' }),
  itemId: z.uuid({ message: 'Unknown item' }),
}).superRefine(checkStorable);

export const archiveItemSchema = z.object({
  datasetId: z.uuid({ message: 'Unknown dataset' }),
  itemId: z.uuid({ message: 'Unknown item' }),
});

/** `?version=` as a date, or null for "latest" (missing, empty or unreadable). */
export function parseVersionParam(raw: string | string[] | undefined): Date | null {
  const value = Array.isArray(raw) ? raw[0] : raw;
  if (!value) return null;
  const date = new Date(value);
  return Number.isNaN(date.getTime()) ? null : date;
}
