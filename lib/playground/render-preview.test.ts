import { describe, expect, it } from 'vitest';
import { renderMessages } from '../prompts/template';
import { renderSegments } from './render-preview';

describe('renderSegments', () => {
  it('splits text and filled-in values', () => {
    expect(renderSegments('Q: {{ question }}!', { question: 'Why?' })).toEqual([
      { kind: 'text', text: 'Q: ' }, { kind: 'value', name: 'question', text: 'Why?' }, { kind: 'text', text: '!' },
    ]);
  });

  it('marks variables the item lacks, keeping the placeholder', () => {
    expect(renderSegments('{{a}} and {{b}}', { a: 1, b: null })).toEqual([
      { kind: 'value', name: 'a', text: '1' }, { kind: 'text', text: ' and ' }, { kind: 'missing', name: 'b', text: '{{b}}' },
    ]);
    expect(renderSegments('{{a}}', null)).toEqual([{ kind: 'missing', name: 'a', text: '{{a}}' }]);
  });

  it('reads dotted paths and renders like the runner does', () => {
    const vars = { doc: { title: 'T', tags: ['x'] } };
    const content = 'Title: {{doc.title}}; tags: {{doc.tags}}';
    expect(renderSegments(content, vars).map((s) => s.text).join('')).toBe(renderMessages([{ role: 'user', content }], vars)[0].content);
  });
});
