'use client';

import { useState, type ReactNode } from 'react';
import type { RunEvaluation } from '@/lib/experiments/run-view';
import { badgeClass, type BadgeTone } from '@/components/ui/badge';
import { cn } from '@/components/ui/cn';
import { Tooltip } from '@/components/ui/tooltip';
import { Th } from '@/components/ui/table';
import { cellText, formatExact, formatInt, formatScore, scoreTone, type ScoreTone } from '@/components/format';

/** Shared cells of the experiment page, the compare page and the details sheet. */

export const scoreBadgeTone: Record<ScoreTone, BadgeTone> = { good: 'success', mixed: 'warning', bad: 'danger' };

export const toneText: Record<ScoreTone, string> = {
  good: 'text-emerald-600 dark:text-emerald-400',
  mixed: 'text-amber-600 dark:text-amber-400',
  bad: 'text-red-600 dark:text-red-400',
};

/**
 * One evaluator's verdict on a run: the score chip and label (explanation in a tooltip), or a
 * badge saying why there is none yet (pending, delayed until…, error).
 */
export function EvaluationCell({ evaluation: e, runFailed, compact }: { evaluation: RunEvaluation | undefined; runFailed: boolean; compact?: boolean }) {
  if (runFailed) return <span className="text-zinc-400" title="Failed runs are not evaluated">—</span>;
  if (!e || e.status === 'PENDING') return <span className="text-xs text-zinc-400">pending…</span>;
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

/** A dataset value or output in a cell: clamped to a few lines, the whole text on hover. */
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

export function TextCell({ value, lines = 3, tone = 'normal' }: { value: unknown; lines?: 2 | 3 | 4 | 6; tone?: 'normal' | 'muted' | 'strong' }) {
  const { text, mono } = cellText(value);
  if (!text) return <span className="text-zinc-400">—</span>;
  const clamp = { 2: 'line-clamp-2', 3: 'line-clamp-3', 4: 'line-clamp-4', 6: 'line-clamp-6' }[lines];
  const color = tone === 'muted' ? 'text-zinc-600 dark:text-zinc-400' : tone === 'strong' ? 'text-zinc-900 dark:text-zinc-100' : 'text-zinc-700 dark:text-zinc-300';
  return <div title={text} className={`whitespace-pre-wrap break-words ${clamp} ${mono ? 'font-mono text-xs' : ''} ${color}`}>{text}</div>;
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
  if (prompt === null && completion === null) return <span className="text-zinc-400">—</span>;
  return (
    <span title={`${formatInt(prompt ?? 0)} prompt + ${formatInt(completion ?? 0)} completion tokens`} className="whitespace-nowrap">
      {formatInt(prompt ?? 0)}<span className="text-zinc-400"> / </span>{formatInt(completion ?? 0)}
    </span>
  );
}

/** A mean score coloured by its tone, or a dash. */
export function ScoreValue({ value, className }: { value: number | null | undefined; className?: string }) {
  if (value === null || value === undefined) return <span className="text-zinc-400">—</span>;
  return <span className={cn('tabular-nums', toneText[scoreTone(value)], className)}>{formatScore(value)}</span>;
}

// ---- JSON ----

const isContainer = (v: unknown): v is Record<string, unknown> | unknown[] => v !== null && typeof v === 'object';

/**
 * Pretty, collapsible JSON: objects and arrays fold (the first levels open), strings wrap, and the
 * whole value can be copied or shown as raw text.
 */
export function JsonView({ value, label, openDepth = 2, empty = 'Nothing recorded' }: { value: unknown; label: string; openDepth?: number; empty?: string }) {
  const [raw, setRaw] = useState(false);
  const [copied, setCopied] = useState(false);
  const [generation, setGeneration] = useState(0);
  const [allOpen, setAllOpen] = useState<boolean | null>(null);
  if (value === null || value === undefined) {
    return <p className="rounded-md border border-dashed border-zinc-200 px-3 py-2 text-xs text-zinc-500 dark:border-zinc-800 dark:text-zinc-400">{empty}</p>;
  }
  const text = typeof value === 'string' ? value : JSON.stringify(value, null, 2);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text);
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    } catch { /* clipboard refused: nothing to do */ }
  };
  const toolButton = 'rounded px-1.5 py-0.5 text-[11px] text-zinc-500 hover:bg-zinc-200/70 hover:text-zinc-900 focus-visible:outline-2 focus-visible:outline-accent-500 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-zinc-100';
  const foldAll = (open: boolean) => { setAllOpen(open); setGeneration((g) => g + 1); };
  return (
    <figure aria-label={label} className="overflow-hidden rounded-md border border-zinc-200 bg-zinc-50/70 dark:border-zinc-800 dark:bg-zinc-900/50">
      <figcaption className="flex items-center gap-1 border-b border-zinc-200 px-2 py-1 dark:border-zinc-800">
        <span className="mr-auto text-[11px] font-medium text-zinc-500 dark:text-zinc-400">{label}</span>
        {isContainer(value) && !raw && (
          <>
            <button type="button" className={toolButton} onClick={() => foldAll(true)}>Expand all</button>
            <button type="button" className={toolButton} onClick={() => foldAll(false)}>Collapse all</button>
          </>
        )}
        {isContainer(value) && (
          <button type="button" className={toolButton} aria-pressed={raw} onClick={() => setRaw((r) => !r)}>{raw ? 'Tree' : 'Raw'}</button>
        )}
        <button type="button" className={toolButton} onClick={() => void copy()}>{copied ? 'Copied' : 'Copy'}</button>
      </figcaption>
      <div className="max-h-[28rem] overflow-auto px-3 py-2 font-mono text-xs leading-relaxed">
        {raw || !isContainer(value)
          ? <pre className="whitespace-pre-wrap break-words">{text}</pre>
          : <JsonNode key={generation} value={value} depth={0} openDepth={allOpen === null ? openDepth : allOpen ? Infinity : 0} />}
      </div>
    </figure>
  );
}

