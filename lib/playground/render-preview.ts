import { lookupPath, VARIABLE } from '../prompts/template';
/**
 * A template message split into literal text and filled-in variables, so a preview can show
 * which parts came from the item (and which variables it lacks). Same placeholder syntax and
 * value formatting as lib/prompts/template's renderMessages.
 */
export type Segment =
  | { kind: 'text'; text: string }
  | { kind: 'value'; name: string; text: string }
  | { kind: 'missing'; name: string; text: string };

export function renderSegments(content: string, vars: Record<string, unknown> | null): Segment[] {
  const out: Segment[] = [];
  let last = 0;
  for (const m of content.matchAll(VARIABLE)) {
    if (m.index > last) out.push({ kind: 'text', text: content.slice(last, m.index) });
    const value = vars ? lookupPath(vars, m[1]) : undefined;
    out.push(value === undefined || value === null
      ? { kind: 'missing', name: m[1], text: m[0] }
      : { kind: 'value', name: m[1], text: typeof value === 'string' ? value : JSON.stringify(value, null, 2) });
    last = m.index + m[0].length;
  }
  if (last < content.length) out.push({ kind: 'text', text: content.slice(last) });
  return out;
}
