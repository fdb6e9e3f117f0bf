import { describe, expect, it } from 'vitest';
import { cellText, formatLatency, formatScore, scoreTone } from '../../components/format';

// The cell formatters the results, playground and compare screens share.

describe('cellText', () => {
  it('shows a one-field object as its value and flat objects as lines', () => {
    expect(cellText({ question: 'What is 2+2?' })).toEqual({ text: 'What is 2+2?', mono: false });
    expect(cellText({ a: 'x', b: 2 })).toEqual({ text: 'a: x\nb: 2', mono: false });
    expect(cellText('plain')).toEqual({ text: 'plain', mono: false });
    expect(cellText(null)).toEqual({ text: '', mono: false });
  });

  it('pretty-prints nested JSON', () => {
    expect(cellText({ a: { b: 1 } })).toEqual({ text: '{\n  "a": {\n    "b": 1\n  }\n}', mono: true });
    expect(cellText([1, 2]).mono).toBe(true);
    expect(cellText({ n: 5 })).toEqual({ text: 'n: 5', mono: false });
  });
});

describe('formatting', () => {
  it('formats scores, latencies and tones', () => {
    expect(formatScore(1)).toBe('1');
    expect(formatScore(0.8666)).toBe('0.87');
    expect(formatLatency(null)).toBe('—');
    expect(formatLatency(152.4)).toBe('152 ms');
    expect(formatLatency(1420)).toBe('1.4 s');
    expect(formatLatency(125_000)).toBe('2m 5s');
    expect([scoreTone(1), scoreTone(0.5), scoreTone(0)]).toEqual(['good', 'mixed', 'bad']);
  });
});
