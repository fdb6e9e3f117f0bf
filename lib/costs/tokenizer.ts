// Token counts with OpenAI's own BPE encodings (gpt-tokenizer, pure JS). Other providers tokenize
// differently, so for them a count is an estimate; OpenAI-compatible servers mostly land close.
import { countTokens as countO200k } from 'gpt-tokenizer/encoding/o200k_base';
import { countTokens as countCl100k } from 'gpt-tokenizer/encoding/cl100k_base';

export type EncodingName = 'o200k_base' | 'cl100k_base';

export interface TokenizableMessage { role: string; content?: unknown; name?: unknown }

// OpenAI's documented chat overhead (the cookbook's "counting tokens for chat completions"):
// every message is wrapped as <|start|>{role}\n{content}<|end|>, a name costs one more token,
// and every reply is primed with <|start|>assistant<|message|>.
const TOKENS_PER_MESSAGE = 3;
const TOKENS_PER_NAME = 1;
const REPLY_PRIMING_TOKENS = 3;

// Models before gpt-4o (gpt-4, gpt-4-turbo, gpt-3.5, the v2/v3 embeddings) use cl100k_base.
const CL100K = /^(?:gpt-4(?:-|$)|gpt-3\.5|text-embedding-(?:ada-002|3-))/;

/**
 * The encoding for a model: cl100k_base for the pre-4o families, o200k_base for gpt-4o, gpt-4.1,
 * gpt-5, the o-series and anything unknown (the newer families and most compatible servers are
 * closer to it). A provider prefix such as "openai/" is ignored.
 */
export function encodingForModel(model: string): EncodingName {
  const name = model.trim().toLowerCase().split('/').pop() ?? '';
  return CL100K.test(name) ? 'cl100k_base' : 'o200k_base';
}

// User text may hold "<|endoftext|>" and the like: counted as the plain text it is, never refused.
const PLAIN_TEXT = { disallowedSpecial: new Set<string>() };

/**
 * BPE merges within one pre-token are quadratic in its length (a 160k-character word takes
 * seconds), so text is counted in pieces of at most this many characters, cut at a whitespace
 * where one is near: linear time, and within a fraction of a percent of the whole-text count.
 */
export const TOKENIZE_PIECE_CHARS = 1_000;

const isSpace = (c: string) => c === ' ' || c === '\n' || c === '\t' || c === '\r';

export function countTextTokens(text: string, encoding: EncodingName = 'o200k_base'): number {
  const count = encoding === 'cl100k_base' ? countCl100k : countO200k;
  let total = 0;
  let start = 0;
  while (text.length - start > TOKENIZE_PIECE_CHARS) {
    let cut = start + TOKENIZE_PIECE_CHARS;
    // Looks back at most half a piece, so every character is visited a bounded number of times.
    for (let k = cut; k > start + TOKENIZE_PIECE_CHARS / 2; k--) {
      if (isSpace(text[k])) { cut = k; break; }
    }
    total += count(text.slice(start, cut), PLAIN_TEXT);
    start = cut;
  }
  return start < text.length ? total + count(text.slice(start), PLAIN_TEXT) : total;
}

function contentText(content: unknown): string {
  if (typeof content === 'string') return content;
  if (Array.isArray(content)) return content.map((p) => (typeof p?.text === 'string' ? p.text : '')).join('\n');
  return '';
}

/** Prompt tokens of a chat completion request, as OpenAI counts them (message overhead included). */
export function countChatTokens(messages: readonly TokenizableMessage[], model: string): number {
  const encoding = encodingForModel(model);
  let total = REPLY_PRIMING_TOKENS;
  for (const m of messages) {
    total += TOKENS_PER_MESSAGE + countTextTokens(m.role, encoding) + countTextTokens(contentText(m.content), encoding);
    if (typeof m.name === 'string' && m.name) total += TOKENS_PER_NAME + countTextTokens(m.name, encoding);
  }
  return total;
}
