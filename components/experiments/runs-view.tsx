'use client';

import Link from 'next/link';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { useFinalRefetch } from '@/components/api/use-final-refetch';
import type { ExperimentDetails } from '@/lib/experiments/details';
import { NO_FILTER, parseCursor, parseResultsParams, resultsSearch, type PageRef, type ResultsFilter, type ResultsPage } from '@/lib/experiments/results';
import { PageBody, PageHeader } from '@/components/app-shell/page-header';
import { Button, buttonClass } from '@/components/ui/button';
import { formatInt } from '@/components/format';
import { StatusBadge } from './status-badge';
import { RateLimitWaits } from './rate-limit-waits';
import { ErrorRateCell } from './error-rate-cell';
import { DetailsSheet } from './details-sheet';
import { RunsFilters, RunsKeysetPager, RunsTable, type RunCounts } from './runs-table';
import { ScoreValue } from './runs-cells';
import { canResume, canStop, experimentDetailsQuery, experimentResultsQuery, isLive } from './queries';
import { useCooldownLeft } from './use-cooldown';
import { useUrlState } from './runs-url-state';
import { useExperimentActions } from './use-experiment-actions';
import { CostTokens, CostValue } from '@/components/costs/cost-summary';
import { LastErrorBox } from './stop-reason';
import { ExportMenu } from './export-menu';
import type { ExportFilter } from '@/lib/experiments/export-params';
import type { ExperimentDistributions } from '@/lib/experiments/distributions';
import { DistributionCharts } from './distribution-charts';
import { SKIPPED_SOURCE, evaluatorsSource, parseErrorsHash } from './error-links';
import { VariantBreakdown } from './variant-breakdown';

/**
 * The experiment page: a live header (status, progress, error rate, evaluator averages, model,
 * Stop / Resume, Details), each variant's line when there are several, then every run, filtered and
 * paged by key through the URL (`?status=`, `?variant=`, `?evaluator=&op=&score=`, `?item=`,
 * `?after=` / `?before=`), refreshed while the experiment runs.
 */
