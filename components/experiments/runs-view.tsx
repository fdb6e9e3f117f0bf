'use client';

import Link from 'next/link';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import type { ExperimentDetails } from '@/lib/experiments/details';
import { NO_FILTER, parseCursor, parseResultsParams, resultsSearch, type PageRef, type ResultsFilter, type ResultsPage } from '@/lib/experiments/results';
import { PageBody, PageHeader } from '@/components/app-shell/page-header';
import { Button, buttonClass } from '@/components/ui/button';
import { formatInt } from '@/components/format';
import { StatusBadge } from './status-badge';
import { RateLimitWaits } from './rate-limit-waits';
import { ErrorRateCell } from './error-rate-cell';
import { DetailsSheet } from './details-sheet';
import { RunsFilters, RunsKeysetPager, RunsTable } from './runs-table';
import { ScoreValue } from './runs-cells';
import { canResume, canStop, experimentDetailsQuery, experimentResultsQuery, isLive } from './queries';
import { useCooldownLeft } from './use-cooldown';
import { useUrlState } from './runs-url-state';
import { useExperimentActions } from './use-experiment-actions';
import { CostTokens, CostValue } from '@/components/costs/cost-summary';
import { LastErrorBox } from './stop-reason';

/**
 * The experiment page: a live header (status, progress, error rate, evaluator averages, model,
 * Stop / Resume, Details), then every run, filtered and paged by key through the URL (`?status=`,
 * `?evaluator=&op=&score=`, `?item=`, `?after=` / `?before=`), refreshed while the experiment runs.
 */
export function ExperimentView({ initialDetails, initialResults, initialSearch }: {
  initialDetails: ExperimentDetails; initialResults: ResultsPage; initialSearch: string;
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
  // One last refresh when it stops running, so the runs that landed after the last poll show.
  const wasLive = useRef(live);
  const refetchResults = results.refetch;
  useEffect(() => {
    if (wasLive.current && !live) void refetchResults();
    wasLive.current = live;
  }, [live, refetchResults]);

  const go = (f: ResultsFilter, p: PageRef | null = null) => setView({ filter: f, page: p });
  const filtered = filter.status !== 'all' || !!filter.score || !!filter.itemId;
  const s = d.summary;

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
        actions={<HeaderActions d={d} />}
      />
      <PageBody>
        <div className="space-y-3">
          <Overview d={d} />
          <LastErrorBox status={s.status} lastError={s.lastError} />
        </div>
        <section aria-labelledby="runs-heading" className="space-y-3">
          <div className="flex flex-wrap items-end justify-between gap-3">
            <h2 id="runs-heading" className="text-sm font-semibold">Runs</h2>
            <p className="text-xs text-zinc-500 dark:text-zinc-400">
              {results.isError ? <span className="text-amber-600 dark:text-amber-400">Could not refresh; retrying…</span>
                : live ? <span className="inline-flex items-center gap-1.5"><span aria-hidden className="size-1.5 animate-pulse rounded-full bg-blue-500" />Live: updating every 2 seconds</span>
                  : 'Click a row to see the exact request and the raw response'}
            </p>
          </div>
          <RunsFilters
            filter={filter}
            counts={{ all: s.runsSucceeded + s.runsFailed, succeeded: s.runsSucceeded, failed: s.runsFailed }}
            evaluatorNames={s.evaluatorNames}
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

function HeaderActions({ d }: { d: ExperimentDetails }) {
  const s = d.summary;
  const [detailsOpen, setDetailsOpen] = useState(false);
  const detailsButton = useRef<HTMLButtonElement>(null);
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
      <Link href={`/playground?from=${s.id}`} className={buttonClass('secondary')}>Open in playground</Link>
      <button ref={detailsButton} type="button" className={buttonClass('primary')} onClick={() => setDetailsOpen(true)}>Details</button>
      <DetailsSheet experimentId={s.id} name={s.name} open={detailsOpen} onOpenChange={setDetailsOpen} returnFocusTo={detailsButton} onExperimentPage />
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

function Overview({ d }: { d: ExperimentDetails }) {
  const s = d.summary;
  const done = s.runsSucceeded + s.runsFailed;
  const pct = (n: number) => (s.totalRuns ? Math.min(100, (n / s.totalRuns) * 100) : 0);
  const averages = new Map(d.evaluatorAverages.map((a) => [a.evaluator, a]));
  const expectedEvals = s.evaluatorCount * s.runsSucceeded;
  return (
    // Tiles grow to fill each row, so a wrapped last row leaves no empty cells.
    <dl aria-label="Summary" className="flex flex-wrap gap-px overflow-hidden rounded-lg border border-zinc-200 bg-zinc-200 dark:border-zinc-800 dark:bg-zinc-800">
      <Tile label="Progress" sub={[
        s.totalRuns > done ? `${formatInt(s.totalRuns - done)} pending` : s.itemsSkipped ? `${formatInt(s.itemsSkipped)} items skipped` : 'all runs done',
        s.runsCached > 0 ? `${formatInt(s.runsCached)} cached` : null,
      ].filter(Boolean).join(' · ')}>
        <span>{formatInt(done)}<span className="text-sm font-normal text-zinc-400"> / {formatInt(s.totalRuns)}</span></span>
        <div role="progressbar" aria-label={`${s.name} progress`} aria-valuemin={0} aria-valuemax={s.totalRuns || 1} aria-valuenow={done}
          className="mt-1 flex h-1 w-full overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800">
          <div className="h-full bg-accent-500 transition-[width] duration-500" style={{ width: `${pct(s.runsSucceeded)}%` }} />
          <div className="h-full bg-red-500 transition-[width] duration-500" style={{ width: `${pct(s.runsFailed)}%` }} />
        </div>
      </Tile>
      <Tile label="Error rate" sub={`${formatInt(s.runsFailed)} failed of ${formatInt(done)}`}><ErrorRateCell e={s} /></Tile>
      {s.evaluatorNames.map((name) => {
        const a = averages.get(name);
        return (
          <Tile key={name} label={name} mono sub={a ? `mean of ${formatInt(a.count)}` : 'no score yet'}>
            <ScoreValue value={a?.average} />
          </Tile>
        );
      })}
      {s.evaluatorCount > 0 && (
        <Tile label="Evaluations" sub={[s.evalsDelayed ? `${formatInt(s.evalsDelayed)} delayed` : null, s.evalsFailed ? `${formatInt(s.evalsFailed)} failed` : null].filter(Boolean).join(' · ') || 'none delayed or failed'}>
          {formatInt(s.evalsCompleted)}<span className="text-sm font-normal text-zinc-400"> / {formatInt(expectedEvals)}</span>
        </Tile>
      )}
      <Tile label="Cost" sub={<CostTokens c={s} />}>
        <CostValue c={s} />
      </Tile>
      <Tile label="Model" sub={d.provider.name ?? 'deleted connection'}>
        <span className="block truncate font-mono text-sm" title={s.model}>{s.model}</span>
      </Tile>
      <Tile label="Dataset" sub={`${formatInt(s.totalRuns)} runs planned`}>
        {d.dataset.name
          ? <Link href={`/datasets/${d.dataset.id}`} className="block truncate text-sm text-accent-600 hover:underline dark:text-accent-400" title={d.dataset.name}>{d.dataset.name}</Link>
          : <span className="text-sm text-zinc-400">deleted</span>}
      </Tile>
    </dl>
  );
}
