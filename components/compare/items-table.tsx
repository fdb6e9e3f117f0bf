'use client';

import type { ReactNode } from 'react';
import type { CompareCell, CompareRow, CompareSeries } from '@/lib/experiments/compare';
import { ColGroup, EmptyRow, Table, Td, Th, THead, Tr } from '@/components/ui/table';
import { formatLatency } from '@/components/format';
import { EvaluationCell, ScoreValue, TextCell } from '@/components/experiments/runs-cells';
import { BaselineTag } from './baseline-tag';

/**
 * One row per item: its input and expected output, then every series' output (its first
 * repetition) and scores side by side; outputs that differ from the baseline's are highlighted.
 * `lead` is the row's first cell (its number); `scores`, when given, replaces a cell's run scores
 * with the item's means (the disagreement list).
 */
export function ItemsTable({ label, series, baseline, rows, empty, lead, scores, flagged }: {
  label: string;
  series: readonly CompareSeries[];
  baseline: string;
  rows: readonly CompareRow[];
  empty: string;
  lead: (row: CompareRow, i: number) => ReactNode;
  scores?: (row: CompareRow, seriesKey: string) => Record<string, number> | undefined;
  /** Evaluators to mark in a row (where the series disagree). */
  flagged?: (row: CompareRow) => readonly string[];
}) {
  return (
    <Table aria-label={label} className="table-fixed">
      <ColGroup widths={['w-12', 'w-[18%]', 'w-[11%]', ...series.map(() => null)]} />
      <THead>
        <Th numeric>#</Th>
        <Th>Input</Th>
        <Th>Expected</Th>
        {series.map((s) => (
          <Th key={s.key} className="whitespace-normal py-1.5">
            <span className="flex items-center gap-1.5">
              <span className="truncate text-zinc-700 dark:text-zinc-300" title={s.name}>{s.name}</span>
              {s.key === baseline && <BaselineTag />}
            </span>
          </Th>
        ))}
      </THead>
      <tbody>
        {rows.length === 0 && <EmptyRow colSpan={3 + series.length}>{empty}</EmptyRow>}
        {rows.map((row, i) => (
          <Tr key={row.itemId} data-item-id={row.itemId} className="align-top">
            <Td numeric className="align-top text-xs text-zinc-500 dark:text-zinc-400">{lead(row, i)}</Td>
            <Td className="align-top"><TextCell value={row.input} lines={4} treeLabel="input" /></Td>
            <Td className="align-top"><TextCell value={row.expected} lines={4} tone="muted" treeLabel="expected output" /></Td>
            {series.map((s) => (
              <OutputCell key={s.key} cell={row.cells[s.key]} evaluatorNames={s.evaluatorNames}
                itemScores={scores?.(row, s.key)} flagged={flagged?.(row) ?? []} />
            ))}
          </Tr>
        ))}
      </tbody>
    </Table>
  );
}

function OutputCell({ cell, evaluatorNames, itemScores, flagged }: {
  cell: CompareCell | null | undefined; evaluatorNames: readonly string[]; itemScores?: Record<string, number>; flagged: readonly string[];
}) {
  if (!cell) return <Td className="align-top"><span className="text-xs text-zinc-500 dark:text-zinc-400">no run</span></Td>;
  const failed = cell.status === 'FAILED';
  const body = failed ? (
    <div className="text-xs text-red-700 dark:text-red-300">
      <span className="font-medium">Error: </span>
      <span className="line-clamp-3 whitespace-pre-wrap break-words" title={cell.error ?? undefined}>{cell.error ?? 'unknown error'}</span>
    </div>
  ) : <TextCell value={cell.output} lines={4} tone="strong" treeLabel="output" />;
  return (
    <Td data-differs={cell.differs || undefined}
      className={`align-top ${cell.differs ? 'bg-amber-50/80 shadow-[inset_3px_0_0_var(--color-amber-400)] dark:bg-amber-950/25' : ''}`}>
      {cell.differs && <span className="sr-only">Differs from the baseline: </span>}
      {body}
      <div className="mt-1.5 flex flex-wrap items-center gap-x-2 gap-y-1">
        {itemScores ? evaluatorNames.map((n) => (
          <span key={n} data-item-score={n} className={`inline-flex items-center gap-1 rounded px-1 text-[11px] ${flagged.includes(n) ? 'ring-1 ring-amber-400 ring-inset' : ''}`}
            title={flagged.includes(n) ? `The series disagree on ${n} for this item (mean over its repetitions)` : 'Mean over its repetitions'}>
            <span className="font-mono text-zinc-500 dark:text-zinc-400">{n}</span>
            <ScoreValue value={itemScores[n]} className="font-semibold" />
          </span>
        )) : !failed && evaluatorNames.map((n) => (
          <span key={n} className="inline-flex items-center gap-1 text-[11px]">
            <span className="font-mono text-zinc-500 dark:text-zinc-400">{n}</span>
            <EvaluationCell evaluation={cell.evaluations.find((x) => x.name === n)} runFailed={false} compact />
          </span>
        ))}
        {cell.latencyMs !== null && <span className="ml-auto text-[11px] tabular-nums text-zinc-500 dark:text-zinc-400">{formatLatency(cell.latencyMs)}</span>}
      </div>
    </Td>
  );
}
