import { z } from 'zod';

export const chatMessageSchema = z.object({
  role: z.enum(['system', 'user', 'assistant']),
  content: z.string(),
});
export type ChatMessage = z.infer<typeof chatMessageSchema>;

// {{ name }} or {{ a.b }}; whitespace inside the braces is allowed.
export const VARIABLE = /\{\{\s*([A-Za-z_][\w-]*(?:\.[A-Za-z_][\w-]*)*)\s*\}\}/g;

/** Variable names in order of first appearance. A dotted path contributes its first segment. */
export function extractVariables(messages: ChatMessage[]): string[] {
  const seen = new Set<string>();
  for (const m of messages) for (const match of m.content.matchAll(VARIABLE)) seen.add(match[1].split('.')[0]);
  return [...seen];
}

export function lookupPath(vars: Record<string, unknown>, path: string): unknown {
  let value: unknown = vars;
  for (const key of path.split('.')) {
    if (value === null || typeof value !== 'object' || !(key in value)) return undefined;
    value = (value as Record<string, unknown>)[key];
  }
  return value;
}

function stringify(value: unknown): string {
  return typeof value === 'string' ? value : JSON.stringify(value, null, 2);
}

/**
 * Input of an item as template variables. A string input (or any non-object) for a
 * single-variable prompt becomes `{ [thatVariable]: input }` (seed 001).
 */
export function normaliseInput(input: unknown, variables: string[]): Record<string, unknown> | null {
  if (input !== null && typeof input === 'object' && !Array.isArray(input)) return input as Record<string, unknown>;
  if (variables.length === 1) return { [variables[0]]: input };
  if (variables.length === 0) return {};
  return null;
}

/** Variables of the template that the item's input does not provide. */
export function missingVariables(input: unknown, variables: string[]): string[] {
  const vars = normaliseInput(input, variables);
  if (!vars) return variables;
  return variables.filter((v) => vars[v] === undefined || vars[v] === null);
}

export function renderMessages(messages: ChatMessage[], vars: Record<string, unknown>): ChatMessage[] {
  return messages.map((m) => ({
    role: m.role,
    content: m.content.replace(VARIABLE, (whole, path: string) => {
      const value = lookupPath(vars, path);
      return value === undefined ? whole : stringify(value);
    }),
  }));
}

/** Problems that make a template unusable, for validation messages. */
export function templateProblems(messages: ChatMessage[]): string[] {
  const problems: string[] = [];
  if (messages.length === 0) problems.push('The prompt has no messages');
  if (!messages.some((m) => m.role === 'user')) problems.push('The prompt needs at least one user message');
  messages.forEach((m, i) => {
    const opens = (m.content.match(/\{\{/g) ?? []).length;
    const valid = (m.content.match(VARIABLE) ?? []).length;
    if (opens !== valid) problems.push(`Message ${i + 1} has a malformed {{variable}} placeholder`);
  });
  return problems;
}
