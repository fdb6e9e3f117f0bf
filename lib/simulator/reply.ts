// Deterministic reply logic of the simulator: the same messages always produce the same reply,
// so experiment results are reproducible and caching/deduplication bugs become visible.

import { hashText } from './hash';
import { fillSchema, isVerdictSchema, type FillHints } from './json-schema-fill';
import { answerByRules } from './rules';
import { linearRegex, replaceMatches } from '../text/linear-regex';
import { countChatTokens } from '../costs/tokenizer';

export type ChatContentPart = { type: string; text?: string };
export type ChatMessage = {
  role: string;
  content?: string | ChatContentPart[] | null;
  [extra: string]: unknown;
};
export type ResponseFormat =
  | { type: 'text' }
  | { type: 'json_object' }
  | { type: 'json_schema'; json_schema: { name?: string; schema?: unknown; strict?: boolean | null } };
export type FinishReason = 'stop' | 'length';
export type SimulatedReply = { content: string; finishReason: FinishReason };
export type ReplyOptions = {
  responseFormat?: ResponseFormat | null;
  /** Accepted so callers pass the request as-is; every simulated model behaves the same. */
  model: string;
  /** Truncates the reply like a real model would, with finish reason 'length'. */
  maxTokens?: number | null;
};
export type Directives = { garbage: boolean; hang: boolean; status: number | null };
export type Verdict = { score: 0 | 1; label: 'correct' | 'incorrect'; explanation: string };
export type Usage = {
  prompt_tokens: number; completion_tokens: number; total_tokens: number;
  /** As OpenAI reports prompt caching: the part of the prompt served from its cache. */
  prompt_tokens_details: { cached_tokens: number };
};

// On RE2: prompts quote dataset items, and on V8 "[[sim:a=" repeated without a closing "]]" is
// quadratic (the value may run over later openings).
const DIRECTIVE = linearRegex(String.raw`\[\[sim:([a-z]+)(?:=([^\]]*))?\]\]`, 'i');
const CHARS_PER_TOKEN = 4;

export function messageText(message: ChatMessage): string {
  const { content } = message;
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((p) => p?.text ?? '').join('\n');
  return '';
}

/**
 * Fault-injection directives, searched in every message so that a directive placed in a dataset
 * item also reaches the judge prompt that quotes that item.
 */
export function readDirectives(messages: ChatMessage[]): Directives {
  const out: Directives = { garbage: false, hang: false, status: null };
  for (const message of messages) {
    for (const [, name, value] of DIRECTIVE.matchAll(messageText(message))) {
      const directive = name.toLowerCase();
      if (directive === 'garbage') out.garbage = true;
      else if (directive === 'hang') out.hang = true;
      else if (directive === 'status') {
        const status = Number(value);
        if (Number.isInteger(status) && status >= 400 && status <= 599) out.status = status;
      }
    }
  }
  return out;
}

function stripDirectives(text: string): string {
  return replaceMatches(DIRECTIVE, text, () => '');
}

/**
 * Finds the last `Output:` / `Expected:` pair in a message. A value runs from its label to the
 * next line that starts with a label (`Word:`) or to the end of the message, so a multi-line
 * output that has a line like "Step 1: ..." is cut there.
 */
export function parseJudgeBlock(text: string): { output: string; expected: string } | null {
  const sections: { label: string; lines: string[] }[] = [];
  for (const line of text.split(/\r?\n/)) {
    const m = /^\s*([A-Za-z][A-Za-z _-]{0,40}):(.*)$/.exec(line);
    if (m) sections.push({ label: m[1].trim().toLowerCase(), lines: [m[2]] });
    else sections.at(-1)?.lines.push(line);
  }
  const value = (re: RegExp) => {
    const section = sections.findLast((s) => re.test(s.label));
    return section ? stripDirectives(section.lines.join('\n')).trim() : null;
  };
  const output = value(/^(?:actual |model )?output$/);
  const expected = value(/^expected(?: output| answer)?$/);
  return output !== null && expected !== null ? { output, expected } : null;
}

function findJudgeBlock(messages: ChatMessage[]) {
  for (let i = messages.length - 1; i >= 0; i--) {
    const block = parseJudgeBlock(messageText(messages[i]));
    if (block) return block;
  }
  return null;
}

