'use client';

import Link from 'next/link';
import { usePathname, useRouter, useSearchParams } from 'next/navigation';
import { useQuery } from '@tanstack/react-query';
import { useState, useTransition } from 'react';
import { Table, Th, THead } from '@/components/ui/table';
import { EmptyState } from '@/components/ui/empty-state';
import { buttonClass } from '@/components/ui/button';
import { Pager } from '@/components/ui/pager';
import { SearchBox } from '@/components/ui/search-box';
import { SEARCH_MAX_CHARS } from '@/lib/experiments/search';
import { ExperimentRow } from './experiment-row';
import { phoneCell, phoneTable } from './phone-layout';
import { ThroughputTracker } from './throughput';
import { experimentsQuery, isActive, type ExperimentsScope, type ExperimentsTablePage } from './queries';

/** The query-string names of a table's page and search (the dataset page's own `page` is its items'). */
export interface TableUrlKeys { page: string; q: string }

/**
 * The live experiments table: one page (server-rendered), searched by name, both in the URL.
 * Polls every second only while a row on the page is QUEUED or RUNNING, so an idle page makes no
 * requests; each poll asks only what changed since the last (queries.ts). Any stop/resume/create
 * invalidates the query and polling restarts.
 */
export function ExperimentsTable({ scope, initial, q, urlKeys, empty, title }: {
  scope: ExperimentsScope; initial: ExperimentsTablePage; q: string; urlKeys: TableUrlKeys; empty: string; title?: string;
}) {
  const [tracker] = useState(() => new ThroughputTracker());
  const view = { q, page: initial.page, pageSize: initial.pageSize };
  const query = useQuery({ ...experimentsQuery(scope, view, (rows) => tracker.record(rows)), initialData: initial });
  const { rows, total, page, pageSize } = query.data;
  const showDataset = scope.kind === 'all';
  const headingId = `experiments-${scope.kind === 'all' ? 'all' : scope.datasetId}-heading`;
  // Picking experiments to compare: only within one dataset, where they are comparable.
  const selectable = scope.kind === 'dataset';
  const [picked, setPicked] = useState<readonly string[]>([]);
  const selected = picked.filter((id) => rows.some((r) => r.id === id));
  const toggle = (id: string, on: boolean) => setPicked((prev) => (on ? [...prev.filter((x) => x !== id), id] : prev.filter((x) => x !== id)));

  const router = useRouter();
  const pathname = usePathname();
  const searchParams = useSearchParams();
  const [searching, startSearch] = useTransition();
  const href = (next: { page?: number; q?: string }) => {
    const params = new URLSearchParams(searchParams.toString());
    const set = (key: string, value: string | null) => (value ? params.set(key, value) : params.delete(key));
    set(urlKeys.q, next.q ?? q);
    set(urlKeys.page, next.page && next.page > 1 ? String(next.page) : null);
    const qs = params.toString();
    return qs ? `${pathname}?${qs}` : pathname;
  };
  const search = (text: string) => startSearch(() => router.replace(href({ q: text, page: 1 }), { scroll: false }));
  const hasAny = total > 0 || !!q;

  return (
    <section aria-labelledby={title ? headingId : undefined} className="space-y-2">
      <div className="flex min-h-5 flex-wrap items-end justify-between gap-x-4 gap-y-2">
        {title && <h2 id={headingId} className="text-sm font-semibold">{title}</h2>}
        {hasAny && <SearchBox label="Search experiments" placeholder="Search by name" value={q} onSearch={search} maxLength={SEARCH_MAX_CHARS} />}
        {rows.length > 0 && <LiveIndicator live={rows.some(isActive)} failing={query.isError} />}
        {selectable && rows.length > 1 && <CompareControl selected={selected} onClear={() => setPicked([])} />}
      </div>
      {rows.length === 0 ? <EmptyState title={q ? `No experiment name contains “${q}”` : empty} /> : (
        <div className={`space-y-2 ${searching ? 'opacity-60' : ''}`} aria-busy={searching}>
          <Table aria-label="Experiments" className={phoneTable.table}>
            <THead className={phoneTable.head}>
              {selectable && <Th className="w-8 pr-0"><span className="sr-only">Compare</span></Th>}
              <Th>Name</Th>
              {showDataset && <Th className={phoneCell.hidden}>Dataset</Th>}
              <Th>Status</Th>
              <Th numeric>Progress</Th>
              <Th numeric className={phoneCell.hidden}>Error rate</Th>
              <Th className={phoneCell.hidden}>Scores</Th>
              <Th className={phoneCell.hidden}>Model</Th>
              <Th numeric className={phoneCell.hidden}>Cost</Th>
              <Th numeric className={phoneCell.hidden}>Created</Th>
              <Th className="w-10"><span className="sr-only">Actions</span></Th>
            </THead>
            <tbody className={phoneTable.body}>
              {rows.map((e) => (
                <ExperimentRow
                  key={e.id} e={e} throughput={tracker.estimate(e)} showDataset={showDataset}
                  selection={selectable ? { selected: selected.includes(e.id), onChange: (on) => toggle(e.id, on) } : undefined}
                />
              ))}
            </tbody>
          </Table>
          {total > pageSize && <Pager label="Experiments pages" page={page} pageSize={pageSize} total={total} href={(p) => href({ page: p })} />}
        </div>
      )}
    </section>
  );
}

function LiveIndicator({ live, failing }: { live: boolean; failing: boolean }) {
  if (failing) return <p role="status" className="ml-auto text-xs text-amber-700 dark:text-amber-400">Could not refresh; retrying…</p>;
  return (
    <p className="ml-auto flex items-center gap-1.5 text-xs text-zinc-500 dark:text-zinc-400">
      {live
        ? <><span aria-hidden className="size-1.5 animate-pulse rounded-full bg-blue-500" />Live: updating every second</>
        : 'Up to date'}
    </p>
  );
}

/** "Compare (2)": enabled from two picked experiments; the first picked is the baseline. */
function CompareControl({ selected, onClear }: { selected: readonly string[]; onClear: () => void }) {
  const ready = selected.length >= 2;
  return (
    <div className="flex items-center gap-2">
      <span className="text-xs text-zinc-500 dark:text-zinc-400" aria-live="polite">
        {selected.length === 0 ? 'Select two or more to compare' : ready ? `${selected.length} selected · first is the baseline` : '1 selected: pick one more'}
      </span>
      {selected.length > 0 && <button type="button" onClick={onClear} className={buttonClass('ghost', 'sm')}>Clear</button>}
      {ready
        ? <Link href={`/compare?ids=${selected.join(',')}`} className={buttonClass('primary', 'sm')}>Compare ({selected.length})</Link>
        : <button type="button" disabled className={buttonClass('secondary', 'sm')} title="Select two or more experiments of this dataset">Compare</button>}
    </div>
  );
}