export function ExperimentView({ initialDetails, initialResults, initialSearch, initialDistributions }: {
  initialDetails: ExperimentDetails; initialResults: ResultsPage; initialSearch: string; initialDistributions: ExperimentDistributions;
}) {
  const id = initialDetails.summary.id;
  const [{ filter, page }, setView] = useUrlState(parseResultsParams, (v) => resultsSearch(v.filter, v.page));
  const search = resultsSearch(filter, page);

  const details = useQuery({ ...experimentDetailsQuery(id, 1_000), initialData: initialDetails });
  const d = details.data ?? initialDetails;
  const live = isLive(d);

  const results = useQuery({
    ...experimentResultsQuery(id, search, live),
    initialData: search === initialSearch ? initialResults : undefined,
    placeholderData: keepPreviousData,
  });
  useFinalRefetch(live, results.refetch);

  const go = (f: ResultsFilter, p: PageRef | null = null) => setView({ filter: f, page: p });
  const filtered = filter.status !== 'all' || !!filter.score || !!filter.itemId || filter.variant !== null;
  const s = d.summary;

  // The details sheet opens from the header's Details button, or on its error log from a count
  // ("3 skipped") here or from `#errors=<source>` in the address (the experiments table links so).
  const [sheet, setSheet] = useState<{ open: boolean; errorSource: string | null }>({ open: false, errorSource: null });
  const sheetOpener = useRef<HTMLElement | null>(null);
  const openDetails = (from: HTMLElement | null, errorSource: string | null = null) => {
    sheetOpener.current = from;
    setSheet({ open: true, errorSource });
  };
  useEffect(() => {
    const source = parseErrorsHash(window.location.hash);
    if (source === null) return;
    window.history.replaceState(window.history.state, '', window.location.pathname + window.location.search);
    // Once, from the address: the hash is not known while rendering on the server.
    setSheet({ open: true, errorSource: source });
  }, []);
  const showFailedRuns = () => {
    go({ ...NO_FILTER, status: 'failed' });
    document.getElementById('runs-heading')?.scrollIntoView({ block: 'start', behavior: 'smooth' });
  };

  return (
    <>
      <PageHeader
        title={s.name}
        crumbs={[
          { label: 'Datasets', href: '/datasets' },
          { label: d.dataset.name ?? 'Deleted dataset', href: d.dataset.name ? `/datasets/${d.dataset.id}` : undefined },
          { label: s.name },
        ]}
        description={d.description || undefined}
        meta={<><StatusBadge status={s.status} lastError={s.lastError} waitingForWorker={s.waitingForWorker} /><RateLimitWaits count={s.rateLimitWaits} /></>}
        actions={<HeaderActions d={d} onOpenDetails={(from) => openDetails(from)} exportFilter={{ status: filter.status, variant: filter.variant }} />}
      />
      <DetailsSheet experimentId={s.id} name={s.name} open={sheet.open} onOpenChange={(open) => setSheet((v) => ({ ...v, open }))}
        returnFocusTo={sheetOpener} errorSource={sheet.errorSource} onExperimentPage />
      <PageBody>
        <div className="space-y-3">
          <Overview d={d} onShowFailed={showFailedRuns} onShowErrors={openDetails} />
          <LastErrorBox status={s.status} lastError={s.lastError} />
        </div>
        {s.variantCount > 1 && (
          <section aria-labelledby="variants-heading" className="space-y-2">
            <div className="flex flex-wrap items-end justify-between gap-3">
              <h2 id="variants-heading" className="text-sm font-semibold">Variants <span className="font-normal tabular-nums text-zinc-500 dark:text-zinc-400">{formatInt(s.variantCount)}</span></h2>
              <Link href={`/compare?experiment=${id}`} className="text-xs font-medium text-accent-600 hover:underline dark:text-accent-400">Compare variants</Link>
            </div>
            <div className="rounded-lg border border-zinc-200 px-3 py-1 dark:border-zinc-800">
              <VariantBreakdown experimentId={id} live={live} evaluatorNames={s.evaluatorNames} />
            </div>
          </section>
        )}
        <DistributionCharts experimentId={id} initial={initialDistributions} live={live} evaluatorNames={s.evaluatorNames} averages={d.evaluatorAverages} />
        <section aria-labelledby="runs-heading" className="space-y-3">
          <div className="flex flex-wrap items-end justify-between gap-3">
            <h2 id="runs-heading" className="text-sm font-semibold">Runs</h2>
            <p className="text-xs text-zinc-500 dark:text-zinc-400">
              {results.isError ? <span className="text-amber-700 dark:text-amber-400">Could not refresh; retrying…</span>
                : live ? <span className="inline-flex items-center gap-1.5"><span aria-hidden className="size-1.5 animate-pulse rounded-full bg-blue-500" />Live: updating every 2 seconds</span>
                  : 'Click a row to see the exact request and the raw response'}
            </p>
          </div>
          <RunsFilters
            filter={filter}
            counts={runCounts(d, filter.variant)}
            evaluatorNames={s.evaluatorNames}
            variants={d.variants}
            onChange={(f) => go(f)}
          />
          <div className={`transition-opacity ${results.isPlaceholderData ? 'opacity-60' : ''}`} aria-busy={results.isFetching && results.isPlaceholderData}>
            <RunsTable
              experimentId={id}
              data={results.data}
              evaluatorNames={s.evaluatorNames}
              live={live}
              filtered={filtered}
              onClearFilters={() => go(NO_FILTER)}
              variants={d.variants}
            />
          </div>
          <RunsKeysetPager data={results.data} onPage={(to) => {
            const key = parseCursor(to.cursor);
            go(filter, key ? (to.dir === 'next' ? { after: key } : { before: key }) : null);
            document.getElementById('runs-heading')?.scrollIntoView({ block: 'start', behavior: 'smooth' });
          }} />
        </section>
      </PageBody>
    </>
  );
}

