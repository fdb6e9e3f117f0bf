import { describe, expect, it } from 'vitest';
import { LIMITS } from '../limits';
import { MAX_ITEM_DEPTH, serialiseItem } from './storable-item';

const nested = (depth: number): unknown => {
  let v: unknown = 'leaf';
  for (let i = 0; i < depth; i++) v = [v];
  return v;
};

describe('serialiseItem', () => {
  it('serialises input, expected output and metadata together and measures UTF-8 bytes', () => {
    expect(serialiseItem({ input: { q: 'é' } })).toEqual({ text: '[{"q":"é"},null,{}]', bytes: 20 });
  });

  it('names the size limit, in bytes when both round to the same figure', () => {
    expect(serialiseItem({ input: 'x'.repeat(600 * 1024) })).toEqual({ problem: 'the item is 600 KB; the limit is 512 KB' });
    expect(serialiseItem({ input: 'x'.repeat(LIMITS.itemBytes) })).toEqual({ problem: 'the item is 524,300 bytes; the limit is 524,288 bytes (512 KB)' });
    expect('text' in serialiseItem({ input: 'x'.repeat(LIMITS.itemBytes - 20) })).toBe(true);
  });

  it('refuses nesting past the limit without overflowing the stack, however deep', () => {
    expect('text' in serialiseItem({ input: nested(MAX_ITEM_DEPTH) })).toBe(true);
    expect(serialiseItem({ input: nested(MAX_ITEM_DEPTH + 1) })).toEqual({ problem: 'the item is nested more than 100 levels deep (the limit)' });
    expect(serialiseItem({ input: { a: nested(200_000) } })).toEqual({ problem: 'the item is nested more than 100 levels deep (the limit)' });
  });

  it('refuses text PostgreSQL cannot store (NUL, half a surrogate pair), in values and keys', () => {
    expect(serialiseItem({ input: { q: 'a\u0000b' } })).toEqual({ problem: 'the item contains a NUL character (\\u0000), which cannot be stored' });
    expect(serialiseItem({ input: { q: 'ok' }, metadata: { ['k\u0000']: 1 } })).toMatchObject({ problem: expect.stringContaining('NUL') });
    expect(serialiseItem({ input: { q: 'x\ud800' } })).toMatchObject({ problem: expect.stringContaining('half of a surrogate pair') });
    expect(serialiseItem({ input: { q: '\udc00x' } })).toMatchObject({ problem: expect.stringContaining('half of a surrogate pair') });
    expect('text' in serialiseItem({ input: { q: '😀 a\\u0000 literal', e: ['\u0001'] } })).toBe(true);
  });
});
