import { templateSizeProblem, type ChatMessage } from '../prompts/template';
import { findPlaceholders } from '../prompts/placeholders';
import { keptText } from '../llm/kept-response';
import type { EvaluationResult } from './types';
import { isPlainObject, tryParseJson } from './values';

/** The judge's reply holds no usable verdict; `rawText` (bounded) is kept for the error log. */
export class UnparseableVerdictError extends Error {
  readonly rawText: string;
  constructor(message: string, rawText: string) {
    super(message);
    this.name = 'UnparseableVerdictError';
    this.rawText = keptText(rawText);
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

const JUDGE_PLACEHOLDERS = ['input', 'output', 'expected'] as const;
type JudgePlaceholder = (typeof JUDGE_PLACEHOLDERS)[number];
const isJudgePlaceholder = (name: string): name is JudgePlaceholder => (JUDGE_PLACEHOLDERS as readonly string[]).includes(name);

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
  return template.map((m) => {
    let content = '';
    let last = 0;
    for (const p of findPlaceholders(m.content)) {
      if (!isJudgePlaceholder(p.name)) continue;
      content += m.content.slice(last, p.index) + stringifyForJudge(values[p.name]);
      last = p.end;
    }
    return { role: m.role, content: content + m.content.slice(last) };
  });
}

/** Problems that make a judge template unusable, for experiment validation. */
export function judgeTemplateProblems(template: ChatMessage[]): string[] {
  const problems: string[] = [];
  if (!template.some((m) => m.role === 'user')) problems.push('The judge template needs at least one user message');
  const size = templateSizeProblem(template, 'The judge template');
  if (size) problems.push(size);
  const names = template.flatMap((m) => findPlaceholders(m.content).map((p) => p.name));
  if (!names.includes('output')) problems.push('The judge template never shows the output: add {{output}}');
  const unknown = new Set(names.filter((name) => !isJudgePlaceholder(name)));
  for (const name of unknown) {
    problems.push(`Unknown placeholder {{${name}}}: a judge template can use {{input}}, {{output}} and {{expected}}`);
  }
  return problems;
}

const NO_SCORE = 'no "score" field';

const isDigit = (c: string | undefined) => c !== undefined && c >= '0' && c <= '9';

/**
 * `-1`, `0.5`, `.5`, `1.`, `5e-1` (lower case): /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/ as a
 * single forward scan, since that regex backtracks quadratically on a long run of digits.
 */
function isDecimal(s: string): boolean {
  let i = 0;
  const digits = () => {
    const start = i;
    while (isDigit(s[i])) i++;
    return i - start;
  };
  if (s[i] === '-' || s[i] === '+') i++;
  const whole = digits();
  const fraction = s[i] === '.' ? (i++, digits()) : 0;
  if (whole === 0 && fraction === 0) return false;
  if (s[i] === 'e') {
    i++;
    if (s[i] === '-' || s[i] === '+') i++;
    if (digits() === 0) return false;
  }
  return i === s.length;
}

function normaliseScore(score: unknown): number | string {
  if (typeof score === 'boolean') return score ? 1 : 0;
  let n = score;
  if (typeof score === 'string') {
    const s = score.trim().toLowerCase();
    if (s === 'true') return 1;
    if (s === 'false') return 0;
    n = isDecimal(s) ? Number(s) : NaN;
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
  // The judge decides how long these are; what is stored is bounded.
  return { score, label: keptText(label), explanation: keptText((why as string | undefined) ?? '') };
}

const MAX_BRACE_CANDIDATES = 32;

const isFenceInfoChar = (c: string) => isDigit(c) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c === '_' || c === '-';

/**
 * Bodies of ``` fences, left to right: what /```[\w-]*[^\S\n]*\n?([\s\S]*?)```/g captures, by a
 * scan that reads each character a bounded number of times (that regex is quadratic on an
 * unclosed fence with a long info string).
 */
function fencedBlocks(text: string): string[] {
  const bodies: string[] = [];
  for (let open = text.indexOf('```'); open >= 0;) {
    const body = fenceBodyStart(text, open + 3);
    const close = text.indexOf('```', body);
    // The info string holds no backtick, so no later opening can find a closing either.
    if (close < 0) break;
    bodies.push(text.slice(body, close));
    open = text.indexOf('```', close + 3);
  }
  return bodies;
}

/** Past a fence's info string, its trailing blanks and one newline. */
function fenceBodyStart(text: string, i: number): number {
  while (i < text.length && isFenceInfoChar(text[i])) i++;
  while (i < text.length && text[i] !== '\n' && text[i].trim() === '') i++;
  return text[i] === '\n' ? i + 1 : i;
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
  const fences = fencedBlocks(text).map((body) => body.trim());
  candidates.push(...fences.reverse());
  // Nested objects give a span each; parsing them all would be quadratic in the reply's length.
  for (const [start, end] of braceSpans(text).slice(0, MAX_BRACE_CANDIDATES)) candidates.push(text.slice(start, end));

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
