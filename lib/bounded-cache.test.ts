import { describe, expect, it } from 'vitest';
import { BoundedCache } from './bounded-cache';

describe('BoundedCache', () => {
  it('keeps at most max entries, dropping the least recently used', () => {
    const cache = new BoundedCache<string, number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    expect(cache.get('a')).toBe(1); // a is now the most recent
    cache.set('c', 3);
    expect(cache.size).toBe(2);
    expect(cache.get('b')).toBeUndefined();
    expect(cache.get('a')).toBe(1);
    expect(cache.get('c')).toBe(3);
  });

  it('creates a missing value once', () => {
    const cache = new BoundedCache<string, object>(10);
    let made = 0;
    const first = cache.getOrCreate('k', () => ({ n: ++made }));
    expect(cache.getOrCreate('k', () => ({ n: ++made }))).toBe(first);
    expect(made).toBe(1);
    for (let i = 0; i < 1000; i++) cache.getOrCreate(`x${i}`, () => ({}));
    expect(cache.size).toBe(10);
  });
});
