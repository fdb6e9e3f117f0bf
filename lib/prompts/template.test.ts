import { describe, expect, it } from 'vitest';
import { extractVariables, missingVariables, normaliseInput, renderMessages, templateProblems } from './template';

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
});
