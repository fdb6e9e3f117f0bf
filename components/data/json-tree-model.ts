/**
 * The pure parts of the JSON tree (components/data/json-tree.tsx): which nodes start open, how
 * many children and characters a node shows before "show more", and one-line summaries. Every
 * function here does work bounded by its limits, not by the size of the value, so a 100,000-item
 * output costs the same to show as a small one.
 */

/** Children a container lists before "Show N more" (and how many each click adds). */
export const CHILDREN_PAGE = 50;
/** Characters of a string shown before "Show all". */
export const STRING_CLIP = 1_000;
/** Rows (keys, items and "more" lines) opened by default; past it, nodes start collapsed. */
export const OPEN_ROWS_BUDGET = 300;
/** "Expand all" opens this many rows at most, and no deeper than EXPAND_ALL_DEPTH. */
export const EXPAND_ALL_BUDGET = 2_000;
export const EXPAND_ALL_DEPTH = 12;

export type JsonContainer = Record<string, unknown> | unknown[];

export const isContainer = (v: unknown): v is JsonContainer => v !== null && typeof v === 'object';

export function childCount(v: JsonContainer): number {
  return Array.isArray(v) ? v.length : Object.keys(v).length;
}

/** The first `limit` children as [key, value] pairs (array indices as keys), and how many are left out. */
export function childEntries(v: JsonContainer, limit: number): { entries: [string, unknown][]; hidden: number } {
  const n = Math.max(0, Math.floor(limit));
  if (Array.isArray(v)) {
    const shown = Math.min(n, v.length);
    const entries: [string, unknown][] = [];
    for (let i = 0; i < shown; i++) entries.push([String(i), v[i]]);
    return { entries, hidden: v.length - shown };
  }
  const keys = Object.keys(v);
  return { entries: keys.slice(0, n).map((k) => [k, v[k]]), hidden: Math.max(0, keys.length - n) };
}

/** "3 keys", "1 item", "empty". */
export function containerSummary(v: JsonContainer): string {
  const n = childCount(v);
  if (n === 0) return Array.isArray(v) ? 'empty list' : 'empty object';
  const unit = Array.isArray(v) ? (n === 1 ? 'item' : 'items') : (n === 1 ? 'key' : 'keys');
  return `${n.toLocaleString('en-US')} ${unit}`;
}

/**
 * The first `max` characters of a string (never splitting a surrogate pair) and how many were
 * left out.
 */
export function clipString(s: string, max: number): { text: string; hidden: number } {
  if (s.length <= max) return { text: s, hidden: 0 };
  let end = Math.max(0, Math.floor(max));
  const code = s.charCodeAt(end - 1);
  if (end > 0 && code >= 0xd800 && code <= 0xdbff) end -= 1;
  return { text: s.slice(0, end), hidden: s.length - end };
}

/** A JSON pointer segment: `~` and `/` escaped, so every node has one unambiguous path. */
const segment = (key: string) => key.replaceAll('~', '~0').replaceAll('/', '~1');
export const childPath = (parent: string, key: string) => `${parent}/${segment(key)}`;
export const ROOT_PATH = '';

/**
 * The containers that start open: breadth first from the root (whose children are always
 * listed), opening a container while fewer than `openDepth` levels are open and the rows shown so far
 * plus its own stay within `budget`. A node past the budget starts collapsed with its summary,
 * so a huge or deep value renders a bounded number of rows until the user opens more.
 */
