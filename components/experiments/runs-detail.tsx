'use client';

import { useQuery } from '@tanstack/react-query';
import type { RefObject } from 'react';
import type { RunView } from '@/lib/experiments/run-view';
import { Skeleton } from '@/components/ui/skeleton';
import { formatInt, formatLatency } from '@/components/format';
import { Sheet, SheetSection } from '@/components/ui/sheet';
import { CachedBadge, EvaluationCell, RunStatusPill } from './runs-cells';
import { JsonView } from '@/components/data/json-view';
import { JsonTree } from '@/components/data/json-tree';
import { runDetailQuery } from './queries';
import { RunAttempts } from './run-attempts';

/**
 * One run, opened from the results table: input, expected, output and every evaluator's verdict,
 * then the exact request that was sent and the provider's raw response (fetched on open: they can
 * be large, so the table never carries them), and every attempt's outcome.
 */
export function RunDetailSheet({ experimentId, run, index, open, onOpenChange, returnFocusTo, variantName = null }: {
  experimentId: string; run: RunView | null; index: number | null; open: boolean;
  onOpenChange: (open: boolean) => void; returnFocusTo?: RefObject<HTMLElement | null>;
  /** The run's variant, in an experiment of several. */
  variantName?: string | null;
}) {
  const query = useQuery({
    ...runDetailQuery(experimentId, run?.id ?? ''),
    enabled: open && !!run,
  });
  const detail = query.data;
  if (!run) return null;
  const failed = run.status === 'FAILED';
  return (
    <Sheet
      open={open}
      onOpenChange={onOpenChange}
      returnFocusTo={returnFocusTo}
      width="wide"
      header={<><RunStatusPill status={run.status} attempts={run.attempts} />{run.cached && <CachedBadge />}</>}
      title={<>Run {index !== null && <span className="tabular-nums">#{formatInt(index)}</span>}{run.repetition > 1 && <span className="font-normal text-zinc-500 dark:text-zinc-400"> · repetition {run.repetition}</span>}</>}
      description={(
        <span className="flex flex-wrap gap-x-3 tabular-nums">
          {variantName !== null && <span data-testid="run-variant">variant <span className="font-medium text-zinc-700 dark:text-zinc-300">{variantName}</span></span>}
          <span>{formatLatency(run.latencyMs)}</span>
          {run.promptTokens !== null && <span>{formatInt(run.promptTokens)} prompt + {formatInt(run.completionTokens ?? 0)} completion tokens</span>}
          <span className="font-mono" title={run.itemId}>item {run.itemId.slice(0, 8)}</span>
        </span>
      )}
    >
      {failed && (
        <div className="px-5 pt-4">
          <div role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-red-800 dark:border-red-900/60 dark:bg-red-950/40 dark:text-red-200">
            <p className="text-xs font-semibold">Failed{run.attempts > 1 ? ` after ${run.attempts} attempts` : ''}</p>
            <p className="mt-0.5 whitespace-pre-wrap break-words font-mono text-xs leading-relaxed">{run.error ?? 'unknown error'}</p>
          </div>
        </div>
      )}
      <SheetSection title="Item and output" id="run-io">
        <dl className="grid grid-cols-[6rem_1fr] gap-x-3 gap-y-3">
          <dt className="text-xs text-zinc-500 dark:text-zinc-400">Input</dt>
          <dd className="min-w-0"><ValueTree value={run.input} label="Input" /></dd>
          <dt className="text-xs text-zinc-500 dark:text-zinc-400">Expected</dt>
          <dd className="min-w-0"><ValueTree value={run.expected} label="Expected" /></dd>
          <dt className="text-xs text-zinc-500 dark:text-zinc-400">Output</dt>
          <dd className="min-w-0">{failed ? <span className="text-zinc-500 dark:text-zinc-400">—</span> : <ValueTree value={run.output} label="Output" />}</dd>
        </dl>
      </SheetSection>
      {run.evaluations.length > 0 && (
        <SheetSection title="Evaluations" id="run-evals">
          <ul className="space-y-2">
            {run.evaluations.map((e) => (
              <li key={e.name} className="rounded-md border border-zinc-200 px-3 py-2 dark:border-zinc-800">
                <div className="flex items-center gap-2">
                  <span className="font-mono text-xs font-medium">{e.name}</span>
                  <span className="ml-auto"><EvaluationCell evaluation={e} runFailed={false} /></span>
                </div>
                {e.status === 'COMPLETED' && e.explanation && (
                  <p className="mt-1 whitespace-pre-wrap break-words text-xs text-zinc-600 dark:text-zinc-400">{e.explanation}</p>
                )}
                {e.status !== 'COMPLETED' && e.error && <p className="mt-1 whitespace-pre-wrap break-words font-mono text-xs text-zinc-600 dark:text-zinc-400">{e.error}</p>}
              </li>
            ))}
          </ul>
        </SheetSection>
      )}
      <SheetSection title="Request" id="run-request">
        {detail ? <JsonView value={detail.request} label="Request sent" openDepth={3} empty="No request was recorded for this run." />
          : query.isError ? <p role="alert" className="text-xs text-red-600">Could not load it: {query.error.message}</p>
            : <Skeleton className="h-32 w-full" />}
      </SheetSection>
      <SheetSection title="Raw response" id="run-response">
        {detail ? <JsonView value={detail.response} label="Response received" openDepth={2} empty={failed ? 'No response: the call failed (see the error above).' : 'No response was recorded.'} />
          : query.isError ? null : <Skeleton className="h-32 w-full" />}
      </SheetSection>
      <SheetSection title="Attempts" id="run-attempts">
        {detail ? <RunAttempts attempts={detail.history} /> : query.isError ? null : <Skeleton className="h-16 w-full" />}
      </SheetSection>
    </Sheet>
  );
}

/** A run's input, expected or output value as key/value rows (text as itself), or a dash. */
function ValueTree({ value, label }: { value: unknown; label: string }) {
  if (value === null || value === undefined || value === '') return <span className="text-zinc-500 dark:text-zinc-400">—</span>;
  return <JsonTree value={value} label={label} openDepth={3} className="text-[13px] leading-relaxed" />;
}