export function judge(block: { output: string; expected: string } | null): Verdict {
  if (!block) {
    return { score: 0, label: 'incorrect', explanation: 'No Output:/Expected: block to compare.' };
  }
  const norm = (s: string) => s.trim().replace(/\s+/g, ' ').toLowerCase();
  const quote = (s: string) => JSON.stringify(s.length > 80 ? `${s.slice(0, 77)}...` : s);
  return norm(block.output) === norm(block.expected)
    ? {
        score: 1,
        label: 'correct',
        explanation: `The output ${quote(block.output)} matches the expected ${quote(block.expected)}.`,
      }
    : {
        score: 0,
        label: 'incorrect',
        explanation: `The output ${quote(block.output)} differs from the expected ${quote(block.expected)}.`,
      };
}

// Deliberately unparseable: no balanced braces either, so "extract the {...} part" fallbacks
// in a verdict parser fail too.
function garbageText(seed: string): string {
  const tag = hashText(seed).toString(36);
  return `Hmm, well... the verdict ${tag} might be {score: perhaps, label: "it depends`;
}

function lastUserText(messages: ChatMessage[]): string {
  const last = messages.findLast((m) => m.role === 'user') ?? messages.at(-1);
  return last ? stripDirectives(messageText(last)).trim() : '';
}

/**
 * The reply for a chat request.
 *
 * Arithmetic answers are off by one for about 1 prompt in 10 (when hashText(prompt) % 10 === 0,
 * prompt = all message texts joined by newlines), so evaluators score below 100% and their
 * scoring paths get exercised; the choice is stable per prompt, so reruns agree.
 */
export function simulateReply(messages: ChatMessage[], options: ReplyOptions): SimulatedReply {
  const prompt = messages.map(messageText).join('\n');
  const content = readDirectives(messages).garbage ? garbageText(prompt) : replyContent(messages, prompt, options);
  return truncate(content, options.maxTokens);
}

function replyContent(messages: ChatMessage[], prompt: string, options: ReplyOptions): string {
  const format = options.responseFormat;
  const block = findJudgeBlock(messages);
  const schema = format?.type === 'json_schema' ? format.json_schema?.schema : undefined;
  if (schema !== undefined && isVerdictSchema(schema)) {
    const verdict = judge(block);
    return JSON.stringify(
      fillSchema(schema, { text: verdict.explanation, number: verdict.score, seed: prompt, verdict }),
    );
  }
  if (block && schema === undefined) return JSON.stringify(judge(block));

  const user = lastUserText(messages);
  const answer = answerByRules(user, hashText(prompt) % 10 === 0);
  const hints: FillHints = {
    text: answer?.text ?? `Simulated reply to: ${user.slice(0, 60)}`,
    number: answer?.number ?? null,
    seed: prompt,
  };
  if (schema !== undefined) return JSON.stringify(fillSchema(schema, hints));
  if (format?.type === 'json_object' || format?.type === 'json_schema') {
    return JSON.stringify({ answer: hints.text });
  }
  return hints.text;
}

function truncate(content: string, maxTokens: number | null | undefined): SimulatedReply {
  if (maxTokens == null || maxTokens <= 0 || content.length <= maxTokens * CHARS_PER_TOKEN) {
    return { content, finishReason: 'stop' };
  }
  return { content: content.slice(0, maxTokens * CHARS_PER_TOKEN), finishReason: 'length' };
}

/**
 * Prompt tokens as OpenAI counts them (the real tokenizer, chat overhead included), so the cost
 * estimate can be checked against what a run records; the reply is still a quarter of its
 * characters (tokenizing it too would slow the simulator for nothing the tests need).
 *
 * Prompt caching, deterministically: the leading system messages are the prefix every request of a
 * template shares, so the simulator reports their whole tokens as cached (a real provider caches
 * such a prefix once it has seen it), and the cost path for cached tokens is exercised.
 */
export function countUsage(messages: ChatMessage[], content: string, model = ''): Usage {
  const prompt_tokens = countChatTokens(messages, model);
  const completion_tokens = Math.ceil(content.length / CHARS_PER_TOKEN);
  let prefixChars = 0;
  for (const m of messages) {
    if (m.role !== 'system') break;
    prefixChars += messageText(m).length;
  }
  const cached_tokens = Math.min(prompt_tokens, Math.floor(prefixChars / CHARS_PER_TOKEN));
  return { prompt_tokens, completion_tokens, total_tokens: prompt_tokens + completion_tokens, prompt_tokens_details: { cached_tokens } };
}
