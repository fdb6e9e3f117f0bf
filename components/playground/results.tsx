'use client';

import Link from 'next/link';
import { useMemo, useState, type ReactNode } from 'react';
import type { ExperimentSummary } from '@/lib/experiments/queries';
import type { PlaygroundRun } from '@/lib/playground/runs';
import type { RunEvaluation } from '@/lib/experiments/run-view';
import { medianLatency, sortRuns, summariseScores } from '@/lib/playground/results';
import { StatusBadge } from '@/components/experiments/status-badge';
import { CachedBadge, RunColumnHeads, ScoreValue, scoreBadgeTone } from '@/components/experiments/runs-cells';
import { Badge, badgeClass } from '@/components/ui/badge';
import { EmptyState } from '@/components/ui/empty-state';
import { ColGroup, EmptyRow, Pending, Table, Td, Th, THead, Tr } from '@/components/ui/table';
import { formatInt, formatLatency, formatScore, scoreTone } from '@/components/format';
import { JsonTree } from '@/components/data/json-tree';
import { VariantResults } from './variant-results';
import { summaryText } from '@/components/data/json-tree-model';

/** The experiment a Run started, as far as the page knows it before the first poll. */
export interface CurrentRun {
  id: string; name: string; record: boolean; evaluatorNames: string[]; datasetName: string;
  /** Names of the experiment's variants, by variant number; a Variant column shows when there are several. */
  variantNames: string[];
}

const MAX_ROWS = 500;

export function Results({ current, summary, runs, streamError }: {
  current: CurrentRun | null; summary: ExperimentSummary | undefined; runs: ReadonlyMap<string, PlaygroundRun>; streamError: string | null;
}) {
  const sorted = useMemo(() => sortRuns(runs.values()), [runs]);
  const scores = useMemo(() => summariseScores(sorted, current?.evaluatorNames ?? []), [sorted, current]);
  const latency = useMemo(() => medianLatency(sorted), [sorted]);

  return (
    <section aria-labelledby="pg-results-heading" className="space-y-3">
      <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
        <h2 id="pg-results-heading" className="text-sm font-semibold">Results</h2>
        {current && <RunHeader current={current} summary={summary} />}
      </div>
      {!current ? (
        <EmptyState title="Run the prompt to see results here">
          Each row appears as soon as its call returns, with the output, the evaluators’ scores and the latency.
          Press <kbd className="rounded border border-zinc-300 px-1 font-sans text-[11px] dark:border-zinc-700">Ctrl</kbd> + <kbd className="rounded border border-zinc-300 px-1 font-sans text-[11px] dark:border-zinc-700">Enter</kbd> to run from anywhere in the form.
        </EmptyState>
      ) : (
        <>
          <Stats summary={summary} scores={scores} latency={latency} loaded={sorted.length} />
          {current.variantNames.length > 1 && <VariantResults runs={sorted} variantNames={current.variantNames} evaluatorNames={current.evaluatorNames} />}
          {streamError && <p role="status" className="text-xs text-amber-700 dark:text-amber-400">Could not refresh the results ({streamError}); retrying…</p>}
          <RunsTable runs={sorted} evaluatorNames={current.evaluatorNames} variantNames={current.variantNames} summary={summary} />
        </>
      )}
    </section>
  );
}

