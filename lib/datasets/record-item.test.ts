import { describe, expect, it } from 'vitest';
import { LIMITS } from '../limits';
import { hasValue, itemFromRecord, NO_INPUT_VALUE } from './record-item';

const mapping = { input: ['question', 'context'], expected: ['answer'], metadata: [] };

describe('hasValue', () => {
  it('counts text, numbers, booleans and non-empty structures as values', () => {
    for (const v of ['a', ' x ', 0, false, [0], { a: '' }]) expect(hasValue(v)).toBe(true);
  });

  it('counts missing, null, blank text and empty structures as no value', () => {
    for (const v of [undefined, null, '', '  \t\n', [], {}]) expect(hasValue(v)).toBe(false);
  });
});

describe('itemFromRecord', () => {
  it('stores a row with at least one input value, empty cells included', () => {
    const r = itemFromRecord({ question: 'Capital of France?', context: '', answer: 'Paris' }, mapping);
    expect(r).toEqual({
      ok: true,
      item: { input: { question: 'Capital of France?', context: '' }, expectedOutput: { answer: 'Paris' }, metadata: {} },
      text: '[{"question":"Capital of France?","context":""},{"answer":"Paris"},{}]',
      bytes: 70,
    });
  });

  it('skips a CSV row whose input cells are all empty, even with an expected output', () => {
    expect(itemFromRecord({ question: '', context: ' ', answer: 'Paris' }, mapping)).toMatchObject({ ok: false, problem: NO_INPUT_VALUE });
  });

  it('skips a JSON record whose input keys are absent, null or empty', () => {
    expect(itemFromRecord({ answer: 'x' }, mapping)).toMatchObject({ ok: false, problem: 'no input value' });
    expect(itemFromRecord({ question: null, context: {} }, mapping)).toMatchObject({ ok: false, problem: 'no input value' });
    expect(itemFromRecord({ question: '[]' }, mapping)).toMatchObject({ ok: false, problem: 'no input value' });
  });

  it('reports an item too large to store', () => {
    const r = itemFromRecord({ question: 'x'.repeat(LIMITS.itemBytes + 1) }, mapping);
    expect(r).toMatchObject({ ok: false, problem: expect.stringMatching(/^the item is .*; the limit is .*512 KB/) });
  });
});
