import { describe, expect, it } from 'vitest';
import { binLabel, chartRows, countTicks, medianBin, modeBin } from '../../components/charts/histogram-model';

// The histogram's text: labels, the median bin of the summary, the count axis.

describe('histogram model', () => {
  const fmt = (v: number) => String(v);

  it('labels bins, a long tail as "≥"', () => {
    expect(binLabel({ from: 0.3, to: 0.4 }, fmt)).toBe('0.3–0.4');
    expect(binLabel({ from: 500, to: 120_000, overflow: true }, fmt)).toBe('≥ 500');
  });

  it('gives one row per bin with every series', () => {
    const rows = chartRows([{ from: 0, to: 1 }, { from: 1, to: 2 }], [{ key: 'a', name: 'A', counts: [3, 4] }, { key: 'b', name: 'B', counts: [5] }], fmt);
    expect(rows).toEqual([{ label: '0–1', tick: '0', a: 3, b: 5 }, { label: '1–2', tick: '1', a: 4, b: 0 }]);
  });

  it('finds the bin of the median and of the mode', () => {
    expect(medianBin([0, 0, 0])).toBeNull();
    expect(medianBin([1, 1, 1])).toBe(1);
    expect(medianBin([5, 0, 0, 0, 1])).toBe(0);
    expect(medianBin([0, 1, 0, 9])).toBe(3);
    expect(modeBin([0, 2, 5, 5])).toBe(2);
    expect(modeBin([])).toBeNull();
  });

  it('puts round whole numbers on the count axis', () => {
    expect(countTicks(0)).toEqual([0, 1]);
    expect(countTicks(1)).toEqual([0, 1]);
    expect(countTicks(3)).toEqual([0, 2, 4]);
    expect(countTicks(5)).toEqual([0, 5]);
    expect(countTicks(7)).toEqual([0, 5, 10]);
    expect(countTicks(37)).toEqual([0, 20, 40]);
    expect(countTicks(4_321)).toEqual([0, 2_500, 5_000]);
  });
});