function RunHeader({ current, summary }: { current: CurrentRun; summary: ExperimentSummary | undefined }) {
  const status = summary?.status ?? 'QUEUED';
  const done = summary ? summary.runsSucceeded + summary.runsFailed : 0;
  const total = summary?.totalRuns ?? 0;
  const pct = (n: number) => (total ? Math.min(100, (n / total) * 100) : 0);
  const active = status === 'QUEUED' || status === 'RUNNING';
  return (
    <>
      <StatusBadge status={status} lastError={summary?.lastError} />
      <div className="flex items-center gap-2">
        <span className="text-xs tabular-nums text-zinc-600 dark:text-zinc-400">
          {total ? <><span className="text-zinc-900 dark:text-zinc-100">{formatInt(done)}</span> / {formatInt(total)}</> : active ? 'starting…' : '—'}
        </span>
        <div role="progressbar" aria-label="Run progress" aria-valuemin={0} aria-valuemax={total || 1} aria-valuenow={done}
          className="flex h-1 w-40 overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800">
          <div className="h-full bg-accent-500 transition-[width] duration-500" style={{ width: `${pct(summary?.runsSucceeded ?? 0)}%` }} />
          <div className="h-full bg-red-500 transition-[width] duration-500" style={{ width: `${pct(summary?.runsFailed ?? 0)}%` }} />
        </div>
      </div>
      <span className="min-w-0 truncate text-xs text-zinc-500 dark:text-zinc-400" title={current.name}>
        <span className="font-mono">{current.name}</span> on {current.datasetName}
      </span>
      <span className="ml-auto flex items-center gap-3 text-xs">
        {active && (
          <span className="text-zinc-500 dark:text-zinc-400">
            {current.record ? 'Keeps running if you leave this page' : 'Not recorded: stops if you leave this page'}
          </span>
        )}
        <Link
          href={`/experiments/${current.id}`}
          // An unrecorded run stops when this page goes: open it beside the playground instead.
          target={current.record ? undefined : '_blank'}
          className="font-medium text-accent-600 hover:underline focus-visible:outline-2 focus-visible:outline-accent-500 dark:text-accent-400"
        >
          Open experiment{current.record ? '' : ' ↗'}
        </Link>
      </span>
      {summary?.status === 'ERROR' && summary.lastError && (
        <p role="alert" className="w-full rounded-md border border-red-200 bg-red-50 px-3 py-2 text-red-700 dark:border-red-900/60 dark:bg-red-950/40 dark:text-red-300">
          <span className="font-medium">The experiment stopped with an error: </span>{summary.lastError}
        </p>
      )}
    </>
  );
}

function Stats({ summary, scores, latency, loaded }: {
  summary: ExperimentSummary | undefined; scores: ReturnType<typeof summariseScores>; latency: number | null; loaded: number;
}) {
  const facts: { label: string; value: ReactNode; sub?: string; key: string }[] = [
    ...scores.map((s) => ({
      key: `score-${s.name}`,
      label: s.name,
      value: <ScoreValue value={s.average} />,
      sub: `${s.scored ? `average of ${formatInt(s.scored)}` : 'no scores yet'}${s.pending ? ` · ${formatInt(s.pending)} pending` : ''}${s.failed ? ` · ${formatInt(s.failed)} failed` : ''}`,
    })),
    {
      key: 'succeeded', label: 'Succeeded',
      value: formatInt(summary?.runsSucceeded ?? 0),
      sub: summary?.totalRuns ? `of ${formatInt(summary.totalRuns)} runs` : undefined,
    },
    {
      key: 'failed', label: 'Failed',
      value: <span className={summary?.runsFailed ? 'text-red-600 dark:text-red-400' : ''}>{formatInt(summary?.runsFailed ?? 0)}</span>,
      sub: summary?.itemsSkipped ? `${formatInt(summary.itemsSkipped)} items skipped` : undefined,
    },
    { key: 'latency', label: 'Median latency', value: formatLatency(latency), sub: loaded ? `over ${formatInt(loaded)} runs` : undefined },
  ];
  return (
    <dl className="grid grid-cols-[repeat(auto-fit,minmax(11rem,1fr))] gap-px overflow-hidden rounded-lg border border-zinc-200 bg-zinc-200 dark:border-zinc-800 dark:bg-zinc-800">
      {facts.map((f) => (
        <div key={f.key} className="bg-white px-3 py-2.5 dark:bg-zinc-950">
          <dt className="truncate font-mono text-xs text-zinc-500 dark:text-zinc-400" title={f.label}>
            {f.key.startsWith('score-') ? f.label : <span className="font-sans">{f.label}</span>}
          </dt>
          <dd className="mt-0.5 text-base font-semibold tabular-nums">{f.value}</dd>
          {f.sub && <dd className="text-[11px] text-zinc-500 dark:text-zinc-400">{f.sub}</dd>}
        </div>
      ))}
    </dl>
  );
}

