'use client';

import Link from 'next/link';
import type { Comparison, Delta } from '@/lib/experiments/compare';
import { Table, Td, Th, THead, Tr } from '@/components/ui/table';
import { formatInt, formatLatency, formatPercent } from '@/components/format';
import { StatusBadge } from '@/components/experiments/status-badge';
import { CostValue } from '@/components/costs/cost-summary';
import { formatCost, formatTokens } from '@/components/costs/format-cost';
import { BaselineTag } from './baseline-tag';

/** Each series' runs, success rate, latency and cost, with deltas against the baseline (green better, red worse). */
export function AggregatesTable({ c }: { c: Comparison }) {
  return (
    <Table aria-label="Aggregates">
      <THead>
        <Th>{c.oneExperiment ? 'Variant' : 'Experiment'}</Th>
        <Th>Status</Th>
        <Th numeric>Success rate</Th>
        <Th numeric>Mean latency</Th>
        <Th numeric>Cost</Th>
        <Th numeric>Runs</Th>
      </THead>
      <tbody>
        {c.series.map((s) => {
          const base = s.key === c.baseline;
          return (
            <Tr key={s.key} data-series={s.key} className={base ? 'bg-zinc-50/80 dark:bg-zinc-900/40' : ''}>
              <Td className="max-w-96">
                <div className="flex items-center gap-2">
                  <Link href={`/experiments/${s.experimentId}`} className="truncate font-medium hover:text-accent-600 hover:underline dark:hover:text-accent-400" title={s.name}>{s.name}</Link>
                  {base && <BaselineTag />}
                </div>
                <div className="font-mono text-[11px] text-zinc-500 dark:text-zinc-400">{s.model}{s.providerName ? ` · ${s.providerName}` : ''}</div>
              </Td>
              <Td><StatusBadge status={s.status} /></Td>
              <Td numeric>
                {s.successRate === null ? <span className="text-zinc-500 dark:text-zinc-400">—</span> : formatPercent(s.successRate)}
                <DeltaChip delta={s.deltas?.successRate} format={(v) => `${(v * 100).toFixed(v * 100 < 10 ? 1 : 0)} pt`} />
              </Td>
              <Td numeric>
                {formatLatency(s.meanLatencyMs === null ? null : Math.round(s.meanLatencyMs))}
                <DeltaChip delta={s.deltas?.meanLatencyMs} format={(v) => formatLatency(Math.round(v))} />
              </Td>
              <Td numeric>
                <CostValue c={{ ...s, cachedPromptTokens: 0 }} className="font-medium tabular-nums" />
                <DeltaChip delta={s.deltas?.costUsd} format={formatCost} />
                <div className="text-[11px] text-zinc-500 tabular-nums dark:text-zinc-400">{formatTokens(s.promptTokens + s.completionTokens)} tokens</div>
              </Td>
              <Td numeric className="text-zinc-600 dark:text-zinc-400">
                {formatInt(s.succeeded + s.failed)}<span className="text-zinc-500 dark:text-zinc-400"> / {formatInt(s.totalRuns)}</span>
                {s.failed > 0 && <div className="text-[11px] text-red-600 dark:text-red-400">{formatInt(s.failed)} failed</div>}
              </Td>
            </Tr>
          );
        })}
      </tbody>
    </Table>
  );
}

function DeltaChip({ delta, format }: { delta: Delta | null | undefined; format: (abs: number) => string }) {
  if (!delta) return null;
  const zero = Math.abs(delta.value) < 1e-9;
  const sign = zero ? '±' : delta.value > 0 ? '+' : '−';
  const tone = zero ? 'text-zinc-600 bg-zinc-100 dark:bg-zinc-800 dark:text-zinc-400'
    : delta.better ? 'text-emerald-700 bg-emerald-50 dark:bg-emerald-950/50 dark:text-emerald-300' : 'text-red-700 bg-red-50 dark:bg-red-950/50 dark:text-red-300';
  return (
    <span data-delta={zero ? 'same' : delta.better ? 'better' : 'worse'} className={`ml-1.5 inline-flex h-[18px] items-center rounded px-1 text-[11px] font-medium tabular-nums ${tone}`}
      title={zero ? 'Same as the baseline' : delta.better ? 'Better than the baseline' : 'Worse than the baseline'}>
      {zero ? '±0' : `${sign}${format(Math.abs(delta.value))}`}
    </span>
  );
}
