'use client';

import dynamic from 'next/dynamic';
import { useId, useState, type ReactNode } from 'react';
import { formatInt } from '@/components/format';
import { binLabel, chartRows, type Bin, type ChartSeries } from './histogram-model';

// recharts is big and draws only in the browser: load it with the first chart, not with the page.
const HistogramChart = dynamic(() => import('./histogram-chart'), {
  ssr: false,
  loading: () => <div aria-hidden className="h-full w-full animate-pulse rounded bg-zinc-100 dark:bg-zinc-900" />,
});

/**
 * Series colours (at least 3:1 against the card in both themes, WCAG 1.4.11) and the chart's text
 * and grid colours (text at least 4.5:1), as CSS variables the chart reads.
 */
const PALETTE_VARS = [
  '[--chart-s0:#4f46e5] dark:[--chart-s0:#818cf8]',
  '[--chart-s1:#c2410c] dark:[--chart-s1:#fb923c]',
  '[--chart-s2:#0f766e] dark:[--chart-s2:#2dd4bf]',
  '[--chart-s3:#be185d] dark:[--chart-s3:#f472b6]',
  '[--chart-s4:#0369a1] dark:[--chart-s4:#38bdf8]',
  '[--chart-s5:#15803d] dark:[--chart-s5:#4ade80]',
  '[--chart-text:#52525b] dark:[--chart-text:#a1a1aa] [--chart-grid:#e4e4e7] dark:[--chart-grid:#3f3f46]',
  '[--chart-tooltip-bg:#ffffff] dark:[--chart-tooltip-bg:#18181b] [--chart-tooltip-text:#18181b] dark:[--chart-tooltip-text:#f4f4f5]',
].join(' ');
const PALETTE_SIZE = 6;
const seriesColor = (i: number) => `var(--chart-s${i % PALETTE_SIZE})`;

/**
 * A small histogram: a title, a one-line summary, the bars (recharts) and the same numbers as a
 * table, which screen readers always get and anyone can show with "Data". Several series (e.g.
 * experiments or variants) share the bins and are drawn side by side with a legend.
 */
export function Histogram({ title, bins, series, format, formatBin, summary, unit = 'values', height = 112, className }: {
  title: ReactNode;
  bins: readonly Bin[];
  series: readonly ChartSeries[];
  /** A bin edge as text (`0.3`, `120 ms`): the axis ticks. */
  format: (v: number) => string;
  /** A bin as text in the tooltip and the table; by default `from–to` with `format`. */
  formatBin?: (bin: Bin) => string;
  /** One sentence under the title ("30 scores · most in 0.9–1"). */
  summary?: ReactNode;
  /** What a count counts, for the table's header ("scores", "runs"). */
  unit?: string;
  height?: number;
  className?: string;
}) {
  const [showTable, setShowTable] = useState(false);
  const tableId = useId();
  const titleId = useId();
  const label = formatBin ?? ((bin: Bin) => binLabel(bin, format));
  const rows = chartRows(bins, series, format, label);
  const colored = series.map((s, i) => ({ ...s, color: seriesColor(i) }));
  const total = series.reduce((n, s) => n + s.counts.reduce((a, b) => a + b, 0), 0);
  return (
    <figure aria-labelledby={titleId} className={`min-w-0 rounded-lg border border-zinc-200 bg-white px-3 pb-2 pt-2.5 dark:border-zinc-800 dark:bg-zinc-950 ${PALETTE_VARS} ${className ?? ''}`}>
      <div className="flex items-start justify-between gap-2">
        <figcaption className="min-w-0">
          <span id={titleId} className="block truncate text-xs font-medium text-zinc-800 dark:text-zinc-200">{title}</span>
          {summary && <span className="block text-[11px] text-zinc-600 dark:text-zinc-400">{summary}</span>}
        </figcaption>
        {bins.length > 0 && (
          <button type="button" aria-expanded={showTable} aria-controls={tableId} onClick={() => setShowTable((s) => !s)}
            className="shrink-0 rounded px-1.5 py-0.5 text-[11px] font-medium text-zinc-600 hover:bg-zinc-100 hover:text-zinc-900 focus-visible:outline-2 focus-visible:outline-accent-500 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-zinc-100">
            Data
          </button>
        )}
      </div>
      {series.length > 1 && (
        <ul aria-label="Series" className="mt-1 flex flex-wrap gap-x-3 gap-y-0.5 text-[11px] text-zinc-700 dark:text-zinc-300">
          {colored.map((s) => (
            <li key={s.key} className="flex min-w-0 items-center gap-1">
              <span aria-hidden className="size-2 shrink-0 rounded-sm" style={{ background: s.color }} />
              <span className="truncate">{s.name}</span>
            </li>
          ))}
        </ul>
      )}
      {total === 0 ? (
        <p className="flex items-center justify-center text-[11px] text-zinc-600 dark:text-zinc-400" style={{ height }}>Nothing counted yet</p>
      ) : (
        <div aria-hidden className="mt-1" style={{ height }}>
          <HistogramChart rows={rows} series={colored} height={height} />
        </div>
      )}
      {bins.length > 0 && (
        <table id={tableId} className={showTable ? 'mt-2 w-full text-[11px] tabular-nums' : 'sr-only'}>
          <caption className="sr-only">{title}: counts per bin</caption>
          <thead className="text-zinc-600 dark:text-zinc-400">
            <tr>
              <th scope="col" className="py-0.5 text-left font-medium">Bin</th>
              {series.map((s) => <th key={s.key} scope="col" className="py-0.5 text-right font-medium">{series.length > 1 ? s.name : unit}</th>)}
            </tr>
          </thead>
          <tbody className="text-zinc-800 dark:text-zinc-200">
            {bins.map((bin, i) => (
              <tr key={i} className="border-t border-zinc-100 dark:border-zinc-800">
                <th scope="row" className="py-0.5 text-left font-normal">{label(bin)}</th>
                {series.map((s) => <td key={s.key} className="py-0.5 text-right">{formatInt(s.counts[i] ?? 0)}</td>)}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </figure>
  );
}
