'use client';

import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { useEffect, useState, type ReactNode, type RefObject } from 'react';
import type { ExperimentDetails } from '@/lib/experiments/details';
import type { EvaluatorConfig } from '@/lib/evaluators/types';
import { RelativeTime } from '@/components/ui/relative-time';
import { Skeleton } from '@/components/ui/skeleton';
import { buttonClass } from '@/components/ui/button';
import { formatDuration, formatExact, formatInt } from '@/components/format';
import { StatusBadge } from './status-badge';
import { RateLimitWaits } from './rate-limit-waits';
import { Sheet, SheetSection } from '@/components/ui/sheet';
import { experimentDetailsQuery, isActive, isLive } from './queries';
import { VariantBreakdown } from './variant-breakdown';
import { ErrorLog } from './error-log';
import { ScoreValue } from './runs-cells';
import { JsonView } from '@/components/data/json-view';
import { CostStats } from '@/components/costs/cost-summary';
import { LastErrorBox } from './stop-reason';
import { formatCost } from '@/components/costs/format-cost';
import { BudgetCapEditor, showsBudgetEditor } from './budget-cap-editor';
import { NO_FILTER, resultsSearch } from '@/lib/experiments/results';
import { SKIPPED_SOURCE, evaluatorsSource, revealErrorLog } from './error-links';
import { ScrollBox } from '@/components/ui/scroll-box';

/**
 * The details slideover: status, counts and timing; the config snapshot the experiment runs with;
 * then the error log. Opens over the experiments table (which keeps updating behind it) or the
 * experiment page; refreshes itself every 2 s while the experiment is queued or running.
 */
export function DetailsSheet({ experimentId, name, open, onOpenChange, returnFocusTo, onExperimentPage = false, errorSource = null }: {
  experimentId: string;
  /** Shown while the details load. */
  name: string;
  open: boolean;
  onOpenChange: (open: boolean) => void;
  returnFocusTo?: RefObject<HTMLElement | null>;
  /** Hides the "Open experiment" link (we are on it). */
  onExperimentPage?: boolean;
  /** Opens on the error log, filtered to this source (a "3 skipped" link). */
  errorSource?: string | null;
}) {
  const query = useQuery({ ...experimentDetailsQuery(experimentId), enabled: open });
  const d = query.data;
  const s = d?.summary;
  return (
    <Sheet
      open={open}
      onOpenChange={onOpenChange}
      returnFocusTo={returnFocusTo}
      titlePrefix="Details of"
      header={s && (
        <>
          <StatusBadge status={s.status} lastError={s.lastError} waitingForWorker={s.waitingForWorker} />
          <RateLimitWaits count={s.rateLimitWaits} />
          {isLive(d) && <span className="text-[11px] text-zinc-500 dark:text-zinc-400">updating every 2 s</span>}
        </>
      )}
      title={s?.name ?? name}
      description={d && (
        <span className="flex flex-wrap items-center gap-x-1.5">
          <span>on</span>
          <Link href={`/datasets/${d.dataset.id}`} className="font-medium text-zinc-700 hover:underline dark:text-zinc-300">{d.dataset.name ?? 'a deleted dataset'}</Link>
          <span aria-hidden>·</span>
          <span className="font-mono">{d.config.model}</span>
          <span aria-hidden>·</span>
          <span className="font-mono" title={experimentId}>{experimentId.slice(0, 8)}</span>
        </span>
      )}
      actions={(
        <>
          <Link href={`/playground?from=${experimentId}`} className={buttonClass('ghost', 'sm')}>Open in playground</Link>
          {!onExperimentPage && <Link href={`/experiments/${experimentId}`} className={buttonClass('secondary', 'sm')}>Open experiment</Link>}
        </>
      )}
    >
      {!d ? (
        query.isError
          ? <p role="alert" className="px-5 py-6 text-red-600 dark:text-red-400">Could not load the details: {query.error.message}</p>
          : <SheetSkeleton />
      ) : (
        <DetailsBody d={d} onNavigate={() => onOpenChange(false)} initialErrorSource={errorSource} />
      )}
    </Sheet>
  );
}

function SheetSkeleton() {
  return (
    <div role="status" aria-label="Loading details" className="space-y-4 px-5 py-5">
      <div className="grid grid-cols-4 gap-2">{[0, 1, 2, 3].map((i) => <Skeleton key={i} className="h-14" />)}</div>
      <Skeleton className="h-24 w-full" />
      <Skeleton className="h-40 w-full" />
    </div>
  );
}

