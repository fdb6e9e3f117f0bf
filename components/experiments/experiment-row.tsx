'use client';

import Link from 'next/link';
import { RelativeTime } from '@/components/ui/relative-time';
import { Td, Tr } from '@/components/ui/table';
import { formatInt } from '@/components/format';
import { StatusBadge } from './status-badge';
import { StopReasonLine } from './stop-reason';
import { ProgressCell } from './progress-cell';
import { ErrorRateCell } from './error-rate-cell';
import { RowMenu } from './row-menu';
import { ScoreValue } from './runs-cells';
import type { Throughput } from './throughput';
import type { ExperimentRowData } from './queries';
import { CostCell } from '@/components/costs/cost-summary';

export function ExperimentRow({ e, throughput, showDataset, selection }: {
  e: ExperimentRowData; throughput: Throughput | null; showDataset: boolean;
  /** Checkbox for picking experiments to compare (dataset tables only). */
  selection?: { selected: boolean; onChange: (selected: boolean) => void };
}) {
  return (
    <Tr data-experiment-id={e.id} data-status={e.status} className={selection?.selected ? 'bg-accent-50/50 dark:bg-accent-950/20' : ''}>
      {selection && (
        <Td className="w-8 pr-0">
          <input
            type="checkbox"
            checked={selection.selected}
            onChange={(ev) => selection.onChange(ev.target.checked)}
            aria-label={`Select ${e.name} to compare`}
            className="size-3.5 cursor-pointer rounded border-zinc-300 accent-accent-600 align-middle"
          />
        </Td>
      )}
      <Td className="max-w-72">
        <Link href={`/experiments/${e.id}`} title={e.name}
          className="block truncate font-medium text-zinc-900 hover:text-accent-600 hover:underline dark:text-zinc-100 dark:hover:text-accent-400">
          {e.name}
        </Link>
      </Td>
      {showDataset && (
        <Td className="max-w-56">
          <Link href={`/datasets/${e.datasetId}`} title={e.datasetName} className="block truncate text-zinc-600 hover:underline dark:text-zinc-400">
            {e.datasetName}
          </Link>
        </Td>
      )}
      <Td>
        <StatusBadge status={e.status} lastError={e.lastError} waitingForWorker={e.waitingForWorker} />
        <StopReasonLine status={e.status} lastError={e.lastError} />
      </Td>
      <Td numeric><ProgressCell e={e} throughput={throughput} /></Td>
      <Td numeric><ErrorRateCell e={e} /></Td>
      <Td><ScoresCell e={e} /></Td>
      <Td><span className="font-mono text-xs text-zinc-600 dark:text-zinc-400">{e.model}</span></Td>
      <Td numeric><CostCell c={e} /></Td>
      <Td numeric className="text-zinc-500 dark:text-zinc-400"><RelativeTime value={e.createdAt} /></Td>
      <Td className="w-10 text-right"><RowMenu e={e} /></Td>
    </Tr>
  );
}

/**
 * "exact 0.93 · judge 0.90": each evaluator's mean over its completed evaluations, then what is
 * still outstanding (delayed, failed). Evaluation progress itself is in the progress cell.
 */
function ScoresCell({ e }: { e: ExperimentRowData }) {
  if (e.evaluatorCount === 0) return <span className="text-xs text-zinc-400" title="No evaluators configured">—</span>;
  // A list loaded without averages (not every list carries them): name the evaluators only.
  if (!e.evaluatorAverages) return <span className="font-mono text-xs text-zinc-500 dark:text-zinc-400">{e.evaluatorNames.join(' · ')}</span>;
  const averages = e.evaluatorAverages;
  const byName = new Map(averages.map((a) => [a.evaluator, a]));
  const names = e.evaluatorNames.length ? e.evaluatorNames : averages.map((a) => a.evaluator);
  return (
    <div className="flex max-w-64 flex-col gap-0.5" data-testid="evaluator-averages">
      <div className="flex flex-wrap items-baseline gap-x-1.5 text-xs">
        {names.map((name, i) => {
          const a = byName.get(name);
          return (
            <span key={name} className="whitespace-nowrap" title={a ? `${name}: mean of ${formatInt(a.count)} completed evaluations` : `${name}: no completed evaluation yet`}>
              {i > 0 && <span aria-hidden className="mr-1.5 text-zinc-300 dark:text-zinc-600">·</span>}
              <span className="font-mono text-zinc-500 dark:text-zinc-400">{name}</span>{' '}
              <ScoreValue value={a?.average} className="font-semibold" />
            </span>
          );
        })}
      </div>
      {(e.evalsDelayed > 0 || e.evalsFailed > 0) && (
        <div className="flex gap-1.5 text-[11px]">
          {e.evalsDelayed > 0 && (
            <span className="font-medium text-amber-600 dark:text-amber-400" title="Evaluations waiting for a rate-limited or unavailable judge; retried automatically">
              {formatInt(e.evalsDelayed)} delayed
            </span>
          )}
          {e.evalsFailed > 0 && <span className="text-red-600 dark:text-red-400">{formatInt(e.evalsFailed)} failed</span>}
        </div>
      )}
    </div>
  );
}
