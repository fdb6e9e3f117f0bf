'use client';

import Link from 'next/link';
import { useInfiniteQuery } from '@tanstack/react-query';
import { useId, useState } from 'react';
import type { ErrorLogEntry } from '@/lib/experiments/error-log';
import { RelativeTime } from '@/components/ui/relative-time';
import { Button } from '@/components/ui/button';
import { Select } from '@/components/ui/input';
import { Skeleton } from '@/components/ui/skeleton';
import { formatInt } from '@/components/format';
import { errorLogQuery } from './queries';

function sourceLabel(source: string): { text: string; kind: 'task' | 'system' | 'evaluator' | 'other' } {
  if (source === 'task') return { text: 'Task', kind: 'task' };
  if (source === 'system') return { text: 'System', kind: 'system' };
  if (source.startsWith('evaluator:')) return { text: source.slice('evaluator:'.length), kind: 'evaluator' };
  return { text: source, kind: 'other' };
}

const sourceStyle = {
  task: 'bg-red-50 text-red-700 ring-red-200 dark:bg-red-950/40 dark:text-red-300 dark:ring-red-900',
  system: 'bg-zinc-100 text-zinc-700 ring-zinc-200 dark:bg-zinc-800 dark:text-zinc-300 dark:ring-zinc-700',
  evaluator: 'bg-violet-50 text-violet-700 ring-violet-200 dark:bg-violet-950/40 dark:text-violet-300 dark:ring-violet-900',
  other: 'bg-zinc-100 text-zinc-700 ring-zinc-200 dark:bg-zinc-800 dark:text-zinc-300 dark:ring-zinc-700',
};

/** A variant's number and name, as the experiment's details list them. */
export interface VariantName { variant: number; name: string }

/**
 * The experiment's append-only error log: newest first, 50 at a time with "Load more" (keyset on
 * the id, so loaded pages never shift), filtered by source (and variant), refreshed every 2 s while it runs.
 * The log keeps the newest entries; when older ones were dropped, it says how many.
 */
export function ErrorLog({ experimentId, evaluatorNames, total, live, onNavigate, source: controlled, onSourceChange, variants = [] }: {
  experimentId: string; evaluatorNames: string[]; total: number; live: boolean; onNavigate?: () => void;
  /** The source filter, when the parent sets it (a "Skipped 3" link shows the system's entries). */
  source?: string; onSourceChange?: (source: string) => void;
  /** The experiment's variants: with more than one, entries name theirs and can be filtered by it. */
  variants?: readonly VariantName[];
}) {
  const [own, setOwn] = useState('all');
  const source = controlled ?? own;
  const setSource = onSourceChange ?? setOwn;
  const [variant, setVariant] = useState<number | null>(null);
  const variantNames = variants.length > 1 ? new Map(variants.map((v) => [v.variant, v.name])) : null;
  const selectId = useId();
  const query = useInfiniteQuery(errorLogQuery(experimentId, source, live, variantNames ? variant : null));
  const pages = query.data?.pages ?? [];
  const entries = pages.flatMap((p) => p.entries);
  const matching = pages[0]?.matching ?? 0;
  const knownTotal = Math.max(total, pages[0]?.total ?? 0);
  const remaining = Math.max(0, matching - entries.length);
  const droppedNote = pages[0]?.droppedNote ?? null;
  const byVariant = variantNames !== null && variant !== null;
  const narrowedBy = source !== 'all' ? (byVariant ? 'matching these filters' : 'from this source') : byVariant ? 'of this variant' : null;

  return (
    <div className="space-y-3">
      <div className="flex flex-wrap items-center gap-x-3 gap-y-2">
        <p className="text-[13px]" data-testid="error-total">
          <span className="font-semibold tabular-nums">{formatInt(knownTotal)}</span>{' '}
          <span className="text-zinc-500 dark:text-zinc-400">{knownTotal === 1 ? 'error logged' : 'errors logged'}</span>
          {narrowedBy && query.data && <span className="text-zinc-500 dark:text-zinc-400"> · {formatInt(matching)} {narrowedBy}</span>}
        </p>
        <div className="ml-auto flex items-center gap-2">
          {variantNames && (
            <>
              <label htmlFor={`${selectId}-variant`} className="text-xs text-zinc-500 dark:text-zinc-400">Variant</label>
              <Select id={`${selectId}-variant`} value={variant === null ? 'all' : String(variant)} compact className="w-auto max-w-48"
                onChange={(e) => setVariant(e.target.value === 'all' ? null : Number(e.target.value))}>
                <option value="all">All variants</option>
                {[...variantNames].map(([n, name]) => <option key={n} value={n}>{name}</option>)}
              </Select>
            </>
          )}
          <label htmlFor={selectId} className="text-xs text-zinc-500 dark:text-zinc-400">Source</label>
          <Select id={selectId} value={source} onChange={(e) => setSource(e.target.value)} compact className="w-auto">
            <option value="all">All sources</option>
            <option value="task">Task</option>
            <option value="system">System</option>
            {evaluatorNames.length > 1 && <option value="evaluators">All evaluators</option>}
            {evaluatorNames.map((n) => <option key={n} value={`evaluator:${n}`}>Evaluator: {n}</option>)}
          </Select>
        </div>
      </div>
      {droppedNote && (
        <p className="text-xs text-amber-700 dark:text-amber-300" data-testid="error-dropped">{droppedNote}</p>
      )}

      {query.isPending ? (
        <div className="space-y-2" role="status" aria-label="Loading errors">
          {[0, 1, 2].map((i) => <Skeleton key={i} className="h-12 w-full" />)}
        </div>
      ) : query.isError && !query.data ? (
        <p role="alert" className="text-xs text-red-600 dark:text-red-400">Could not load the error log: {query.error.message}</p>
      ) : entries.length === 0 ? (
        <div className="flex items-center gap-2 rounded-md border border-dashed border-zinc-200 px-3 py-4 text-zinc-500 dark:border-zinc-800 dark:text-zinc-400">
          <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden fill="none" stroke="currentColor" strokeWidth="1.6" className="text-emerald-500"><path d="m3.5 8.5 3 3 6-7" /></svg>
          {narrowedBy === null ? 'No errors logged.' : byVariant ? 'No errors match these filters.' : 'No errors from this source.'}
        </div>
      ) : (
        <ol aria-label="Error log" className="divide-y divide-zinc-100 overflow-hidden rounded-md border border-zinc-200 dark:divide-zinc-800/70 dark:border-zinc-800">
          {entries.map((e) => (
            <ErrorEntry key={e.id} e={e} experimentId={experimentId} onNavigate={onNavigate}
              variantName={variantNames && e.variant !== null ? variantNames.get(e.variant) ?? `variant ${e.variant + 1}` : null} />
          ))}
        </ol>
      )}

      {query.hasNextPage && (
        <div className="flex items-center justify-between gap-3">
          <p className="text-xs text-zinc-500 dark:text-zinc-400">
            Showing {formatInt(entries.length)} of {formatInt(matching)}
          </p>
          <Button size="sm" onClick={() => void query.fetchNextPage()} disabled={query.isFetchingNextPage}>
            {query.isFetchingNextPage ? 'Loading…' : `Load more (${formatInt(remaining)} left)`}
          </Button>
        </div>
      )}
    </div>
  );
}

