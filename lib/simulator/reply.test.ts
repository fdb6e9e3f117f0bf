import { describe, expect, it } from 'vitest';
import { z } from 'zod';
import { hashText } from './hash';
import { fillSchema } from './json-schema-fill';
import {
  countUsage,
  parseJudgeBlock,
  readDirectives,
  simulateReply,
  type ChatMessage,
  type ResponseFormat,
} from './reply';

const user = (content: string): ChatMessage => ({ role: 'user', content });
const reply = (text: string, responseFormat?: ResponseFormat) =>
  simulateReply([user(text)], { model: 'sim-small', responseFormat }).content;
const schemaFormat = (schema: unknown): ResponseFormat => ({
  type: 'json_schema',
  json_schema: { name: 'out', schema, strict: true },
});
// The documented off-by-one rule, for single-message prompts.
const arithmetic = (prompt: string, value: number) =>
  String(hashText(prompt) % 10 === 0 ? value + 1 : value);

describe('arithmetic', () => {
  it.each([
    ['What is 12 + 7?', 19],
    ['12 * 3', 36],
    ['Compute 9 - 4', 5],
    ['What is 7 / 2?', 3.5],
    ['What is 0.1 + 0.2?', 0.3],
    ['Calculate -3 * 4.5', -13.5],
  ])('%s', (prompt, value) => {
    expect(reply(prompt)).toBe(arithmetic(prompt, value));
  });

  it('answers about one prompt in ten off by one, always the same ones', () => {
    let wrong = 0;
    for (let a = 0; a < 200; a++) {
      const prompt = `What is ${a} + ${a * 3}?`;
      const answer = Number(reply(prompt));
      const offByOne = hashText(prompt) % 10 === 0;
      expect(answer).toBe(offByOne ? a * 4 + 1 : a * 4);
      expect(reply(prompt)).toBe(String(answer));
      if (offByOne) wrong++;
    }
    expect(wrong).toBeGreaterThan(5);
    expect(wrong).toBeLessThan(45);
  });

  it('does not read dates or longer expressions as arithmetic', () => {
    expect(reply('Meeting on 2024-01-05')).toBe('Simulated reply to: Meeting on 2024-01-05');
    expect(reply('1 + 2 + 3')).toBe('Simulated reply to: 1 + 2 + 3');
  });
});

describe('text rules', () => {
  it('uppercases and reverses', () => {
    expect(reply('uppercase: foo bar')).toBe('FOO BAR');
    expect(reply('  Uppercase:  hello World ')).toBe('HELLO WORLD');
    expect(reply('reverse: abc')).toBe('cba');
  });

  it('knows capitals, case-insensitively', () => {
    expect(reply('What is the capital of France?')).toBe('Paris');
    expect(reply('what is the capital of japan')).toBe('Tokyo');
    expect(reply('Capital of the United Kingdom?')).toBe('London');
    expect(reply('What is the capital of Atlantis?')).toMatch(/^Simulated reply to:/);
  });

  it('classifies sentiment', () => {
    expect(reply('sentiment: I love this, it is great')).toBe('positive');
    expect(reply('sentiment: terrible service, awful food')).toBe('negative');
    expect(reply('sentiment: the parcel arrived on Tuesday')).toBe('neutral');
  });

  it('falls back to an echo of the first 60 characters of the last user message', () => {
    const long = 'Tell me a story about a lighthouse keeper who collects seashells and old maps';
    expect(reply(long)).toBe(`Simulated reply to: ${long.slice(0, 60)}`);
    const messages = [{ role: 'system', content: 'Be brief.' }, user('first'), { role: 'assistant', content: 'ok' }, user('second')];
    expect(simulateReply(messages, { model: 'm' }).content).toBe('Simulated reply to: second');
  });

  it('reads text parts of multi-part content', () => {
    const messages: ChatMessage[] = [{ role: 'user', content: [{ type: 'text', text: 'reverse: xyz' }] }];
    expect(simulateReply(messages, { model: 'm' }).content).toBe('zyx');
  });

  it('is deterministic', () => {
    const messages = [{ role: 'system', content: 'sys' }, user('Write a haiku')];
    const a = simulateReply(messages, { model: 'sim-small' });
    const b = simulateReply(structuredClone(messages), { model: 'sim-small' });
    expect(a).toEqual(b);
    expect(a).toEqual({ content: 'Simulated reply to: Write a haiku', finishReason: 'stop' });
  });

  it('truncates to max tokens with finish reason length', () => {
    const r = simulateReply([user('uppercase: abcdefghijkl')], { model: 'm', maxTokens: 2 });
    expect(r).toEqual({ content: 'ABCDEFGH', finishReason: 'length' });
  });
});

