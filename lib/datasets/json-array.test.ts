import { describe, expect, it } from 'vitest';
import { JsonArraySplitter, parseJsonArray, type JsonArrayItem } from './json-array';

async function* chunks(text: string, size: () => number): AsyncGenerator<string> {
  for (let i = 0; i < text.length;) {
    const n = size();
    yield text.slice(i, i + n);
    i += n;
  }
}

function random(seed: number) {
  return () => (seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31;
}

// Values that exercise the splitter's state: strings holding brackets, commas, quotes, escapes
// and line breaks; nesting; every scalar kind.
function randomValue(rand: () => number, depth: number): unknown {
  const pick = Math.floor(rand() * (depth > 3 ? 4 : 6));
  const tricky = ['', ',', ']', '}', '[{', '"', '\\', '\\"]', 'line\nbreak', 'é ✓ 😀', '\u2028'];
  if (pick === 0) return tricky[Math.floor(rand() * tricky.length)] + String(rand()).slice(2, 5);
  if (pick === 1) return Math.floor(rand() * 1000) - 500;
  if (pick === 2) return [true, false, null][Math.floor(rand() * 3)];
  if (pick === 3) return rand() * 10;
  if (pick === 4) return Array.from({ length: Math.floor(rand() * 4) }, () => randomValue(rand, depth + 1));
  return Object.fromEntries(Array.from({ length: Math.floor(rand() * 4) }, (_, i) => [`k${i}${tricky[i % tricky.length]}`, randomValue(rand, depth + 1)]));
}

describe('JsonArraySplitter', () => {
  it('yields exactly the elements JSON.parse sees, whatever the layout and the chunking', async () => {
    const rand = random(42);
    for (let doc = 0; doc < 60; doc++) {
      const items = Array.from({ length: Math.floor(rand() * 8) }, () => ({ id: doc, v: randomValue(rand, 0) }));
      const indent = doc % 3 === 0 ? undefined : doc % 3 === 1 ? 2 : '\t';
      const text = doc % 4 === 3 ? JSON.stringify({ before: items.slice(0, 1), items, after: 'x' }, null, indent) : JSON.stringify(items, null, indent);
      const size = () => 1 + Math.floor(rand() * 13);
      const out = [];
      for await (const r of parseJsonArray(chunks(text, size))) out.push(r.record);
      expect(out).toEqual(items);
    }
  });

  it('gives the line each element starts on', () => {
    const out: JsonArrayItem[] = [];
    const s = new JsonArraySplitter();
    s.push('[\n  {"a": "x\\ny"},\n\n  {"b":\n 2}', out);
    s.push(', 3]', out);
    s.finish();
    expect(out).toEqual([
      { line: 2, index: 1, text: '{"a": "x\\ny"}' },
      { line: 4, index: 2, text: '{"b":\n 2}' },
      { line: 5, index: 3, text: '3' },
    ]);
  });

  it('keeps no more than the record limit of one element, and carries on after it', async () => {
    const big = 'x'.repeat(5000);
    const text = `[{"a": "${big}"}, {"b": 1}, {"c": "${big.slice(0, 50)}"}]`;
    const out = [];
    for await (const r of parseJsonArray(chunks(text, () => 256), 100)) out.push(r);
    expect(out).toEqual([
      { line: 1, error: 'item 1: the item is longer than 100 bytes (a record may be at most 100 bytes)' },
      { line: 1, record: { b: 1 } },
      { line: 1, record: { c: big.slice(0, 50) } },
    ]);
  });

  it('reads an unclosed string to the end without keeping it, then names the item it opened in', async () => {
    const text = `[{"a": 1},\n{"b": "never closed, ${'y'.repeat(100_000)}`;
    const seen: unknown[] = [];
    const run = async () => { for await (const r of parseJsonArray(chunks(text, () => 4096), 1000)) seen.push(r); };
    await expect(run()).rejects.toThrow('Line 2: invalid JSON: the file ends inside item 2, which starts on this line');
    expect(seen).toEqual([{ line: 1, record: { a: 1 } }]);
  });
});