function HeaderActions({ d, onOpenDetails, exportFilter }: { d: ExperimentDetails; onOpenDetails: (from: HTMLElement) => void; exportFilter: ExportFilter }) {
  const s = d.summary;
  const actions = useExperimentActions();
  const cooldown = useCooldownLeft(s.toggledAt, true);
  const cooling = cooldown > 0;
  const hint = cooling ? `Wait ${Math.ceil(cooldown / 1000)} s: stop/resume is allowed once every 5 seconds` : undefined;
  const target = { id: s.id, name: s.name };
  return (
    <div className="flex items-center gap-2">
      {canStop(s) && (
        <Button onClick={() => actions.stop.mutate(target)} disabled={cooling || actions.pending} title={hint ?? 'Calls in flight finish; nothing new starts'}>
          <svg viewBox="0 0 16 16" width="12" height="12" aria-hidden fill="currentColor"><rect x="3.5" y="3.5" width="9" height="9" rx="1.5" /></svg>
          Stop
        </Button>
      )}
      {canResume(s) && (
        <Button onClick={() => actions.resume.mutate(target)} disabled={cooling || actions.pending} title={hint ?? 'Runs pending and failed items again; keeps succeeded ones'}>
          <svg viewBox="0 0 16 16" width="12" height="12" aria-hidden fill="currentColor"><path d="M4.5 3.2v9.6a.5.5 0 0 0 .77.42l7.2-4.8a.5.5 0 0 0 0-.84l-7.2-4.8a.5.5 0 0 0-.77.42Z" /></svg>
          {s.runsFailed > 0 ? 'Resume (retry failed)' : 'Resume'}
        </Button>
      )}
      <ExportMenu experimentId={s.id} filter={exportFilter} />
      <Link href={`/playground?from=${s.id}`} className={buttonClass('secondary')}>Open in playground</Link>
      <button type="button" className={buttonClass('primary')} onClick={(ev) => onOpenDetails(ev.currentTarget)}>Details</button>
    </div>
  );
}

function Tile({ label, children, sub, mono }: { label: ReactNode; children: ReactNode; sub?: ReactNode; mono?: boolean }) {
  return (
    <div className="min-w-36 flex-1 bg-white px-3 py-2.5 dark:bg-zinc-950">
      <dt className={`truncate text-xs text-zinc-500 dark:text-zinc-400 ${mono ? 'font-mono' : ''}`}>{label}</dt>
      <dd className="mt-0.5 text-base font-semibold tabular-nums">{children}</dd>
      {sub && <dd className="truncate text-[11px] text-zinc-500 dark:text-zinc-400">{sub}</dd>}
    </div>
  );
}

/** A count in a tile's sub line that leads to what it counts (the failed runs, the error log). */
function CountLink({ children, label, ...props }: { children: ReactNode; label: string } & ({ href: string; onClick: () => void } | { onClick: (from: HTMLElement) => void; href?: undefined })) {
  const cls = 'font-medium underline decoration-current/40 underline-offset-2 hover:decoration-current focus-visible:outline-2 focus-visible:outline-accent-500';
  if (props.href !== undefined) {
    const { href, onClick } = props;
    return (
      <a href={href} className={cls} aria-label={label}
        // A plain click filters in place (no page load); a modified one opens the address as a link does.
        onClick={(ev) => { if (ev.metaKey || ev.ctrlKey || ev.shiftKey || ev.altKey || ev.button !== 0) return; ev.preventDefault(); onClick(); }}>
        {children}
      </a>
    );
  }
  const { onClick } = props;
  return <button type="button" className={`rounded-sm ${cls}`} aria-label={label} onClick={(ev) => onClick(ev.currentTarget)}>{children}</button>;
}

