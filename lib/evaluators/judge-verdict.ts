import type { ChatMessage } from '../prompts/template';
import type { EvaluationResult } from './types';
import { isPlainObject, tryParseJson } from './values';

/** The judge's reply holds no usable verdict; `rawText` is kept for the error log. */
export class UnparseableVerdictError extends Error {
  constructor(message: string, readonly rawText: string) {
    super(message);
    this.name = 'UnparseableVerdictError';
  }
}

// The instructions come before the Input/Output/Expected block and Expected is last: the block is
// then easy to find for humans and for the simulator, which reads a value up to the next `Label:` line.
export const DEFAULT_JUDGE_TEMPLATE: ChatMessage[] = [
  {
    role: 'system',
    content:
      'You are a strict grader. You compare a model\'s output with the expected answer for the same input '
      + 'and decide whether the output is correct. Judge meaning, not wording: ignore differences in '
      + 'formatting, capitalisation and extra explanation unless they change the answer.',
  },
  {
    role: 'user',
    content:
      'Grade the output below against the expected answer. Reply with only a JSON object '
      + '{"score": 1 if the output is correct or 0 if it is not, "label": "correct" or "incorrect", '
      + '"explanation": one or two sentences saying why}.\n\n'
      + 'Input: {{input}}\n'
      + 'Output: {{output}}\n'
      + 'Expected: {{expected}}',
  },
];

/**
 * For structured output. Every property is required and no others are allowed, as strict
 * structured-output modes demand; the 0..1 range is stated in the description instead of
 * minimum/maximum, which some providers reject.
 */
export const JUDGE_VERDICT_SCHEMA = {
  type: 'object',
  properties: {
    score: { type: 'number', description: 'Between 0 and 1: 1 if the output is correct, 0 if it is not.' },
    label: { type: 'string', description: 'A short verdict such as "correct" or "incorrect".' },
    explanation: { type: 'string', description: 'One or two sentences saying why.' },
  },
  required: ['score', 'label', 'explanation'],
  additionalProperties: false,
} as const;

const PLACEHOLDER = /\{\{\s*(input|output|expected)\s*\}\}/g;
const ANY_PLACEHOLDER = /\{\{\s*([^{}]*?)\s*\}\}/g;

function stringifyForJudge(value: unknown): string {
  if (typeof value === 'string') return value;
  // An item without an expected output still renders something a judge can read.
  if (value === null || value === undefined) return '(none)';
  return JSON.stringify(value, null, 2);
}

/**
 * Fills {{input}}, {{output}} and {{expected}}. One pass over the template, so a value that itself
 * contains "{{output}}" is never substituted again.
 */
export function renderJudgeMessages(
  template: ChatMessage[],
  values: { input: unknown; output: unknown; expected: unknown },
): ChatMessage[] {
  return template.map((m) => ({
    role: m.role,
    content: m.content.replace(PLACEHOLDER, (_whole, name: 'input' | 'output' | 'expected') => stringifyForJudge(values[name])),
  }));
}

/** Problems that make a judge template unusable, for experiment validation. */
export function judgeTemplateProblems(template: ChatMessage[]): string[] {
  const problems: string[] = [];
  if (!template.some((m) => m.role === 'user')) problems.push('The judge template needs at least one user message');
  if (!template.some((m) => /\{\{\s*output\s*\}\}/.test(m.content))) {
    problems.push('The judge template never shows the output: add {{output}}');
  }
  const unknown = new Set<string>();
  for (const m of template) {
    for (const match of m.content.matchAll(ANY_PLACEHOLDER)) {
      if (!['input', 'output', 'expected'].includes(match[1])) unknown.add(match[1]);
    }
  }
  for (const name of unknown) {
    problems.push(`Unknown placeholder {{${name}}}: a judge template can use {{input}}, {{output}} and {{expected}}`);
  }
  return problems;
}

const NO_SCORE = 'no "score" field';

function normaliseScore(score: unknown): number | string {
  if (typeof score === 'boolean') return score ? 1 : 0;
  let n = score;
  if (typeof score === 'string') {
    const s = score.trim().toLowerCase();
    if (s === 'true') return 1;
    if (s === 'false') return 0;
    n = /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/.test(s) ? Number(s) : NaN;
  }
  if (typeof n !== 'number' || !Number.isFinite(n)) return `score ${JSON.stringify(score)} is not a number`;
  if (n < 0 || n > 1) return `score ${n} is outside 0..1`;
  return n;
}

function toVerdict(value: unknown): EvaluationResult | string {
  if (!isPlainObject(value) || !('score' in value)) return NO_SCORE;
  const score = normaliseScore(value.score);
  if (typeof score === 'string') return score;
  const label = typeof value.label === 'string' && value.label.trim() ? value.label.trim() : score >= 0.5 ? 'pass' : 'fail';
  const why = [value.explanation, value.reasoning, value.reason].find((v) => typeof v === 'string');
  return { score, label, explanation: (why as string | undefined) ?? '' };
}

/** Spans of balanced {...} in prose, string-aware once inside braces; outermost and latest first. */
function braceSpans(text: string): [number, number][] {
  const spans: [number, number][] = [];
  const stack: number[] = [];
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === '\\') i++;
      else if (c === '"') inString = false;
    } else if (c === '"' && stack.length > 0) inString = true;
    else if (c === '{') stack.push(i);
    else if (c === '}' && stack.length > 0) spans.push([stack.pop()!, i + 1]);
  }
  return spans.sort((a, b) => b[1] - a[1] || a[0] - b[0]);
}

/**
 * The verdict in a judge's reply: a JSON object `{score, label?, explanation?}`, on its own, in
 * a ``` fence, or inside prose. Models tend to reason first and conclude last, so when there are
 * several candidates the last one with a valid score wins.
 */
export function parseJudgeVerdict(text: string): EvaluationResult {
  const candidates: string[] = [text.trim()];
  const fences = [...text.matchAll(/```[\w-]*[^\S\n]*\n?([\s\S]*?)```/g)].map((m) => m[1].trim());
  candidates.push(...fences.reverse());
  for (const [start, end] of braceSpans(text)) candidates.push(text.slice(start, end));

  let reason = 'no JSON object found';
  for (const candidate of candidates) {
    const parsed = tryParseJson(candidate);
    if (!parsed.ok) continue;
    const verdict = toVerdict(parsed.value);
    if (typeof verdict !== 'string') return verdict;
    // A bad score says more than some other object lacking one.
    if (verdict !== NO_SCORE || !reason.startsWith('score')) reason = verdict;
  }
  const snippet = text.length > 200 ? `${text.slice(0, 197)}...` : text;
  throw new UnparseableVerdictError(`Unparseable judge verdict (${reason}): ${JSON.stringify(snippet)}`, text);
}