function DetailsBody({ d, onNavigate, initialErrorSource }: { d: ExperimentDetails; onNavigate: () => void; initialErrorSource: string | null }) {
  const s = d.summary;
  const live = isLive(d);
  const [errorSource, setErrorSource] = useState(initialErrorSource ?? 'all');
  const showErrors = (source: string) => {
    setErrorSource(source);
    revealErrorLog();
  };
  // Opened from a count elsewhere: start on the log. Runs before the dialog's own first focus,
  // which then leaves focus where this put it.
  useEffect(() => {
    if (initialErrorSource) revealErrorLog();
  }, [initialErrorSource]);
  return (
    <>
      {s.lastError && (
        <div className="px-5 pt-4">
          <LastErrorBox status={s.status} lastError={s.lastError} aside={d.errorsLogged > 0 && (
            <button type="button" onClick={() => document.getElementById('sheet-errors')?.scrollIntoView({ behavior: 'smooth', block: 'start' })}
              className="text-xs font-medium underline-offset-2 hover:underline focus-visible:outline-2 focus-visible:outline-current">
              Error log ({formatInt(d.errorsLogged)}) ↓
            </button>
          )} />
        </div>
      )}
      {showsBudgetEditor(s, d.config.budgetUsd) && (
        <div className="px-5 pt-4">
          <BudgetCapEditor key={`${s.id}:${d.config.budgetUsd ?? ''}`} s={s} budgetUsd={d.config.budgetUsd} />
        </div>
      )}
      <SheetSection title="Progress" id="sheet-progress">
        <Counts d={d} onShowErrors={showErrors} onNavigate={onNavigate} />
      </SheetSection>
      {d.variants.length > 1 && (
        <SheetSection title={`Variants (${d.variants.length})`} id="sheet-variants" aside={<Link href={`/compare?experiment=${s.id}`} className="text-[11px] text-accent-700 hover:underline dark:text-accent-400">Compare variants</Link>}>
          <VariantBreakdown experimentId={s.id} live={isActive(s)} evaluatorNames={s.evaluatorNames} />
        </SheetSection>
      )}
      <SheetSection title="Cost" id="sheet-cost" aside={<span className="text-[11px] text-zinc-500 dark:text-zinc-400">tasks and judges, at the prices charged</span>}>
        <CostStats c={s} />
      </SheetSection>
      <SheetSection title="Timing" id="sheet-timing">
        <Timing d={d} />
      </SheetSection>
      <SheetSection title="Configuration" id="sheet-config" aside={<span className="text-[11px] text-zinc-500 dark:text-zinc-400">snapshot taken at creation</span>}>
        <ConfigSnapshot d={d} />
      </SheetSection>
      <SheetSection title="Error log" id="sheet-errors">
        <ErrorLog experimentId={s.id} evaluatorNames={s.evaluatorNames} total={d.errorsLogged} live={live} onNavigate={onNavigate}
          source={errorSource} onSourceChange={setErrorSource} variants={d.variants} />
      </SheetSection>
    </>
  );
}

function Stat({ label, value, tone, sub }: { label: string; value: ReactNode; tone?: 'good' | 'bad' | 'warn'; sub?: ReactNode }) {
  const color = tone === 'good' ? 'text-emerald-700 dark:text-emerald-400' : tone === 'bad' ? 'text-red-600 dark:text-red-400' : tone === 'warn' ? 'text-amber-700 dark:text-amber-400' : '';
  return (
    <div className="bg-white px-3 py-2 dark:bg-zinc-950">
      <dt className="text-[11px] text-zinc-500 dark:text-zinc-400">{label}</dt>
      <dd className={`text-base font-semibold tabular-nums ${color}`}>{value}</dd>
      {sub && <dd className="text-[11px] text-zinc-500 dark:text-zinc-400">{sub}</dd>}
    </div>
  );
}

const countLink = 'underline decoration-current/40 underline-offset-2 hover:decoration-current focus-visible:outline-2 focus-visible:outline-accent-500';

/** A count that shows its entries in the error log below (visible number, its meaning for screen readers). */
function CountButton({ n, what, onClick }: { n: number; what: [one: string, many: string]; onClick: () => void }) {
  return (
    <button type="button" onClick={onClick} className={`rounded-sm ${countLink}`}>
      {formatInt(n)}<span className="sr-only"> {n === 1 ? what[0] : what[1]}: show {n === 1 ? 'it' : 'them'} in the error log</span>
    </button>
  );
}

