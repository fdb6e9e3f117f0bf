import { describe, expect, it } from 'vitest';
import {
  CHILDREN_PAGE, OPEN_ROWS_BUDGET, ROOT_PATH, childEntries, childPath, clipString, containerSummary, initialOpenPaths, oneLine, summaryText,
} from '../../components/data/json-tree-model';

// The bounded parts of the JSON tree: what a big value shows before "show more".

describe('childEntries', () => {
  it('lists the first children of a list and counts the rest', () => {
    const list = Array.from({ length: 120 }, (_, i) => i * 2);
    const { entries, hidden } = childEntries(list, CHILDREN_PAGE);
    expect(entries).toHaveLength(50);
    expect(entries[0]).toEqual(['0', 0]);
    expect(entries[49]).toEqual(['49', 98]);
    expect(hidden).toBe(70);
    expect(childEntries(list, 200)).toMatchObject({ hidden: 0 });
  });

  it('keeps an object in key order', () => {
    expect(childEntries({ b: 1, a: { c: 2 }, d: null }, 2)).toEqual({ entries: [['b', 1], ['a', { c: 2 }]], hidden: 1 });
  });
});

describe('clipString', () => {
  it('cuts long text and says how much is left', () => {
    expect(clipString('abcdef', 4)).toEqual({ text: 'abcd', hidden: 2 });
    expect(clipString('abc', 4)).toEqual({ text: 'abc', hidden: 0 });
  });

  it('never splits a surrogate pair', () => {
    const { text, hidden } = clipString('ab😀cd', 3);
    expect(text).toBe('ab');
    expect(hidden).toBe(4);
  });
});

describe('containerSummary', () => {
  it('counts keys and items', () => {
    expect(containerSummary({ a: 1 })).toBe('1 key');
    expect(containerSummary([1, 2, 3])).toBe('3 items');
    expect(containerSummary(Array.from({ length: 12_345 }))).toBe('12,345 items');
    expect(containerSummary([])).toBe('empty list');
  });
});

describe('initialOpenPaths', () => {
  it('opens the first levels of a small value', () => {
    const value = { input: { question: 'q', tags: ['a', 'b'] }, meta: { deep: { deeper: 1 } } };
    const open = initialOpenPaths(value, 2);
    expect(open.has(ROOT_PATH)).toBe(true);
    expect(open.has('/input')).toBe(true);
    expect(open.has('/meta')).toBe(true);
    // Three levels open only with openDepth 3.
    expect(open.has('/input/tags')).toBe(false);
    expect(initialOpenPaths(value, 3).has('/input/tags')).toBe(true);
    expect(initialOpenPaths(value, 1)).toEqual(new Set([ROOT_PATH]));
  });

  it('keeps a huge value within the row budget', () => {
    // 40 objects of 40 keys each: opening all would show 40 + 1,600 rows.
    const value = Array.from({ length: 40 }, () => Object.fromEntries(Array.from({ length: 40 }, (_, k) => [`k${k}`, k])));
    const open = initialOpenPaths(value, 5);
    const rows = 40 + (open.size - 1) * 40;
    expect(rows).toBeLessThanOrEqual(OPEN_ROWS_BUDGET);
    expect(open.size - 1).toBe(Math.floor((OPEN_ROWS_BUDGET - 40) / 40));
    // A bigger budget (Expand all) opens more.
    expect(initialOpenPaths(value, 5, 10_000).size).toBe(41);
  });

  it('counts a long list as one page plus its "show more" row', () => {
    const value = { rows: Array.from({ length: 10_000 }, (_, i) => ({ i })) };
    const open = initialOpenPaths(value, 3);
    expect(open.has('/rows')).toBe(true);
    // Only the first page of the list's children is even considered.
    expect([...open].filter((p) => p.startsWith('/rows/')).length).toBeLessThanOrEqual(CHILDREN_PAGE);
  });

  it('gives keys with slashes paths of their own', () => {
    expect(childPath('', 'a/b')).toBe('/a~1b');
    expect(childPath('/a', 'b')).not.toBe(childPath('', 'a/b'));
    expect(initialOpenPaths({ 'a/b': { c: 1 }, a: { b: { c: 1 } } }, 2).has('/a~1b')).toBe(true);
  });
});

describe('oneLine', () => {
  it('is compact JSON when it fits, strings at the root as they are', () => {
    expect(oneLine({ question: 'What is 2+2?', n: 4 })).toBe('{"question":"What is 2+2?","n":4}');
    expect(oneLine([1, 'a', null, true])).toBe(JSON.stringify([1, 'a', null, true]));
    expect(oneLine('plain text')).toBe('plain text');
    expect(oneLine(null)).toBe('');
  });

  it('stays within its length however big the value', () => {
    const big = { rows: Array.from({ length: 100_000 }, (_, i) => ({ id: i, text: 'x'.repeat(50) })) };
    const line = oneLine(big, 80);
    expect(line.length).toBeLessThanOrEqual(80);
    expect(line.startsWith('{"rows":[{"id":0,"text":"xxx')).toBe(true);
    expect(line.endsWith('…')).toBe(true);
    expect(oneLine('y'.repeat(1_000_000), 10)).toBe(`${'y'.repeat(9)}…`);
  });

  it('ends on an ellipsis whenever it cut something', () => {
    expect(oneLine([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12], 14)).toBe('[1,2,3,4,5,6,…');
    expect(oneLine([1, 2, 3, 4, 5, 6, 7], 15)).toBe('[1,2,3,4,5,6,7]');
    expect(oneLine({ a: 'bcdef' }, 8)).toBe('{"a":"b…');
  });
});

describe('summaryText', () => {
  it('shows text as itself and a one-field object as its text', () => {
    expect(summaryText('plain')).toEqual({ text: 'plain', mono: false });
    expect(summaryText({ question: 'What is 2+2?' })).toEqual({ text: 'What is 2+2?', mono: false });
    expect(summaryText(null)).toEqual({ text: '', mono: false });
  });

  it('writes other objects as key: value lines, nested values as one line of JSON', () => {
    expect(summaryText({ question: 'q', context: { tags: ['a', 'b'], level: 1 }, n: 3, none: null })).toEqual({
      text: 'question: q\ncontext: {"tags":["a","b"],"level":1}\nn: 3\nnone: null', mono: false,
    });
    expect(summaryText([1, 2])).toEqual({ text: '[1,2]', mono: true });
    expect(summaryText({})).toEqual({ text: '{}', mono: true });
  });

  it('stays bounded for a huge object', () => {
    const huge = Object.fromEntries(Array.from({ length: 5_000 }, (_, i) => [`k${i}`, { v: 'x'.repeat(10_000) }]));
    const { text } = summaryText(huge, 12, 100);
    expect(text.split('\n')).toHaveLength(13);
    expect(text.endsWith('… 4,988 more keys')).toBe(true);
    expect(text.length).toBeLessThan(13 * 110);
  });
});
