/**
 * The pure parts of the histogram chart: rows for the chart and the data table, bin labels, and
 * the bin the median falls in (the text summary). Bins are shared by every series.
 */

export interface Bin { from: number; to: number; overflow?: boolean }
export interface ChartSeries { key: string; name: string; counts: number[] }

/** "0.3–0.4", "100–120 ms", "≥ 500 ms" (a long tail's last bin). */
export function binLabel(bin: Bin, format: (v: number) => string): string {
  return bin.overflow ? `≥ ${format(bin.from)}` : `${format(bin.from)}–${format(bin.to)}`;
}

/** One row per bin: its label, its axis tick and every series' count under the series key. */
export function chartRows(bins: readonly Bin[], series: readonly ChartSeries[], format: (v: number) => string, label = (bin: Bin) => binLabel(bin, format)) {
  return bins.map((bin, i) => ({
    label: label(bin),
    tick: bin.overflow ? `≥${format(bin.from)}` : format(bin.from),
    ...Object.fromEntries(series.map((s) => [s.key, s.counts[i] ?? 0])),
  }));
}

/** The index of the bin holding the median value, or null when nothing was counted. */
export function medianBin(counts: readonly number[]): number | null {
  const total = counts.reduce((a, b) => a + b, 0);
  if (total === 0) return null;
  const half = total / 2;
  let seen = 0;
  for (let i = 0; i < counts.length; i++) {
    seen += counts[i];
    if (seen >= half) return i;
  }
  return counts.length - 1;
}

/** The index of the bin with the most values (the first of equals), or null when nothing was counted. */
export function modeBin(counts: readonly number[]): number | null {
  let best: number | null = null;
  for (let i = 0; i < counts.length; i++) if (counts[i] > 0 && (best === null || counts[i] > counts[best])) best = i;
  return best;
}

/** The y axis of counts up to `max`: whole numbers from 0 to a round top, with its middle when whole. */
export function countTicks(max: number): number[] {
  if (max <= 1) return [0, 1];
  const power = 10 ** Math.floor(Math.log10(max));
  const top = [1, 2, 4, 5, 10].map((m) => m * power).find((t) => t >= max) ?? 10 * power;
  return top % 2 === 0 ? [0, top / 2, top] : [0, top];
}