export function initialOpenPaths(value: unknown, openDepth: number, budget = OPEN_ROWS_BUDGET): Set<string> {
  const open = new Set<string>();
  if (!isContainer(value)) return open;
  const rowsOf = (v: JsonContainer) => Math.min(childCount(v), CHILDREN_PAGE) + (childCount(v) > CHILDREN_PAGE ? 1 : 0);
  open.add(ROOT_PATH);
  let rows = rowsOf(value);
  let level: { v: JsonContainer; path: string }[] = [{ v: value, path: ROOT_PATH }];
  // `openDepth` counts open levels, the root's included: its child containers (depth 1) open when it is 2 or more.
  for (let depth = 1; depth < openDepth && level.length > 0; depth++) {
    const next: { v: JsonContainer; path: string }[] = [];
    for (const { v, path } of level) {
      for (const [k, child] of childEntries(v, CHILDREN_PAGE).entries) {
        if (!isContainer(child) || childCount(child) === 0) continue;
        const cost = rowsOf(child);
        if (rows + cost > budget) continue;
        rows += cost;
        const p = childPath(path, k);
        open.add(p);
        next.push({ v: child, path: p });
      }
    }
    level = next;
  }
  return open;
}

/**
 * A value as one line of compact JSON, at most `max` characters: the same text as JSON.stringify
 * when it fits, otherwise cut with `…`. A string at the root is shown as itself; null as nothing.
 * It walks the value only as far as the characters allow.
 */
export function oneLine(value: unknown, max = 160): string {
  const out: string[] = [];
  let left = max;
  const push = (s: string): boolean => {
    if (left <= 0) return false;
    if (s.length > left) {
      out.push(clipString(s, Math.max(0, left - 1)).text, '…');
      left = 0;
      return false;
    }
    out.push(s);
    left -= s.length;
    return true;
  };
  const walk = (v: unknown, top: boolean): boolean => {
    if (v === undefined || v === null) return top || push('null');
    if (!isContainer(v)) {
      if (typeof v === 'string') return push(top ? v : JSON.stringify(clipString(v, left + 1).text));
      return push(typeof v === 'number' && !Number.isFinite(v) ? 'null' : String(v));
    }
    const isArray = Array.isArray(v);
    const n = childCount(v);
    if (!push(isArray ? '[' : '{')) return false;
    // Never more children than characters left: each one needs at least one.
    const { entries } = childEntries(v, Math.min(n, left));
    for (let i = 0; i < entries.length; i++) {
      if (i > 0 && !push(',')) return false;
      const [k, child] = entries[i];
      if (!isArray && !push(`${JSON.stringify(k)}:`)) return false;
      if (!walk(child, false)) return false;
    }
    if (entries.length < n) return false;
    return push(isArray ? ']' : '}');
  };
  if (walk(value, true)) return out.join('');
  // Cut short: end on the ellipsis, within `max`.
  const line = out.join('');
  return line.endsWith('…') ? line : `${clipString(line, Math.max(0, max - 1)).text}…`;
}

const isPlainObject = (v: unknown): v is Record<string, unknown> => isContainer(v) && !Array.isArray(v);

/**
 * A value as a few lines of text for a table cell: text as itself; an object of one text field as
 * that text (the usual `{"question": …}`); any other object as `key: value` lines (text as
 * itself, anything else as one line of JSON), at most `maxKeys` of them; a list as one line of
 * JSON. `mono` when the text is JSON rather than prose. Bounded like oneLine.
 */
export function summaryText(value: unknown, maxKeys = 12, maxChars = 300): { text: string; mono: boolean } {
  if (value === null || value === undefined) return { text: '', mono: false };
  if (typeof value === 'string') return { text: clipString(value, maxChars * maxKeys).text, mono: false };
  if (!isPlainObject(value)) return { text: oneLine(value, maxChars), mono: true };
  const { entries, hidden } = childEntries(value, maxKeys);
  if (entries.length === 1 && hidden === 0 && typeof entries[0][1] === 'string') return summaryText(entries[0][1], maxKeys, maxChars);
  if (entries.length === 0) return { text: '{}', mono: true };
  const lines = entries.map(([k, v]) => `${k}: ${typeof v === 'string' ? clipString(v, maxChars).text : oneLine(v, maxChars) || 'null'}`);
  if (hidden > 0) lines.push(`… ${hidden.toLocaleString('en-US')} more ${hidden === 1 ? 'key' : 'keys'}`);
  return { text: lines.join('\n'), mono: false };
}