function Counts({ d, onShowErrors, onNavigate }: { d: ExperimentDetails; onShowErrors: (source: string) => void; onNavigate: () => void }) {
  const s = d.summary;
  const evaluatorErrors = evaluatorsSource(s.evaluatorNames);
  const done = s.runsSucceeded + s.runsFailed;
  const pending = Math.max(0, s.totalRuns - done);
  const pct = (n: number) => (s.totalRuns ? Math.min(100, (n / s.totalRuns) * 100) : 0);
  const expectedEvals = s.evaluatorCount * s.runsSucceeded;
  return (
    <div className="space-y-3">
      <div className="flex items-center gap-3">
        <div role="progressbar" aria-label="Runs done" aria-valuemin={0} aria-valuemax={s.totalRuns || 1} aria-valuenow={done}
          className="flex h-1.5 flex-1 overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800">
          <div className="h-full bg-accent-500 transition-[width] duration-500" style={{ width: `${pct(s.runsSucceeded)}%` }} />
          <div className="h-full bg-red-500 transition-[width] duration-500" style={{ width: `${pct(s.runsFailed)}%` }} />
        </div>
        <span className="text-xs tabular-nums text-zinc-600 dark:text-zinc-400">
          {formatInt(done)} / {formatInt(s.totalRuns)} runs
          {s.runsCached > 0 && <span data-testid="runs-cached" title="Answered from the call cache: no provider call, no cost"> · {formatInt(s.runsCached)} cached</span>}
        </span>
      </div>
      <dl aria-label="Run counts" className="grid grid-cols-4 gap-px overflow-hidden rounded-md border border-zinc-200 bg-zinc-200 dark:border-zinc-800 dark:bg-zinc-800">
        <Stat label="Succeeded" value={formatInt(s.runsSucceeded)} />
        <Stat label="Failed" tone={s.runsFailed ? 'bad' : undefined}
          value={s.runsFailed ? <Link href={`/experiments/${s.id}?${resultsSearch({ ...NO_FILTER, status: 'failed' })}`} onClick={onNavigate} className={countLink}>{formatInt(s.runsFailed)}<span className="sr-only"> failed {s.runsFailed === 1 ? 'run: show it' : 'runs: show them'}</span></Link> : formatInt(0)}
          sub={s.runsFailed ? 'show the failed runs' : undefined} />
        <Stat label="Skipped" tone={s.itemsSkipped ? 'warn' : undefined}
          value={s.itemsSkipped ? <CountButton n={s.itemsSkipped} what={['skipped item', 'skipped items']} onClick={() => onShowErrors(SKIPPED_SOURCE)} /> : formatInt(0)}
          sub={s.itemsSkipped ? 'items lacking a variable' : undefined} />
        <Stat label="Pending" value={formatInt(pending)} />
      </dl>
      {s.evaluatorCount > 0 ? (
        <dl aria-label="Evaluation counts" className="grid grid-cols-4 gap-px overflow-hidden rounded-md border border-zinc-200 bg-zinc-200 dark:border-zinc-800 dark:bg-zinc-800">
          <Stat label="Evaluations done" value={formatInt(s.evalsCompleted)} sub={`of ${formatInt(expectedEvals)} expected`} />
          <Stat label="Delayed" tone={s.evalsDelayed ? 'warn' : undefined} sub={s.evalsDelayed ? 'retried later' : undefined}
            value={s.evalsDelayed ? <CountButton n={s.evalsDelayed} what={['delayed evaluation', 'delayed evaluations']} onClick={() => onShowErrors(evaluatorErrors)} /> : formatInt(0)} />
          <Stat label="Failed" tone={s.evalsFailed ? 'bad' : undefined}
            value={s.evalsFailed ? <CountButton n={s.evalsFailed} what={['failed evaluation', 'failed evaluations']} onClick={() => onShowErrors(evaluatorErrors)} /> : formatInt(0)} />
          <Stat
            label="Averages"
            value={d.evaluatorAverages.length === 0 ? <span className="text-zinc-500 dark:text-zinc-400">—</span> : (
              <span className="flex flex-wrap gap-x-2 text-sm">
                {d.evaluatorAverages.map((a) => (
                  <span key={a.evaluator} title={`${a.evaluator}: mean of ${formatInt(a.count)} scores`}>
                    <span className="font-mono text-[11px] font-normal text-zinc-500 dark:text-zinc-400">{a.evaluator}</span> <ScoreValue value={a.average} />
                  </span>
                ))}
              </span>
            )}
          />
        </dl>
      ) : (
        <p className="text-xs text-zinc-500 dark:text-zinc-400">No evaluators configured.</p>
      )}
    </div>
  );
}

function useNow(active: boolean) {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    const timer = setInterval(() => setNow(Date.now()), 1_000);
    return () => clearInterval(timer);
  }, [active]);
  return now;
}

