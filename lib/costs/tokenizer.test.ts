import { describe, expect, it } from 'vitest';
import { encodeChat } from 'gpt-tokenizer/model/gpt-4o';
import { countTokens } from 'gpt-tokenizer/encoding/o200k_base';
import { countChatTokens, countTextTokens, encodingForModel, TOKENIZE_PIECE_CHARS } from './tokenizer';

describe('the encoding by model family', () => {
  it('is o200k for gpt-4o, gpt-4.1, gpt-5, the o-series and unknown models; cl100k before 4o', () => {
    for (const m of ['gpt-4o', 'gpt-4o-mini', 'gpt-4.1-nano', 'gpt-5', 'o1', 'o3-mini', 'o4-mini', 'sim-small', 'llama3', 'openai/gpt-4o']) {
      expect(encodingForModel(m), m).toBe('o200k_base');
    }
    for (const m of ['gpt-4', 'gpt-4-turbo', 'gpt-4-0613', 'gpt-3.5-turbo', 'GPT-3.5-turbo-0125', 'openai/gpt-4']) {
      expect(encodingForModel(m), m).toBe('cl100k_base');
    }
  });

  it('counts the same text differently in the two encodings', () => {
    const text = 'Ünïcödé text, 日本語のテキスト, and some code: const x = await fetch(url);';
    expect(countTextTokens(text, 'o200k_base')).not.toBe(countTextTokens(text, 'cl100k_base'));
  });
});

describe('chat prompt tokens', () => {
  it('adds OpenAI\'s overhead: 3 per message, the role, 1 per name, 3 to prime the reply', () => {
    const messages = [{ role: 'system', content: 'You are terse.' }, { role: 'user', content: 'What is 2+2?' }];
    const content = countTextTokens('You are terse.') + countTextTokens('What is 2+2?');
    expect(countChatTokens(messages, 'gpt-4o')).toBe(content + 2 * (3 + 1) + 3);
    expect(countChatTokens([{ role: 'user', content: 'hi', name: 'bob' }], 'gpt-4o')).toBe(3 + 1 + 1 + 1 + 1 + 3);
  });

  it('agrees with the library\'s own chat encoding for gpt-4o', () => {
    const messages = [
      { role: 'system' as const, content: 'You are a precise assistant. Answer with the result only.' },
      { role: 'user' as const, content: 'What is the capital of Kenya?' },
    ];
    // encodeChat ends with the reply's priming tokens, as OpenAI bills it.
    expect(countChatTokens(messages, 'gpt-4o')).toBe(encodeChat(messages).length);
  });

  it('reads text parts and ignores anything that is not text', () => {
    const parts = [{ role: 'user', content: [{ type: 'text', text: 'hello' }, { type: 'image_url' }] }];
    expect(countChatTokens(parts, 'gpt-4o')).toBe(countChatTokens([{ role: 'user', content: 'hello\n' }], 'gpt-4o'));
    expect(countChatTokens([{ role: 'assistant', content: null }], 'gpt-4o')).toBe(3 + 1 + 3);
  });
});

describe('text tokens', () => {
  it('counts special-token text as plain text instead of refusing it', () => {
    expect(countTextTokens('a <|endoftext|> b')).toBeGreaterThan(3);
  });

  it('counts a long text in pieces, within a fraction of a percent of the whole', () => {
    const prose = 'The quick brown fox jumps over the lazy dog; 12 + 30 = 42.\nAnd then: {"a": [1, 2]} '.repeat(400);
    expect(prose.length).toBeGreaterThan(10 * TOKENIZE_PIECE_CHARS);
    const whole = countTokens(prose);
    expect(Math.abs(countTextTokens(prose) - whole) / whole).toBeLessThan(0.005);
  });

  it('cuts a run without whitespace into pieces, so a huge word is counted (BPE is quadratic within one)', () => {
    // Whole, 200k characters of one letter take BPE tens of seconds; in pieces, a few milliseconds.
    const n = countTextTokens('a'.repeat(200_000));
    expect(n).toBeGreaterThan(200_000 / 16);
    expect(n).toBeLessThan(200_000 / 4);
  });
});
