import { z } from 'zod';
import { LIMITS } from '../limits';
import { countOpenings, findPlaceholders, isVariablePath } from './placeholders';

export const chatMessageSchema = z.object({
  role: z.enum(['system', 'user', 'assistant']),
  content: z.string(),
});
export type ChatMessage = z.infer<typeof chatMessageSchema>;

/** Characters of all messages together, as counted against LIMITS.templateChars. */
export function templateChars(messages: ChatMessage[]): number {
  return messages.reduce((n, m) => n + m.content.length, 0);
}

/** The size problem of a template, naming the limit; null when it fits. `what` names the template. */
export function templateSizeProblem(messages: ChatMessage[], what = 'The template'): string | null {
  const chars = templateChars(messages);
  if (chars <= LIMITS.templateChars) return null;
  const count = (n: number) => n.toLocaleString('en-US');
  return `${what} is ${count(chars)} characters; the limit is ${count(LIMITS.templateChars)}`;
}

/** At least one message, and all of them within LIMITS.templateChars. */
export function templateMessagesSchema(what: string, emptyMessage: string) {
  return z.array(chatMessageSchema).min(1, emptyMessage).superRefine((messages, ctx) => {
    const problem = templateSizeProblem(messages, what);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });
}

/** A `{{ name }}` or `{{ a.b }}` placeholder (whitespace inside the braces allowed) and its path. */
export interface VariablePlaceholder { index: number; end: number; path: string }

export function findVariables(content: string): VariablePlaceholder[] {
  return findPlaceholders(content)
    .filter((p) => isVariablePath(p.name))
    .map((p) => ({ index: p.index, end: p.end, path: p.name }));
}

/** Variable names in order of first appearance. A dotted path contributes its first segment. */
export function extractVariables(messages: ChatMessage[]): string[] {
  const seen = new Set<string>();
  for (const m of messages) for (const v of findVariables(m.content)) seen.add(v.path.split('.')[0]);
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
 * single-variable prompt becomes `{ [thatVariable]: input }`.
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
  return messages.map((m) => {
    let content = '';
    let last = 0;
    for (const v of findVariables(m.content)) {
      const value = lookupPath(vars, v.path);
      // An unknown placeholder stays as written.
      content += m.content.slice(last, v.index) + (value === undefined ? m.content.slice(v.index, v.end) : stringify(value));
      last = v.end;
    }
    return { role: m.role, content: content + m.content.slice(last) };
  });
}

/** Problems that make a template unusable, for validation messages. */
export function templateProblems(messages: ChatMessage[]): string[] {
  const problems: string[] = [];
  const size = templateSizeProblem(messages);
  if (size) problems.push(size);
  if (messages.length === 0) problems.push('The prompt has no messages');
  if (!messages.some((m) => m.role === 'user')) problems.push('The prompt needs at least one user message');
  messages.forEach((m, i) => {
    if (countOpenings(m.content) !== findVariables(m.content).length) problems.push(`Message ${i + 1} has a malformed {{variable}} placeholder`);
  });
  return problems;
}
