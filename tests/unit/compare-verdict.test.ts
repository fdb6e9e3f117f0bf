import { describe, expect, it } from 'vitest';
import { formatDiff, formatInterval, formatStat, trackPercent, verdict } from '../../components/compare/score-verdict';

// The words and numbers of the compare view's scores section.

describe('verdict', () => {
  it('says better or worse only when the interval leaves zero, and why there is no verdict otherwise', () => {
    expect(verdict({ n: 50, diff: 0.1, ci: [0.02, 0.2], significant: true }, 10)).toEqual({ kind: 'better', label: 'Better' });
    expect(verdict({ n: 50, diff: -0.1, ci: [-0.2, -0.01], significant: true }, 10)).toEqual({ kind: 'worse', label: 'Worse' });
    expect(verdict({ n: 50, diff: 0.1, ci: [-0.02, 0.2], significant: false }, 10)).toEqual({ kind: 'same', label: 'No significant difference' });
    expect(verdict({ n: 0, diff: null, ci: null, significant: false }, 10).kind).toBe('none');
    expect(verdict({ n: 4, diff: 1, ci: null, significant: false }, 10).label).toBe('Too few shared items for an interval (under 10)');
  });
});

describe('formatting', () => {
  it('writes scores, signed differences and intervals with three decimals', () => {
    expect(formatStat(0.87)).toBe('0.870');
    expect(formatStat(-0.5)).toBe('\u22120.500');
    expect(formatDiff(0.05)).toBe('+0.050');
    expect(formatDiff(-0.0134)).toBe('\u22120.013');
    expect(formatDiff(0.0001)).toBe('\u00b10.000');
    expect(formatInterval([0.81, 0.93])).toBe('[0.810, 0.930]');
    expect(formatInterval([-0.1, 0.02], true)).toBe('[\u22120.100, +0.020]');
    expect(formatInterval([0, 0], true)).toBe('[0.000, 0.000]');
  });

  it('places values on a track, clamped', () => {
    expect(trackPercent(0.5, 0, 1)).toBe(50);
    expect(trackPercent(0, -1, 1)).toBe(50);
    expect(trackPercent(2, 0, 1)).toBe(100);
    expect(trackPercent(-2, -1, 1)).toBe(0);
  });
});