function Overview({ d, onShowFailed, onShowErrors }: { d: ExperimentDetails; onShowFailed: () => void; onShowErrors: (from: HTMLElement, source: string) => void }) {
  const s = d.summary;
  const evaluatorErrors = evaluatorsSource(s.evaluatorNames);
  const done = s.runsSucceeded + s.runsFailed;
  const pct = (n: number) => (s.totalRuns ? Math.min(100, (n / s.totalRuns) * 100) : 0);
  const averages = new Map(d.evaluatorAverages.map((a) => [a.evaluator, a]));
  const expectedEvals = s.evaluatorCount * s.runsSucceeded;
  return (
    // Tiles grow to fill each row, so a wrapped last row leaves no empty cells.
    <dl aria-label="Summary" className="flex flex-wrap gap-px overflow-hidden rounded-lg border border-zinc-200 bg-zinc-200 dark:border-zinc-800 dark:bg-zinc-800">
      <Tile label="Progress" sub={joinParts([
        s.totalRuns > done ? `${formatInt(s.totalRuns - done)} pending` : s.itemsSkipped ? null : 'all runs done',
        s.itemsSkipped > 0 ? (
          <CountLink key="skipped" label={`${formatInt(s.itemsSkipped)} ${s.itemsSkipped === 1 ? 'item' : 'items'} skipped: show them in the error log`}
            onClick={(from) => onShowErrors(from, SKIPPED_SOURCE)}>
            {formatInt(s.itemsSkipped)} {s.itemsSkipped === 1 ? 'item' : 'items'} skipped
          </CountLink>
        ) : null,
        s.runsCached > 0 ? `${formatInt(s.runsCached)} cached` : null,
      ])}>
        <span>{formatInt(done)}<span className="text-sm font-normal text-zinc-500 dark:text-zinc-400"> / {formatInt(s.totalRuns)}</span></span>
        <div role="progressbar" aria-label={`${s.name} progress`} aria-valuemin={0} aria-valuemax={s.totalRuns || 1} aria-valuenow={done}
          className="mt-1 flex h-1 w-full overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800">
          <div className="h-full bg-accent-500 transition-[width] duration-500" style={{ width: `${pct(s.runsSucceeded)}%` }} />
          <div className="h-full bg-red-500 transition-[width] duration-500" style={{ width: `${pct(s.runsFailed)}%` }} />
        </div>
      </Tile>
      <Tile label="Error rate" sub={s.runsFailed > 0 ? (
        <><CountLink href={`?${resultsSearch({ ...NO_FILTER, status: 'failed' })}`} onClick={onShowFailed} label={`${formatInt(s.runsFailed)} failed: show the failed runs`}>
          {formatInt(s.runsFailed)} failed</CountLink> of {formatInt(done)}</>
      ) : `0 failed of ${formatInt(done)}`}><ErrorRateCell e={s} /></Tile>
      {s.evaluatorNames.map((name) => {
        const a = averages.get(name);
        return (
          <Tile key={name} label={name} mono sub={a ? `mean of ${formatInt(a.count)}` : 'no score yet'}>
            <ScoreValue value={a?.average} />
          </Tile>
        );
      })}
      {s.evaluatorCount > 0 && (
        <Tile label="Evaluations" sub={joinParts([
          s.evalsDelayed ? (
            <CountLink key="delayed" label={`${formatInt(s.evalsDelayed)} delayed: show them in the error log`} onClick={(from) => onShowErrors(from, evaluatorErrors)}>
              {formatInt(s.evalsDelayed)} delayed
            </CountLink>
          ) : null,
          s.evalsFailed ? (
            <CountLink key="failed" label={`${formatInt(s.evalsFailed)} failed: show them in the error log`} onClick={(from) => onShowErrors(from, evaluatorErrors)}>
              {formatInt(s.evalsFailed)} failed
            </CountLink>
          ) : null,
        ]) ?? 'none delayed or failed'}>
          {formatInt(s.evalsCompleted)}<span className="text-sm font-normal text-zinc-500 dark:text-zinc-400"> / {formatInt(expectedEvals)}</span>
        </Tile>
      )}
      <Tile label="Cost" sub={<CostTokens c={s} />}>
        <CostValue c={s} />
      </Tile>
      <Tile label="Model" sub={s.variantCount > 1 ? `${formatInt(s.variantCount)} variants` : d.provider.name ?? 'deleted connection'}>
        <span className="block truncate font-mono text-sm" title={s.model}>{s.model}</span>
      </Tile>
      <Tile label="Dataset" sub={`${formatInt(s.totalRuns)} runs planned`}>
        {d.dataset.name
          ? <Link href={`/datasets/${d.dataset.id}`} className="block truncate text-sm text-accent-600 hover:underline dark:text-accent-400" title={d.dataset.name}>{d.dataset.name}</Link>
          : <span className="text-sm text-zinc-500 dark:text-zinc-400">deleted</span>}
      </Tile>
    </dl>
  );
}

/** The status tabs' counts: the experiment's, or one variant's (its own counters). */
function runCounts(d: ExperimentDetails, variant: number | null): RunCounts {
  const c = variant === null ? d.summary : d.variants.find((v) => v.variant === variant) ?? { runsSucceeded: 0, runsFailed: 0 };
  return { all: c.runsSucceeded + c.runsFailed, succeeded: c.runsSucceeded, failed: c.runsFailed };
}

/** "12 pending · 3 items skipped": the parts that are there, dot-separated; null when none is. */
function joinParts(parts: ReactNode[]): ReactNode {
  const present = parts.filter((p) => p !== null && p !== undefined && p !== false && p !== '');
  if (present.length === 0) return null;
  return present.map((p, i) => <span key={i}>{i > 0 && ' · '}{p}</span>);
}