function RunsTable({ runs, evaluatorNames, variantNames, summary }: {
  runs: PlaygroundRun[]; evaluatorNames: string[]; variantNames: string[]; summary: ExperimentSummary | undefined;
}) {
  const [expanded, setExpanded] = useState<ReadonlySet<string>>(() => new Set());
  const toggle = (id: string) => setExpanded((prev) => {
    const next = new Set(prev);
    if (next.has(id)) next.delete(id); else next.add(id);
    return next;
  });
  const shown = runs.slice(0, MAX_ROWS);
  const showRepetition = runs.some((r) => r.repetition > 1);
  const showVariant = variantNames.length > 1;
  const colCount = 6 + evaluatorNames.length + (showVariant ? 1 : 0);
  const waiting = summary?.status === 'QUEUED' || summary?.status === 'RUNNING' || !summary;

  return (
    <div className="space-y-2">
      <Table aria-label="Results" className="table-fixed">
        <ColGroup widths={['w-10', ...(showVariant ? ['w-48'] : []), 'w-[22%]', 'w-[14%]', null, ...evaluatorNames.map(() => 'w-28'), 'w-20', 'w-24']} />
        <THead>
          <Th><span className="sr-only">Expand</span></Th>
          {showVariant && <Th>Variant</Th>}
          <RunColumnHeads evaluatorNames={evaluatorNames} />
          <Th numeric>Latency</Th>
          <Th>Status</Th>
        </THead>
        <tbody>
          {shown.length === 0 && (
            <EmptyRow colSpan={colCount} className="py-6">
              {waiting ? <Pending>{summary?.status === 'RUNNING' ? 'Running the first items…' : 'Waiting for a worker to pick the run up…'}</Pending> : 'No runs were recorded.'}
            </EmptyRow>
          )}
          {shown.map((r) => (
            <RunRow key={r.id} run={r} evaluatorNames={evaluatorNames} expanded={expanded.has(r.id)} onToggle={() => toggle(r.id)} showRepetition={showRepetition}
              variantName={showVariant ? variantNames[r.variant] ?? `variant ${r.variant + 1}` : null} />
          ))}
        </tbody>
      </Table>
      {runs.length > MAX_ROWS && (
        <p className="text-xs text-zinc-500 dark:text-zinc-400">Showing the first {formatInt(MAX_ROWS)} of {formatInt(runs.length)} runs; the experiment page has them all.</p>
      )}
    </div>
  );
}