function ErrorEntry({ e, experimentId, onNavigate, variantName }: {
  e: ErrorLogEntry; experimentId: string; onNavigate?: () => void;
  /** Set in an experiment of several variants, on an entry about one of them. */
  variantName: string | null;
}) {
  const src = sourceLabel(e.source);
  // The item's runs of this entry's variant: the failing run itself, when there is one.
  const runsOf = variantName !== null && e.variant !== null ? `&variant=${e.variant}` : '';
  return (
    <li className="px-3 py-2.5" data-source={e.source}>
      <div className="flex flex-wrap items-center gap-x-2.5 gap-y-1 text-xs text-zinc-500 dark:text-zinc-400">
        <RelativeTime value={e.at} className="tabular-nums" />
        <span className={`inline-flex h-[18px] items-center gap-1 rounded px-1.5 text-[11px] font-medium ring-1 ring-inset ${sourceStyle[src.kind]}`}>
          {src.kind === 'evaluator' && <span className="font-normal opacity-70">evaluator</span>}
          <span className={src.kind === 'evaluator' ? 'font-mono' : ''}>{src.text}</span>
        </span>
        {variantName !== null && (
          <span data-testid="error-variant" title={`Variant ${variantName}`}
            className="inline-flex h-[18px] max-w-56 items-center gap-1 rounded bg-accent-50 px-1.5 text-[11px] text-accent-700 ring-1 ring-inset ring-accent-100 dark:bg-accent-950/60 dark:text-accent-400 dark:ring-accent-950">
            <span className="sr-only">variant </span><span className="truncate">{variantName}</span>
          </span>
        )}
        {e.kind && <span className="font-mono text-[11px]">{e.kind}</span>}
        {e.datasetItemId && (
          <Link
            href={`/experiments/${experimentId}?item=${e.datasetItemId}${runsOf}`}
            onClick={onNavigate}
            title={`Show the runs of item ${e.datasetItemId}`}
            className="font-mono text-[11px] text-accent-600 hover:underline dark:text-accent-400"
          >
            item {e.datasetItemId.slice(0, 8)}{e.repetition && e.repetition > 1 ? ` · rep ${e.repetition}` : ''}
          </Link>
        )}
        {e.attempt !== null && <span className="tabular-nums">attempt {e.attempt}</span>}
      </div>
      <p className="mt-1 whitespace-pre-wrap break-words font-mono text-xs leading-relaxed text-zinc-800 dark:text-zinc-200">{e.message}</p>
    </li>
  );
}
