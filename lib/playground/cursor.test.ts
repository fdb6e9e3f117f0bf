import { describe, expect, it } from 'vitest';
import { compareCursors, decodeCursor, encodeCursor, laterCursor } from './cursor';

const id1 = '00000000-0000-4000-8000-000000000001';
const id2 = '00000000-0000-4000-8000-000000000002';

describe('run cursors', () => {
  it('round-trips', () => {
    const c = { at: '2026-01-02T03:04:05.123456Z', id: id1 };
    expect(decodeCursor(encodeCursor(c))).toEqual(c);
  });

  it('rejects anything else', () => {
    expect(decodeCursor(null)).toBeNull();
    expect(decodeCursor('')).toBeNull();
    expect(decodeCursor('yesterday~' + id1)).toBeNull();
    expect(decodeCursor('2026-01-02T03:04:05Z~not-a-uuid')).toBeNull();
    expect(decodeCursor("2026-01-02T03:04:05Z~1' or 1=1")).toBeNull();
  });

  it('orders by time with fractions of any length, then by id', () => {
    const a = { at: '2026-01-02T03:04:05Z', id: id2 };
    const b = { at: '2026-01-02T03:04:05.000001Z', id: id1 };
    expect(compareCursors(a, b)).toBe(-1);
    expect(compareCursors({ at: '2026-01-02T03:04:05.1Z', id: id1 }, { at: '2026-01-02T03:04:05.09Z', id: id1 })).toBe(1);
    expect(compareCursors({ ...a, id: id1 }, a)).toBe(-1);
    expect(compareCursors(a, a)).toBe(0);
  });

  it('picks the later cursor, either side may be missing', () => {
    const early = encodeCursor({ at: '2026-01-02T03:04:05.5Z', id: id1 });
    const late = encodeCursor({ at: '2026-01-02T03:04:06Z', id: id1 });
    expect(laterCursor(early, late)).toBe(late);
    expect(laterCursor(late, early)).toBe(late);
    expect(laterCursor(null, early)).toBe(early);
    expect(laterCursor(early, null)).toBe(early);
    expect(laterCursor(null, null)).toBeNull();
  });
});