function RunRow({ run, evaluatorNames, expanded, onToggle, showRepetition, variantName }: {
  run: PlaygroundRun; evaluatorNames: string[]; expanded: boolean; onToggle: () => void; showRepetition: boolean;
  /** Null when the experiment has one variant (no Variant column). */
  variantName: string | null;
}) {
  const failed = run.status === 'FAILED';
  return (
    <Tr data-run-status={run.status} data-variant={run.variant} className={`align-top ${failed ? 'bg-red-50/40 dark:bg-red-950/10' : ''}`}>
      <Td className="align-top pr-0">
        <button type="button" onClick={onToggle} aria-expanded={expanded} aria-label={expanded ? 'Collapse row' : 'Expand row'}
          className="inline-flex size-5 items-center justify-center rounded text-zinc-500 hover:bg-zinc-100 hover:text-zinc-700 focus-visible:outline-2 focus-visible:outline-accent-500 dark:hover:bg-zinc-800 dark:hover:text-zinc-200 dark:text-zinc-400">
          <svg viewBox="0 0 16 16" width="12" height="12" aria-hidden fill="none" stroke="currentColor" strokeWidth="1.8" className={`transition-transform ${expanded ? 'rotate-90' : ''}`}><path d="m6 3.5 4.5 4.5L6 12.5" /></svg>
        </button>
      </Td>
      {variantName !== null && (
        <Td className="align-top">
          <span className="inline-flex max-w-full items-center gap-1 text-xs" title={variantName}>
            <span aria-hidden className="shrink-0 rounded bg-zinc-100 px-1 text-[11px] tabular-nums text-zinc-500 dark:bg-zinc-800 dark:text-zinc-400">{run.variant + 1}</span>
            <span className="truncate text-zinc-700 dark:text-zinc-300">{variantName}</span>
          </span>
        </Td>
      )}
      <Td className="align-top">
        <Clamp value={run.input} expanded={expanded} />
        {showRepetition && <span className="mt-1 inline-block rounded bg-zinc-100 px-1 text-[11px] tabular-nums text-zinc-600 dark:bg-zinc-800 dark:text-zinc-400">repetition {run.repetition}</span>}
      </Td>
      <Td className="align-top"><Clamp value={run.expected} expanded={expanded} muted /></Td>
      <Td className="align-top">
        {failed
          ? (
            <div className="text-xs text-red-700 dark:text-red-300">
              <span className="font-medium">Failed{run.attempts > 1 ? ` after ${run.attempts} attempts` : ''}: </span>
              <span className={`whitespace-pre-wrap break-words ${expanded ? '' : 'line-clamp-3'}`} title={run.error ?? undefined}>{run.error ?? 'unknown error'}</span>
            </div>
          )
          : <Clamp value={run.output} expanded={expanded} strong />}
      </Td>
      {evaluatorNames.map((n) => (
        <Td key={n} className="align-top">
          <ScoreCell evaluation={run.evaluations.find((e) => e.name === n)} runFailed={failed} />
        </Td>
      ))}
      <Td numeric className="align-top text-xs text-zinc-600 dark:text-zinc-400" title={run.promptTokens !== null ? `${run.promptTokens} prompt + ${run.completionTokens ?? 0} completion tokens` : undefined}>
        {formatLatency(run.latencyMs)}
      </Td>
      <Td className="align-top">
        {failed
          ? <Badge tone="danger" data-status={run.status} className="text-[11px]">Failed</Badge>
          : (
            <span className="inline-flex flex-wrap items-center gap-1">
              <span data-status={run.status} className="inline-flex h-5 items-center gap-1.5 text-xs text-zinc-600 dark:text-zinc-400">
                <span aria-hidden className="size-1.5 rounded-full bg-emerald-500" />Succeeded
              </span>
              {run.cached && <CachedBadge />}
            </span>
          )}
      </Td>
    </Tr>
  );
}

/** Three lines of the value; expanded, the whole of it as key/value rows. */
function Clamp({ value, expanded, muted, strong }: { value: unknown; expanded: boolean; muted?: boolean; strong?: boolean }) {
  const { text, mono } = summaryText(value);
  if (!text) return <span className="text-zinc-500 dark:text-zinc-400">—</span>;
  if (expanded) return <JsonTree value={value} openDepth={3} className="text-xs leading-relaxed" />;
  return (
    <div
      title={text}
      className={`whitespace-pre-wrap break-words line-clamp-3 ${mono ? 'font-mono text-xs' : ''} ${muted ? 'text-zinc-600 dark:text-zinc-400' : strong ? 'text-zinc-900 dark:text-zinc-100' : 'text-zinc-700 dark:text-zinc-300'}`}
    >
      {text}
    </div>
  );
}

function ScoreCell({ evaluation: e, runFailed }: { evaluation: RunEvaluation | undefined; runFailed: boolean }) {
  if (runFailed) return <span className="text-zinc-500 dark:text-zinc-400" title="Failed runs are not evaluated">—</span>;
  if (!e || e.status === 'PENDING') return <span className="text-xs text-zinc-500 dark:text-zinc-400">pending…</span>;
  if (e.status === 'DELAYED') return <span className="text-xs text-amber-700 dark:text-amber-400" title={e.error ?? 'The judge is rate-limited or unavailable; it is retried later'}>delayed</span>;
  if (e.status === 'ERROR' || e.score === null) return <span className="text-xs text-red-600 dark:text-red-400" title={e.error ?? undefined}>error</span>;
  const tone = scoreTone(e.score);
  return (
    <span className="inline-flex max-w-full items-center gap-1.5" title={[e.label, e.explanation].filter(Boolean).join(': ') || undefined}>
      <span className={badgeClass(scoreBadgeTone[tone], 'chip', 'min-w-8 justify-center text-xs font-semibold tabular-nums')}>
        {formatScore(e.score)}
      </span>
      {e.label && <span className="truncate text-[11px] text-zinc-500 dark:text-zinc-400">{e.label}</span>}
    </span>
  );
}
