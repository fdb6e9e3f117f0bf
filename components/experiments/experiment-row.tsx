'use client';

import Link from 'next/link';
import { useState } from 'react';
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
import { phoneCell, phoneTable } from './phone-layout';
import { errorsHash, evaluatorsSource } from './error-links';
import { VariantBreakdown } from './variant-breakdown';
import { isActive } from './queries';

export function ExperimentRow({ e, throughput, showDataset, selection }: {
  e: ExperimentRowData; throughput: Throughput | null; showDataset: boolean;
  /** Checkbox for picking experiments to compare (dataset tables only). */
  selection?: { selected: boolean; onChange: (selected: boolean) => void };
}) {
  const [expanded, setExpanded] = useState(false);
  const breakdownId = `variants-${e.id}`;
  return (
    <>
    <Tr data-experiment-id={e.id} data-status={e.status} className={`${phoneTable.row} ${selection?.selected ? 'bg-accent-50/50 dark:bg-accent-950/20' : ''}`}>
      {selection && (
        <Td className={`w-8 pr-0 ${phoneCell.select}`}>
          <input
            type="checkbox"
            checked={selection.selected}
            onChange={(ev) => selection.onChange(ev.target.checked)}
            aria-label={`Select ${e.name} to compare`}
            className="size-3.5 cursor-pointer rounded border-zinc-300 accent-accent-600 align-middle"
          />
        </Td>
      )}
      <Td className={`max-w-72 ${phoneCell.name}`}>
        <Link href={`/experiments/${e.id}`} title={e.name}
          className="block truncate font-medium text-zinc-900 hover:text-accent-600 hover:underline dark:text-zinc-100 dark:hover:text-accent-400">
          {e.name}
        </Link>
        {e.variantCount > 1 && (
          <button type="button" onClick={() => setExpanded((x) => !x)} aria-expanded={expanded} aria-controls={breakdownId}
            className="mt-0.5 inline-flex items-center gap-1 rounded-sm text-xs text-zinc-600 hover:text-zinc-900 focus-visible:outline-2 focus-visible:outline-accent-500 dark:text-zinc-400 dark:hover:text-zinc-100">
            <span aria-hidden className={`inline-block transition-transform ${expanded ? 'rotate-90' : ''}`}>▸</span>
            {e.variantCount} variants
          </button>
        )}
      </Td>
      {showDataset && (
        <Td className={`max-w-56 ${phoneCell.hidden}`}>
          <Link href={`/datasets/${e.datasetId}`} title={e.datasetName} className="block truncate text-zinc-600 hover:underline dark:text-zinc-400">
            {e.datasetName}
          </Link>
        </Td>
      )}
      <Td className={phoneCell.status}>
        <StatusBadge status={e.status} lastError={e.lastError} waitingForWorker={e.waitingForWorker} />
        <StopReasonLine status={e.status} lastError={e.lastError} />
      </Td>
      <Td numeric className={phoneCell.progress}><ProgressCell e={e} throughput={throughput} /></Td>
      <Td numeric className={phoneCell.hidden}>
        {e.runsFailed > 0
          ? <Link href={`/experiments/${e.id}?status=failed`} className="rounded-sm hover:underline focus-visible:outline-2 focus-visible:outline-accent-500"><ErrorRateCell e={e} /><span className="sr-only">: show the failed runs</span></Link>
          : <ErrorRateCell e={e} />}
      </Td>
      <Td className={phoneCell.hidden}><ScoresCell e={e} /></Td>
      <Td className={phoneCell.hidden}><span className="font-mono text-xs text-zinc-600 dark:text-zinc-400">{e.model}</span></Td>
      <Td numeric className={phoneCell.hidden}><CostCell c={e} /></Td>
      <Td numeric className={`text-zinc-500 dark:text-zinc-400 ${phoneCell.hidden}`}><RelativeTime value={e.createdAt} /></Td>
      <Td className={`w-10 text-right ${phoneCell.menu}`}><RowMenu e={e} /></Td>
    </Tr>
    {expanded && (
      <Tr id={breakdownId} data-variants-of={e.id} className="bg-zinc-50/60 dark:bg-zinc-900/40">
        <Td colSpan={99} className="py-2 pl-6">
          <VariantBreakdown experimentId={e.id} live={isActive(e)} evaluatorNames={e.evaluatorNames} />
        </Td>
      </Tr>
    )}
    </>
  );
}

/**
 * "exact 0.93 · judge 0.90": each evaluator's mean over its completed evaluations, then what is
 * still outstanding (delayed, failed). Evaluation progress itself is in the progress cell.
 */
function ScoresCell({ e }: { e: ExperimentRowData }) {
  if (e.evaluatorCount === 0) return <span className="text-xs text-zinc-500 dark:text-zinc-400" title="No evaluators configured">—</span>;
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
            <Link href={`/experiments/${e.id}${errorsHash(evaluatorsSource(e.evaluatorNames))}`} className="font-medium text-amber-700 hover:underline dark:text-amber-400"
              title="Evaluations waiting for a rate-limited or unavailable judge; retried automatically. Shows their errors.">
              {formatInt(e.evalsDelayed)} delayed
            </Link>
          )}
          {e.evalsFailed > 0 && (
            <Link href={`/experiments/${e.id}${errorsHash(evaluatorsSource(e.evaluatorNames))}`} className="text-red-600 hover:underline dark:text-red-400" title="Shows their errors">
              {formatInt(e.evalsFailed)} failed
            </Link>
          )}
        </div>
      )}
    </div>
  );
}
