'use client';

import { Bar, BarChart, CartesianGrid, Tooltip, XAxis, YAxis } from 'recharts';
import { formatInt } from '@/components/format';
import { countTicks, type ChartSeries } from './histogram-model';

/**
 * The bars of a histogram, drawn by recharts (loaded on demand by histogram.tsx). Colours come
 * from CSS variables the frame sets for the light and dark themes. It is hidden from assistive
 * technology: the frame gives the same numbers as a table and a sentence.
 */
export default function HistogramChart({ rows, series, height }: {
  rows: { label: string; tick: string }[]; series: readonly (ChartSeries & { color: string })[]; height: number;
}) {
  const ticks = countTicks(Math.max(0, ...rows.flatMap((r) => series.map((s) => Number((r as Record<string, unknown>)[s.key] ?? 0)))));
  return (
    <BarChart responsive data={rows} style={{ width: '100%', height }} margin={{ top: 4, right: 4, bottom: 0, left: 0 }}
      barCategoryGap={series.length > 1 ? '15%' : 2} accessibilityLayer={false} tabIndex={-1}>
      <CartesianGrid vertical={false} stroke="var(--chart-grid)" />
      <XAxis dataKey="tick" tickLine={false} axisLine={{ stroke: 'var(--chart-grid)' }} interval="preserveStartEnd" minTickGap={8}
        tick={{ fontSize: 10, fill: 'var(--chart-text)' }} height={18} />
      <YAxis allowDecimals={false} tickLine={false} axisLine={false} width={32} tickFormatter={(v: number) => formatInt(v)}
        domain={[0, ticks.at(-1)!]} ticks={ticks} interval={0}
        tick={{ fontSize: 10, fill: 'var(--chart-text)' }} />
      <Tooltip
        cursor={{ fill: 'var(--chart-grid)', fillOpacity: 0.5 }}
        isAnimationActive={false}
        labelFormatter={(_, payload) => (payload?.[0]?.payload as { label?: string } | undefined)?.label ?? ''}
        formatter={(value, name) => [formatInt(Number(value)), series.length > 1 ? name : 'count']}
        contentStyle={{ background: 'var(--chart-tooltip-bg)', border: '1px solid var(--chart-grid)', borderRadius: 6, fontSize: 12, padding: '4px 8px' }}
        labelStyle={{ color: 'var(--chart-text)' }}
        itemStyle={{ color: 'var(--chart-tooltip-text)', padding: 0 }}
      />
      {series.map((s) => (
        <Bar key={s.key} dataKey={s.key} name={s.name} fill={s.color} radius={[2, 2, 0, 0]} isAnimationActive={false} />
      ))}
    </BarChart>
  );
}
