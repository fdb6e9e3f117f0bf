'use client';

import { useState } from 'react';
import type { RunEvaluation } from '@/lib/experiments/run-view';
import { badgeClass, type BadgeTone } from '@/components/ui/badge';
import { cn } from '@/components/ui/cn';
import { Tooltip } from '@/components/ui/tooltip';
import { Th } from '@/components/ui/table';
import { formatExact, formatInt, formatScore, scoreTone, type ScoreTone } from '@/components/format';
import { JsonTree } from '@/components/data/json-tree';
import { isContainer, summaryText } from '@/components/data/json-tree-model';

/** Shared cells of the experiment page, the compare page and the details sheet. */

export const scoreBadgeTone: Record<ScoreTone, BadgeTone> = { good: 'success', mixed: 'warning', bad: 'danger' };

export const toneText: Record<ScoreTone, string> = {
  good: 'text-emerald-700 dark:text-emerald-400',
  mixed: 'text-amber-700 dark:text-amber-400',
  bad: 'text-red-600 dark:text-red-400',
};

/**
 * One evaluator's verdict on a run: the score chip and label (explanation in a tooltip), or a
 * badge saying why there is none yet (pending, delayed until…, error).
 */
export function EvaluationCell({ evaluation: e, runFailed, compact }: { evaluation: RunEvaluation | undefined; runFailed: boolean; compact?: boolean }) {
  if (runFailed) return <span className="text-zinc-500 dark:text-zinc-400" title="Failed runs are not evaluated">—</span>;
  if (!e || e.status === 'PENDING') return <span className="text-xs text-zinc-500 dark:text-zinc-400">pending…</span>;
  if (e.status === 'DELAYED' || e.status === 'ERROR' || e.score === null) {
    const delayed = e.status === 'DELAYED';
    const reason = e.error ?? (delayed ? 'The evaluator is rate-limited or unavailable; it is retried later' : 'The evaluator failed');
    return (
      <Tooltip content={<>{reason}{delayed && e.nextRetryAt && <><br /><span className="opacity-70">Next try {formatExact(new Date(e.nextRetryAt))}</span></>}</>}>
        <span tabIndex={0} data-eval-status={e.status}
          className={badgeClass(delayed ? 'warning' : 'danger', 'chip', 'max-w-full cursor-help')}>
          {delayed ? 'Delayed' : 'Error'}
          {!compact && <span className="truncate font-normal opacity-80">{shortReason(reason)}</span>}
        </span>
      </Tooltip>
    );
  }
  const chip = (
    <span className="inline-flex max-w-full items-center gap-1.5" tabIndex={e.explanation || (compact && e.label) ? 0 : undefined}>
      <span className={badgeClass(scoreBadgeTone[scoreTone(e.score)], 'chip', 'min-w-8 justify-center text-xs font-semibold tabular-nums')}>
        {formatScore(e.score)}
      </span>
      {e.label && !compact && <span className="truncate text-[11px] text-zinc-500 dark:text-zinc-400">{e.label}</span>}
    </span>
  );
  if (!e.explanation && !(compact && e.label)) return chip;
  return <Tooltip content={<><span className="font-medium">{e.label ?? e.name}</span>{e.explanation && <>: {e.explanation}</>}</>}>{chip}</Tooltip>;
}

/** "HTTP 429: Rate limit reached…" → "HTTP 429". */
function shortReason(reason: string): string {
  const http = /HTTP \d{3}/.exec(reason);
  if (http) return http[0];
  return reason.length > 24 ? `${reason.slice(0, 22)}…` : reason;
}

/** The header cells of a run's own columns: its item, its output and one score per evaluator. */
export function RunColumnHeads({ evaluatorNames }: { evaluatorNames: readonly string[] }) {
  return (
    <>
      <Th>Input</Th>
      <Th>Expected</Th>
      <Th>Output</Th>
      {evaluatorNames.map((n) => <Th key={n} className="truncate font-mono" title={`Score of evaluator ${n}`}>{n}</Th>)}
    </>
  );
}

