'use client';

import { useMemo } from 'react';
import type { PlaygroundRun } from '@/lib/playground/runs';
import { summariseByVariant } from '@/lib/playground/results';
import { ScoreValue } from '@/components/experiments/runs-cells';
import { Table, Td, Th, THead, Tr } from '@/components/ui/table';
import { formatInt, formatLatency } from '@/components/format';

/**
 * One row per variant above the results: how many of its runs finished, its evaluators' averages
 * and its median latency, so variants compare at a glance while the run fills in. The experiment
 * page has the full comparison (confidence intervals, paired differences).
 */
export function VariantResults({ runs, variantNames, evaluatorNames }: { runs: PlaygroundRun[]; variantNames: string[]; evaluatorNames: string[] }) {
  const rows = useMemo(() => summariseByVariant(runs, evaluatorNames, variantNames.length), [runs, evaluatorNames, variantNames.length]);
  return (
    <Table aria-label="Scores by variant">
      <THead>
        <Th>Variant</Th>
        <Th numeric>Succeeded</Th>
        <Th numeric>Failed</Th>
        {evaluatorNames.map((n) => <Th key={n} numeric className="font-mono" title={`Average score of evaluator ${n}`}>{n}</Th>)}
        <Th numeric>Median latency</Th>
      </THead>
      <tbody>
        {rows.map((r) => (
          <Tr key={r.variant} data-variant={r.variant}>
            <Td className="max-w-72 truncate font-mono text-xs" title={variantNames[r.variant]}>
              <span aria-hidden className="mr-1.5 rounded bg-zinc-100 px-1 text-[11px] tabular-nums text-zinc-500 dark:bg-zinc-800 dark:text-zinc-400">{r.variant + 1}</span>
              {variantNames[r.variant]}
            </Td>
            <Td numeric>{formatInt(r.succeeded)}</Td>
            <Td numeric className={r.failed ? 'text-red-600 dark:text-red-400' : undefined}>{formatInt(r.failed)}</Td>
            {r.scores.map((s) => <Td key={s.name} numeric><ScoreValue value={s.average} /></Td>)}
            <Td numeric>{formatLatency(r.medianLatencyMs)}</Td>
          </Tr>
        ))}
      </tbody>
    </Table>
  );
}
