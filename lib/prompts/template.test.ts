import { describe, expect, it } from 'vitest';
import { extractVariables, missingVariables, normaliseInput, renderMessages, templateMessagesSchema, templateProblems } from './template';

// A regex scan of these inputs is quadratic; the timeout is the failure mode.
const MUST_FINISH = { timeout: 10_000 };

const msgs = [
  { role: 'system' as const, content: 'You answer {{ style }}.' },
  { role: 'user' as const, content: 'Q: {{question}} ({{meta.lang}}) again {{question}}' },
];

describe('template', () => {
  it('extracts variables in order, once each, with dotted paths by root', () => {
    expect(extractVariables(msgs)).toEqual(['style', 'question', 'meta']);
  });
  it('renders values, objects as JSON, and leaves unknown placeholders', () => {
    const out = renderMessages(msgs, { style: 'briefly', question: 'why?', meta: { lang: 'en' } });
    expect(out[0].content).toBe('You answer briefly.');
    expect(out[1].content).toBe('Q: why? (en) again why?');
    expect(renderMessages([{ role: 'user', content: '{{x}} {{y}}' }], { x: { a: 1 } })[0].content).toBe('{\n  "a": 1\n} {{y}}');
  });
  it('normalises a string input for a single-variable prompt only', () => {
    expect(normaliseInput('hello', ['q'])).toEqual({ q: 'hello' });
    expect(normaliseInput('hello', ['q', 'r'])).toBeNull();
    expect(normaliseInput({ q: 1 }, ['q', 'r'])).toEqual({ q: 1 });
  });
  it('reports missing variables', () => {
    expect(missingVariables({ question: 'x' }, ['style', 'question'])).toEqual(['style']);
    expect(missingVariables('text', ['a', 'b'])).toEqual(['a', 'b']);
    expect(missingVariables('text', ['a'])).toEqual([]);
  });
  it('finds malformed placeholders and missing user messages', () => {
    expect(templateProblems([{ role: 'system', content: 'hi {{ bad' }])).toEqual([
      'The prompt needs at least one user message',
      'Message 1 has a malformed {{variable}} placeholder',
    ]);
    expect(templateProblems(msgs)).toEqual([]);
  });

  it('keeps {{variable}} syntax: paths only, whitespace allowed, braces never inside', () => {
    const m = (content: string) => [{ role: 'user' as const, content }];
    expect(extractVariables(m('{{ a-b }} {{x.y.z}} {{1x}} {{a b}} {{{c}}} {{d}}}'))).toEqual(['a-b', 'x', 'c', 'd']);
    expect(renderMessages(m('{{{c}}}'), { c: 1 })[0].content).toBe('{1}');
    expect(templateProblems(m('{{1x}}'))).toEqual(['Message 1 has a malformed {{variable}} placeholder']);
  });

  it('scans long hostile templates in linear time', MUST_FINISH, () => {
    const unclosed = `{{ question${' '.repeat(200_000)}`;
    expect(extractVariables([{ role: 'user', content: unclosed }])).toEqual([]);
    expect(templateProblems([{ role: 'user', content: unclosed }])).toEqual([
      'The template is 200,011 characters; the limit is 64,000',
      'Message 1 has a malformed {{variable}} placeholder',
    ]);
    const openings = `${'{{a'.repeat(60_000)}{{q}}`;
    expect(extractVariables([{ role: 'user', content: openings }])).toEqual(['q']);
    const rendered = renderMessages([{ role: 'user', content: openings }], { q: 'Q' })[0].content;
    expect(rendered.length).toBe(180_001);
    expect(rendered.endsWith('{{aQ')).toBe(true);
  });

  it('bounds the template size, naming the limit', () => {
    const big = [{ role: 'system' as const, content: 'x'.repeat(60_000) }, { role: 'user' as const, content: 'y'.repeat(40_000) }];
    const parsed = templateMessagesSchema('The template', 'The prompt has no messages').safeParse(big);
    expect(parsed.error?.issues[0].message).toBe('The template is 100,000 characters; the limit is 64,000');
    expect(templateProblems(big)[0]).toBe('The template is 100,000 characters; the limit is 64,000');
    expect(templateMessagesSchema('The template', 'none').safeParse([{ role: 'user', content: 'x'.repeat(64_000) }]).success).toBe(true);
    expect(templateMessagesSchema('The template', 'The prompt has no messages').safeParse([]).error?.issues[0].message).toBe('The prompt has no messages');
  });
});