describe('judge', () => {
  const judgePrompt = (output: string, expected: string) =>
    `Grade the answer; respond with JSON.\nInput: What is 2 + 2?\nOutput: ${output}\nExpected: ${expected}`;

  it('parses the block up to the next label', () => {
    expect(parseJudgeBlock('Output: line one\nline two\nExpected: x\nNotes: y')).toEqual({
      output: 'line one\nline two',
      expected: 'x',
    });
    expect(parseJudgeBlock('Output: only')).toBeNull();
  });

  it('gives a verdict comparing trimmed values case-insensitively', () => {
    expect(JSON.parse(reply(judgePrompt(' Paris ', 'paris')))).toMatchObject({ score: 1, label: 'correct' });
    const bad = JSON.parse(reply(judgePrompt('Lyon', 'Paris')));
    expect(bad).toMatchObject({ score: 0, label: 'incorrect' });
    expect(bad.explanation).toContain('Lyon');
  });

  it('fills a verdict-like schema with the verdict', () => {
    const Verdict = z.object({
      score: z.number().int(),
      label: z.enum(['correct', 'incorrect']),
      explanation: z.string(),
    });
    const format = schemaFormat(z.toJSONSchema(Verdict));
    expect(Verdict.parse(JSON.parse(reply(judgePrompt('4', '4'), format)))).toMatchObject({ score: 1, label: 'correct' });
    expect(Verdict.parse(JSON.parse(reply(judgePrompt('5', '4'), format)))).toMatchObject({ score: 0, label: 'incorrect' });
  });

  it('maps the verdict onto bounded scales and pass/fail enums', () => {
    const Likert = z.object({ score: z.number().int().min(1).max(5), verdict: z.enum(['fail', 'pass']), passed: z.boolean() });
    const format = schemaFormat(z.toJSONSchema(Likert));
    expect(JSON.parse(reply(judgePrompt('4', '4'), format))).toEqual({ score: 5, verdict: 'pass', passed: true });
    expect(JSON.parse(reply(judgePrompt('3', '4'), format))).toEqual({ score: 1, verdict: 'fail', passed: false });
  });
});

describe('structured output', () => {
  it('fills a schema deterministically and validly', () => {
    const Answer = z.object({
      answer: z.string(),
      reasoning: z.string(),
      value: z.number(),
      count: z.number().int().min(3),
      ok: z.boolean(),
      tags: z.array(z.string()),
      kind: z.enum(['short', 'long']),
      meta: z.object({ note: z.string().nullable(), depth: z.number() }),
    });
    const format = schemaFormat(z.toJSONSchema(Answer));
    const out = Answer.parse(JSON.parse(reply('What is 6 * 7?', format)));
    const expected = Number(arithmetic('What is 6 * 7?', 42));
    expect(out).toMatchObject({ answer: String(expected), value: expected, count: expected, ok: true, tags: [], kind: 'short' });
    expect(out.reasoning).not.toBe(out.answer);
    expect(out.meta.depth).toBe(expected);
    expect(reply('What is 6 * 7?', format)).toBe(JSON.stringify(out));
  });

  it('uses 0 for numbers without a numeric answer and honours $ref and minItems', () => {
    const schema = {
      type: 'object',
      properties: { item: { $ref: '#/$defs/Item' }, list: { type: 'array', items: { $ref: '#/$defs/Item' }, minItems: 2 } },
      $defs: { Item: { type: 'object', properties: { n: { type: 'number' }, s: { type: 'string', maxLength: 5 } } } },
    };
    const out = fillSchema(schema, { text: 'hello world', number: null, seed: 'x' }) as {
      item: { n: number; s: string };
      list: unknown[];
    };
    expect(out.item).toEqual({ n: 0, s: 'hello' });
    expect(out.list).toHaveLength(2);
  });

  it('answers json_object requests with an object', () => {
    expect(JSON.parse(reply('uppercase: hi', { type: 'json_object' }))).toEqual({ answer: 'HI' });
  });
});

describe('directives', () => {
  it('reads garbage, hang and status directives from any message', () => {
    const messages = [{ role: 'system', content: 'x [[sim:status=503]]' }, user('[[sim:hang]] hi [[sim:garbage]]')];
    expect(readDirectives(messages)).toEqual({ garbage: true, hang: true, status: 503 });
    expect(readDirectives([user('plain')])).toEqual({ garbage: false, hang: false, status: null });
    expect(readDirectives([user('[[sim:status=abc]]')]).status).toBeNull();
  });

  it('makes the reply unparseable even when JSON is requested', () => {
    const format = schemaFormat(z.toJSONSchema(z.object({ score: z.number() })));
    const text = reply('Output: 4\nExpected: 4 [[sim:garbage]]', format);
    expect(() => JSON.parse(text)).toThrow();
    expect(text).not.toMatch(/\{[^]*\}/);
  });

  it('keeps directives out of rule answers', () => {
    expect(reply('uppercase: abc [[sim:status=200]]')).toBe('ABC');
  });
});

it('counts prompt tokens with the real tokenizer, and the reply as a quarter of its characters', () => {
  const messages = [{ role: 'system', content: 'abcde' }, user('What is 2+2?')];
  // o200k_base: "abcde" is 2 tokens and "What is 2+2?" 7; 3 + 1 (the role) per message; 3 prime the reply.
  expect(countUsage(messages, 'abcdefghi', 'gpt-4o')).toEqual({ prompt_tokens: 20, completion_tokens: 3, total_tokens: 23, prompt_tokens_details: { cached_tokens: 1 } });
});

it('reports the leading system messages as cached prompt tokens, and nothing without them', () => {
  const system = { role: 'system', content: 'a'.repeat(40) };
  expect(countUsage([system, user('b'.repeat(8))], 'x').prompt_tokens_details).toEqual({ cached_tokens: 10 });
  expect(countUsage([user('b'.repeat(8)), system], 'x').prompt_tokens_details).toEqual({ cached_tokens: 0 });
});