function Timing({ d }: { d: ExperimentDetails }) {
  const s = d.summary;
  const running = s.status === 'RUNNING';
  const now = useNow(running);
  const start = s.startedAt ? Date.parse(s.startedAt) : null;
  const end = s.finishedAt ? Date.parse(s.finishedAt) : running ? now : null;
  const duration = start !== null && end !== null && end >= start ? formatDuration(end - start) : null;
  const rows: [string, ReactNode][] = [
    ['Created', <RelativeTime key="c" value={s.createdAt} />],
    ['Started', <RelativeTime key="s" value={s.startedAt} />],
    ['Finished', s.finishedAt ? <RelativeTime key="f" value={s.finishedAt} /> : <span className="text-zinc-500 dark:text-zinc-400">{running ? 'running…' : '—'}</span>],
    ['Duration', duration ? <span className="tabular-nums">{duration}{running && !s.finishedAt ? ' so far' : ''}</span> : <span className="text-zinc-500 dark:text-zinc-400">—</span>],
  ];
  return (
    <dl className="grid grid-cols-4 gap-3">
      {rows.map(([label, value]) => (
        <div key={label}>
          <dt className="text-[11px] text-zinc-500 dark:text-zinc-400">{label}</dt>
          <dd className="mt-0.5">{value}</dd>
        </div>
      ))}
    </dl>
  );
}

const roleStyle: Record<string, string> = {
  system: 'text-amber-700 dark:text-amber-300',
  user: 'text-accent-600 dark:text-accent-400',
  assistant: 'text-emerald-700 dark:text-emerald-300',
};

function ConfigSnapshot({ d }: { d: ExperimentDetails }) {
  const c = d.config;
  const params = Object.entries(c.params ?? {}).filter(([, v]) => v !== undefined && v !== null);
  const paramLabel: Record<string, string> = { temperature: 'temperature', maxTokens: 'max tokens', topP: 'top_p' };
  const facts: [string, ReactNode][] = [
    ['Provider', d.provider.name ?? <span className="text-zinc-500 dark:text-zinc-400" title={d.provider.id}>deleted connection</span>],
    ['Model', <span key="m" className="font-mono text-xs">{c.model}</span>],
    ...(d.variants.length > 1 ? [['Variants', <span key="vs" className="text-xs">{d.variants.length}: {d.variants.map((v) => v.name).join(' · ')}</span>] as [string, ReactNode]] : []),
    ['Params', params.length === 0 ? <span className="text-zinc-500 dark:text-zinc-400">provider defaults</span> : (
      <span className="flex flex-wrap gap-1">
        {params.map(([k, v]) => (
          <span key={k} className="rounded bg-zinc-100 px-1.5 py-0.5 font-mono text-[11px] dark:bg-zinc-800">{paramLabel[k] ?? k} {String(v)}</span>
        ))}
      </span>
    )],
    ['Repetitions', formatInt(c.repetitions ?? 1)],
    ['Max concurrency', c.maxConcurrency ? formatInt(c.maxConcurrency) : <span className="text-zinc-500 dark:text-zinc-400">worker default</span>],
    ['Budget cap', c.budgetUsd != null ? <span key="b" className="tabular-nums">{formatCost(c.budgetUsd)}</span> : <span className="text-zinc-500 dark:text-zinc-400">none</span>],
    ['Call cache', c.cache === 'on' ? 'on' : c.cache === 'off' ? 'off' : <span key="cc">auto <span className="text-zinc-500 dark:text-zinc-400">(temperature 0 with one repetition)</span></span>],
    ['Dataset version', <time key="v" dateTime={d.dataset.version} title={d.dataset.version} suppressHydrationWarning>{formatExact(new Date(d.dataset.version))}</time>],
  ];
  return (
    <div className="space-y-4">
      <dl className="grid grid-cols-[8rem_1fr] gap-x-3 gap-y-1.5">
        {facts.map(([label, value]) => (
          <div key={label} className="contents">
            <dt className="text-xs text-zinc-500 dark:text-zinc-400">{label}</dt>
            <dd className="min-w-0">{value}</dd>
          </div>
        ))}
      </dl>

      <div>
        <h4 className="mb-1.5 text-xs font-medium text-zinc-700 dark:text-zinc-300">
          Prompt{c.template.promptId ? <span className="font-normal text-zinc-500 dark:text-zinc-400"> · saved prompt, version {c.template.promptVersion}</span> : null}
        </h4>
        <ol aria-label="Prompt messages" className="space-y-1.5">
          {c.template.messages.map((m, i) => (
            <li key={i} className="overflow-hidden rounded-md border border-zinc-200 dark:border-zinc-800">
              <div className={`border-b border-zinc-100 bg-zinc-50 px-2.5 py-1 text-[11px] font-semibold uppercase tracking-wide dark:border-zinc-800 dark:bg-zinc-900/60 ${roleStyle[m.role] ?? ''}`}>{m.role}</div>
              <ScrollBox className="max-h-60 overflow-auto" label={`${m.role} message ${i + 1}`}>
                <pre className="whitespace-pre-wrap break-words px-2.5 py-2 font-mono text-xs leading-relaxed">{m.content || <span className="text-zinc-500 dark:text-zinc-400">(empty)</span>}</pre>
              </ScrollBox>
            </li>
          ))}
        </ol>
      </div>

      <div>
        <h4 className="mb-1.5 text-xs font-medium text-zinc-700 dark:text-zinc-300">Response schema</h4>
        {c.responseSchema
          ? (
            <details className="group">
              <summary className="cursor-pointer select-none text-xs text-accent-600 hover:underline dark:text-accent-400">
                <span className="group-open:hidden">Show the JSON schema</span><span className="hidden group-open:inline">Hide the JSON schema</span>
              </summary>
              <div className="mt-2"><JsonView value={c.responseSchema} label="JSON schema" openDepth={3} /></div>
            </details>
          )
          : <p className="text-xs text-zinc-500 dark:text-zinc-400">None: the model answers in free text.</p>}
      </div>

      <div>
        <h4 className="mb-1.5 text-xs font-medium text-zinc-700 dark:text-zinc-300">Evaluators</h4>
        {c.evaluators.length === 0
          ? <p className="text-xs text-zinc-500 dark:text-zinc-400">None.</p>
          : (
            <ul aria-label="Evaluators" className="divide-y divide-zinc-100 rounded-md border border-zinc-200 dark:divide-zinc-800/70 dark:border-zinc-800">
              {c.evaluators.map((ev) => <EvaluatorLine key={ev.name} ev={ev} judgeProviders={d.judgeProviders} />)}
            </ul>
          )}
      </div>
    </div>
  );
}

