import { formatBytes, LIMITS } from '../limits';
import { utf8Length } from './upload-limits';

/** Deeper JSON is refused: serialising it would overflow the stack here and in PostgreSQL. */
export const MAX_ITEM_DEPTH = 100;

export type StorableItem = { text: string; bytes: number } | { problem: string };

/**
 * An item (input, expected output, metadata) serialised for storage, or why it cannot be stored:
 * larger than LIMITS.itemBytes, nested deeper than MAX_ITEM_DEPTH, or holding text PostgreSQL's
 * jsonb refuses (a NUL character, half of a surrogate pair). Client-safe, so the item form, the
 * server action and the import all judge an item the same way; problems read "the item is ...".
 */
export function serialiseItem(item: { input: unknown; expectedOutput?: unknown; metadata?: unknown }): StorableItem {
  const value = [item.input, item.expectedOutput ?? null, item.metadata ?? {}];
  const problem = contentProblem(value);
  if (problem) return { problem };
  const text = JSON.stringify(value);
  const bytes = utf8Length(text);
  if (bytes <= LIMITS.itemBytes) return { text, bytes };
  const size = formatBytes(bytes);
  const limit = formatBytes(LIMITS.itemBytes);
  // Just over the limit, both round to "512 KB": then say it in bytes.
  if (size === limit) return { problem: `the item is ${int(bytes)} bytes; the limit is ${int(LIMITS.itemBytes)} bytes (${limit})` };
  return { problem: `the item is ${size}; the limit is ${limit}` };
}

const int = (n: number) => n.toLocaleString('en-US');

// Walks the value without recursion (a hostile value may be nested 100,000 deep).
function contentProblem(root: unknown): string | null {
  const stack: { value: unknown; depth: number }[] = [{ value: root, depth: 0 }];
  while (stack.length > 0) {
    const { value, depth } = stack.pop()!;
    if (typeof value === 'string') {
      const problem = textProblem(value);
      if (problem) return problem;
    } else if (value !== null && typeof value === 'object') {
      // The root array is ours: the user's values start one level down.
      if (depth > MAX_ITEM_DEPTH) return `the item is nested more than ${MAX_ITEM_DEPTH} levels deep (the limit)`;
      if (Array.isArray(value)) {
        for (const child of value) stack.push({ value: child, depth: depth + 1 });
        continue;
      }
      for (const [key, child] of Object.entries(value)) {
        const problem = textProblem(key);
        if (problem) return problem;
        stack.push({ value: child, depth: depth + 1 });
      }
    }
  }
  return null;
}

function textProblem(s: string): string | null {
  if (s.includes('\0')) return 'the item contains a NUL character (\\u0000), which cannot be stored';
  if (!/[\ud800-\udfff]/.test(s)) return null;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdfff) continue;
    const next = s.charCodeAt(i + 1);
    if (c <= 0xdbff && next >= 0xdc00 && next <= 0xdfff) { i++; continue; }
    return 'the item contains half of a surrogate pair (an invalid \\ud800-\\udfff escape), which cannot be stored';
  }
  return null;
}
