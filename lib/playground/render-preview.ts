import { findVariables, lookupPath } from '../prompts/template';
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
  for (const v of findVariables(content)) {
    if (v.index > last) out.push({ kind: 'text', text: content.slice(last, v.index) });
    const value = vars ? lookupPath(vars, v.path) : undefined;
    out.push(value === undefined || value === null
      ? { kind: 'missing', name: v.path, text: content.slice(v.index, v.end) }
      : { kind: 'value', name: v.path, text: typeof value === 'string' ? value : JSON.stringify(value, null, 2) });
    last = v.end;
  }
  if (last < content.length) out.push({ kind: 'text', text: content.slice(last) });
  return out;
}