function JsonNode({ value, depth, openDepth, name, last = true }: { value: unknown; depth: number; openDepth: number; name?: ReactNode; last?: boolean }) {
  const [open, setOpen] = useState(depth < openDepth);
  const comma = last ? '' : <span className="text-zinc-400">,</span>;
  const key = name !== undefined && <span className="text-sky-700 dark:text-sky-300">{name}<span className="text-zinc-400">: </span></span>;
  if (!isContainer(value)) {
    return <div className="break-words pl-4">{key}<JsonPrimitive value={value} />{comma}</div>;
  }
  const isArray = Array.isArray(value);
  const entries = isArray ? value.map((v, i) => [String(i), v] as const) : Object.entries(value);
  const [openBrace, closeBrace] = isArray ? ['[', ']'] : ['{', '}'];
  if (entries.length === 0) return <div className="pl-4">{key}<span className="text-zinc-500">{openBrace}{closeBrace}</span>{comma}</div>;
  const summary = isArray ? `${entries.length} ${entries.length === 1 ? 'item' : 'items'}` : `${entries.length} ${entries.length === 1 ? 'key' : 'keys'}`;
  return (
    <div className={depth === 0 ? '' : 'pl-4'}>
      <button
        type="button"
        onClick={() => setOpen((o) => !o)}
        aria-expanded={open}
        className="-ml-4 inline-flex items-baseline rounded text-left hover:bg-zinc-200/60 focus-visible:outline-2 focus-visible:outline-accent-500 dark:hover:bg-zinc-800"
      >
        <span aria-hidden className={`inline-block w-4 text-center text-[10px] text-zinc-400 transition-transform ${open ? 'rotate-90' : ''}`}>▶</span>
        {key}<span className="text-zinc-500">{openBrace}</span>
        {!open && <span className="mx-1 rounded bg-zinc-200/70 px-1 text-[10px] text-zinc-500 dark:bg-zinc-800 dark:text-zinc-400">{summary}</span>}
        {!open && <span className="text-zinc-500">{closeBrace}</span>}
      </button>
      {!open && comma}
      {open && (
        <>
          <div className="border-l border-zinc-200 dark:border-zinc-800">
            {entries.map(([k, v], i) => (
              <JsonNode key={k} value={v} depth={depth + 1} openDepth={openDepth} name={isArray ? undefined : k} last={i === entries.length - 1} />
            ))}
          </div>
          <div><span className="text-zinc-500">{closeBrace}</span>{comma}</div>
        </>
      )}
    </div>
  );
}

function JsonPrimitive({ value }: { value: unknown }) {
  if (typeof value === 'string') return <span className="whitespace-pre-wrap text-emerald-700 dark:text-emerald-300">&quot;{value}&quot;</span>;
  if (typeof value === 'number') return <span className="text-indigo-600 dark:text-indigo-300">{value}</span>;
  return <span className="text-fuchsia-700 dark:text-fuchsia-300">{String(value)}</span>;
}