const typeLabel: Record<EvaluatorConfig['type'], string> = {
  exact_match: 'Exact match', contains: 'Contains', regex: 'Regex', valid_json: 'Valid JSON', json_schema: 'JSON schema',
  numeric_closeness: 'Numeric closeness', string_similarity: 'String similarity', llm_judge: 'LLM judge',
};

function EvaluatorLine({ ev, judgeProviders }: { ev: EvaluatorConfig; judgeProviders: Record<string, string | null> }) {
  const details: string[] = [];
  if (ev.outputField) details.push(`output.${ev.outputField}`);
  if (ev.expectedField) details.push(`expected.${ev.expectedField}`);
  switch (ev.type) {
    case 'exact_match': if (ev.caseSensitive === false) details.push('case-insensitive'); break;
    case 'contains': if (ev.value) details.push(`“${ev.value}”`); break;
    case 'regex': details.push(`/${ev.pattern}/${ev.flags ?? ''}`); break;
    case 'numeric_closeness': details.push(`± ${ev.tolerance ?? 0}${ev.relativeTolerance ? ` or ${ev.relativeTolerance * 100}%` : ''}`); break;
    case 'string_similarity': details.push(`threshold ${ev.threshold ?? 0.8}`); break;
    case 'llm_judge': details.push(`${ev.model} via ${judgeProviders[ev.providerConnectionId] ?? 'a deleted connection'}`); break;
  }
  return (
    <li className="px-3 py-2">
      <div className="flex flex-wrap items-center gap-2">
        <span className="font-mono text-xs font-medium">{ev.name}</span>
        <span className="rounded bg-zinc-100 px-1.5 py-0.5 text-[11px] text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300">{typeLabel[ev.type]}</span>
        {details.length > 0 && <span className="font-mono text-[11px] text-zinc-500 dark:text-zinc-400">{details.join(' · ')}</span>}
      </div>
      {ev.type === 'llm_judge' && (
        <details className="mt-1.5">
          <summary className="cursor-pointer select-none text-[11px] text-accent-600 hover:underline dark:text-accent-400">Judge template</summary>
          <div className="mt-1.5 space-y-1">
            {ev.template.map((m, i) => (
              <pre key={i} className="whitespace-pre-wrap break-words rounded bg-zinc-50 px-2 py-1.5 font-mono text-[11px] dark:bg-zinc-900/60">
                <span className={`font-semibold uppercase ${roleStyle[m.role] ?? ''}`}>{m.role}</span>{'\n'}{m.content}
              </pre>
            ))}
          </div>
        </details>
      )}
    </li>
  );
}