/**
 * A dataset value or output in a cell: `key: value` lines clamped to a few, more of them on hover. With
 * `treeLabel` ("input"), an object or list also gets a Tree toggle that shows it as key/value rows.
 */
export function TextCell({ value, lines = 3, tone = 'normal', treeLabel }: {
  value: unknown; lines?: 2 | 3 | 4 | 6; tone?: 'normal' | 'muted' | 'strong'; treeLabel?: string;
}) {
  const [tree, setTree] = useState(false);
  // A few bounded lines (the run's sheet has the whole value).
  const { text, mono } = summaryText(value);
  if (!text) return <span className="text-zinc-500 dark:text-zinc-400">—</span>;
  const clamp = { 2: 'line-clamp-2', 3: 'line-clamp-3', 4: 'line-clamp-4', 6: 'line-clamp-6' }[lines];
  const color = tone === 'muted' ? 'text-zinc-600 dark:text-zinc-400' : tone === 'strong' ? 'text-zinc-900 dark:text-zinc-100' : 'text-zinc-700 dark:text-zinc-300';
  const body = tree
    ? <JsonTree value={value} label={treeLabel} className="text-xs leading-relaxed" />
    : <div title={text} className={`whitespace-pre-wrap break-words ${clamp} ${mono ? 'font-mono text-xs' : ''} ${color}`}>{text}</div>;
  if (!treeLabel || !isContainer(value) || Object.keys(value).length === 0) return body;
  return (
    <div className="min-w-0">
      {body}
      <button type="button" aria-expanded={tree} aria-label={`Tree view of the ${treeLabel}`} onClick={() => setTree((t) => !t)}
        className="mt-0.5 inline-flex items-center gap-1 rounded px-1 text-[11px] font-medium text-accent-700 hover:underline focus-visible:outline-2 focus-visible:outline-accent-500 dark:text-accent-400">
        <svg viewBox="0 0 16 16" width="8" height="8" aria-hidden fill="currentColor" className={`transition-transform ${tree ? 'rotate-90' : ''}`}><path d="M5 3l6 5-6 5z" /></svg>
        Tree
      </button>
    </div>
  );
}

export function RunStatusPill({ status, attempts }: { status: 'SUCCEEDED' | 'FAILED'; attempts?: number }) {
  const failed = status === 'FAILED';
  return (
    <span data-status={status} title={attempts && attempts > 1 ? `${attempts} attempts` : undefined}
      className={badgeClass(failed ? 'danger' : 'success', 'pill', 'gap-1 text-[11px]')}>
      {failed ? 'Failed' : 'Succeeded'}
      {attempts && attempts > 1 ? <span className="font-normal opacity-75">×{attempts}</span> : null}
    </span>
  );
}

/** A run answered from the call cache: no provider call, no cost. */
export function CachedBadge() {
  return (
    <span data-testid="cached-run" title="Answered from the call cache: an identical call was made before; no provider call, no cost"
      className={badgeClass('info', 'pill', 'text-[10px]')}>
      cached
    </span>
  );
}

export function TokensCell({ prompt, completion }: { prompt: number | null; completion: number | null }) {
  if (prompt === null && completion === null) return <span className="text-zinc-500 dark:text-zinc-400">—</span>;
  return (
    <span title={`${formatInt(prompt ?? 0)} prompt + ${formatInt(completion ?? 0)} completion tokens`} className="whitespace-nowrap">
      {formatInt(prompt ?? 0)}<span className="text-zinc-500 dark:text-zinc-400"> / </span>{formatInt(completion ?? 0)}
    </span>
  );
}

/** A mean score coloured by its tone, or a dash. */
export function ScoreValue({ value, className }: { value: number | null | undefined; className?: string }) {
  if (value === null || value === undefined) return <span className="text-zinc-500 dark:text-zinc-400">—</span>;
  return <span className={cn('tabular-nums', toneText[scoreTone(value)], className)}>{formatScore(value)}</span>;
}
