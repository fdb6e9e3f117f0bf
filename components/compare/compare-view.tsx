'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useId } from 'react';
import { compareReads, compareSearch, parseCompareParams, type CompareParams } from '@/lib/experiments/compare-params';
import type { Comparison } from '@/lib/experiments/compare';
import type { ComparisonStats } from '@/lib/experiments/comparison';
import type { DisagreementPage } from '@/lib/experiments/disagreements';
import { PageBody, PageHeader } from '@/components/app-shell/page-header';
import { Select } from '@/components/ui/input';
import { formatInt } from '@/components/format';
import { RunsPager } from '@/components/experiments/runs-table';
import { isActive } from '@/components/experiments/queries';
import { useUrlState } from '@/components/experiments/runs-url-state';
import { compareQuery, compareStatsQuery } from './compare-queries';
import { AggregatesTable } from './aggregates-table';
import { DisagreementsList } from './disagreements-list';
import { ItemsTable } from './items-table';
import { ScoreStats } from './score-stats';

export interface CompareInitial {
  /** compareReads of the address the server rendered. */
  reads: ReturnType<typeof compareReads>;
  comparison: Comparison;
  stats: ComparisonStats;
  disagreements: DisagreementPage | null;
}

/**
 * Series (experiments, or the variants of one) side by side on one dataset: per evaluator the
 * means with 95% intervals and the paired difference against a baseline (the honest answer to "is
 * B better than A here?"), then runs, latency and cost, then the items with every series' output,
 * all of them or only where they disagree. State lives in the URL (compare-params.ts).
 */
export function CompareView({ initial }: { initial: CompareInitial }) {
  const [params, setParams] = useUrlState(parseCompareParams, compareSearch);
  const reads = compareReads(params);
  const query = useQuery({
    ...compareQuery(reads.table),
    initialData: reads.table === initial.reads.table ? initial.comparison : undefined,
    placeholderData: keepPreviousData,
  });
  const c = query.data ?? initial.comparison;
  const live = c.series.some(isActive);
  const stats = useQuery({
    ...compareStatsQuery(reads.scores, live),
    initialData: reads.scores === initial.reads.scores ? initial.stats : undefined,
    placeholderData: keepPreviousData,
  });
  const go = (next: Partial<CompareParams>) => setParams({ ...params, page: 1, after: null, ...next });
  const title = c.oneExperiment ? 'Compare variants' : 'Compare experiments';
  const crumbs = [
    { label: 'Datasets', href: '/datasets' }, { label: c.dataset.name, href: `/datasets/${c.dataset.id}` },
    ...(c.oneExperiment ? [{ label: c.oneExperiment.name, href: `/experiments/${c.oneExperiment.id}` }] : []),
    { label: 'Compare' },
  ];

  return (
    <>
      <PageHeader
        title={title}
        crumbs={crumbs}
        description={c.oneExperiment
          ? <>{formatInt(c.series.length)} variants of {c.oneExperiment.name}, each against the baseline on the items both ran.</>
          : <>{formatInt(c.series.length)} {c.series.length === c.series.filter((s) => s.variantCount === 1).length ? 'experiments' : 'series'} on {c.dataset.name}, each against the baseline on the items both ran.</>}
        actions={<BaselinePicker c={c} value={c.baseline} onChange={(baseline) => go({ baseline })} />}
      />
      <PageBody>
        {(query.isError || stats.isError) && (
          <p role="status" className="text-xs text-amber-600 dark:text-amber-400">Could not refresh ({(query.error ?? stats.error)?.message}); retrying…</p>
        )}
        <section aria-labelledby="scores-heading" className="space-y-2">
          <div className="flex items-end justify-between gap-3">
            <div>
              <h2 id="scores-heading" className="text-sm font-semibold">Scores</h2>
              <p className="mt-0.5 text-xs text-zinc-500 dark:text-zinc-400">Is one better than the baseline on this data, or within the noise?</p>
            </div>
            {live && <p className="flex items-center gap-1.5 text-xs text-zinc-500 dark:text-zinc-400"><span aria-hidden className="size-1.5 animate-pulse rounded-full bg-blue-500" />Some are still running: updating</p>}
          </div>
          <div className={`transition-opacity ${stats.isPlaceholderData ? 'opacity-60' : ''}`}>
            {stats.data
              ? <ScoreStats stats={stats.data} series={c.series} />
              : <p role="status" className="py-6 text-center text-sm text-zinc-500">Computing the intervals…</p>}
          </div>
        </section>
        <section aria-labelledby="aggregates-heading" className="space-y-2">
          <h2 id="aggregates-heading" className="text-sm font-semibold">Runs</h2>
          <AggregatesTable c={c} />
        </section>
        <section aria-labelledby="items-heading" className="space-y-2">
          <div className="flex flex-wrap items-end justify-between gap-3">
            <div>
              <h2 id="items-heading" className="text-sm font-semibold">Items</h2>
              <p className="mt-0.5 text-xs text-zinc-500 dark:text-zinc-400">Every series’ output side by side. Outputs that differ from the baseline’s are highlighted.</p>
            </div>
            <div className="flex flex-wrap items-center gap-4">
              <Filter label="Only items whose output differs" checked={params.onlyDiffs} onChange={(on) => go({ onlyDiffs: on, disagree: false })} />
              <Filter label="Only items where they disagree" checked={params.disagree} onChange={(on) => go({ disagree: on, onlyDiffs: false })} />
            </div>
          </div>
          {params.disagree ? (
            <DisagreementsList series={c.series} baseline={c.baseline} search={reads.disagreements} after={params.after} running={live}
              initial={reads.disagreements === initial.reads.disagreements ? initial.disagreements : null}
              onAfter={(after) => setParams({ ...params, after })} />
          ) : (
            <>
              <div className={`transition-opacity ${query.isPlaceholderData ? 'opacity-60' : ''}`}>
                <ItemsTable label="Items" series={c.series} baseline={c.baseline} rows={c.rows}
                  empty={c.onlyDiffs ? 'No item’s output differs from the baseline’s.' : 'No runs yet.'}
                  lead={(_, i) => formatInt((c.page - 1) * c.pageSize + i + 1)} />
              </div>
              <RunsPager data={c} label="Items pages" onPage={(page) => { setParams({ ...params, page }); document.getElementById('items-heading')?.scrollIntoView({ block: 'start', behavior: 'smooth' }); }} />
            </>
          )}
        </section>
      </PageBody>
    </>
  );
}

function Filter({ label, checked, onChange }: { label: string; checked: boolean; onChange: (on: boolean) => void }) {
  return (
    <label className="flex cursor-pointer items-center gap-2 text-xs text-zinc-700 dark:text-zinc-300">
      <input type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} className="size-3.5 accent-accent-600" />
      {label}
    </label>
  );
}

function BaselinePicker({ c, value, onChange }: { c: Comparison; value: string; onChange: (key: string) => void }) {
  const id = useId();
  return (
    <div className="flex items-center gap-2">
      <label htmlFor={id} className="text-xs font-medium text-zinc-600 dark:text-zinc-400">Baseline</label>
      <Select id={id} value={value} onChange={(e) => onChange(e.target.value)} className="w-64">
        {c.series.map((s) => <option key={s.key} value={s.key}>{s.name}</option>)}
      </Select>
    </div>
  );
}
