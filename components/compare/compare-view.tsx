'use client';

import Link from 'next/link';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useId, type ReactNode } from 'react';
import { compareSearch, parseCompareParams, type CompareCell, type CompareParams, type Comparison, type Delta } from '@/lib/experiments/compare';
import { PageBody, PageHeader } from '@/components/app-shell/page-header';
import { ColGroup, EmptyRow, Table, Td, Th, THead, Tr } from '@/components/ui/table';
import { Select } from '@/components/ui/input';
import { formatInt, formatLatency, formatPercent, formatScore } from '@/components/format';
import { StatusBadge } from '@/components/experiments/status-badge';
import { EvaluationCell, ScoreValue, TextCell } from '@/components/experiments/runs-cells';
import { RunsPager } from '@/components/experiments/runs-table';
import { compareQuery, isActive } from '@/components/experiments/queries';
import { useUrlState } from '@/components/experiments/runs-url-state';
import { CostValue } from '@/components/costs/cost-summary';
import { formatCost, formatTokens } from '@/components/costs/format-cost';


/**
 * Experiments of one dataset side by side: aggregates with deltas against a baseline (green better,
 * red worse), then one row per item with every experiment's output and scores, outputs that differ
 * from the baseline's highlighted. State lives in the URL (`ids`, `baseline`, `diff`, `page`).
 */
export function CompareView({ initial, initialSearch }: { initial: Comparison; initialSearch: string }) {
  const [params, setParams] = useUrlState(parseCompareParams, compareSearch);
  const search = compareSearch(params);
  const query = useQuery({
    ...compareQuery(search),
    initialData: search === initialSearch ? initial : undefined,
    placeholderData: keepPreviousData,
  });
  const c = query.data ?? initial;
  const go = (next: Partial<CompareParams>) => setParams({ ...params, page: 1, ...next });
  const live = c.experiments.some(isActive);

  return (
    <>
      <PageHeader
        title="Compare experiments"
        crumbs={[{ label: 'Datasets', href: '/datasets' }, { label: c.dataset.name, href: `/datasets/${c.dataset.id}` }, { label: 'Compare' }]}
        description={<>{formatInt(c.experiments.length)} experiments on {c.dataset.name}. Deltas are against the baseline: <span className="text-emerald-600 dark:text-emerald-400">green is better</span>, <span className="text-red-600 dark:text-red-400">red is worse</span>.</>}
        actions={<BaselinePicker c={c} value={params.baselineId ?? params.ids[0]} onChange={(baselineId) => go({ baselineId })} />}
      />
      <PageBody>
        {query.isError && <p role="status" className="text-xs text-amber-600 dark:text-amber-400">Could not refresh ({query.error.message}); retrying…</p>}
        <section aria-labelledby="aggregates-heading" className="space-y-2">
          <div className="flex items-end justify-between gap-3">
            <h2 id="aggregates-heading" className="text-sm font-semibold">Aggregates</h2>
            {live && <p className="flex items-center gap-1.5 text-xs text-zinc-500 dark:text-zinc-400"><span aria-hidden className="size-1.5 animate-pulse rounded-full bg-blue-500" />Some are still running: updating every 2 seconds</p>}
          </div>
          <Aggregates c={c} />
        </section>
        <section aria-labelledby="items-heading" className="space-y-2">
          <div className="flex flex-wrap items-end justify-between gap-3">
            <div>
              <h2 id="items-heading" className="text-sm font-semibold">Items</h2>
              <p className="mt-0.5 text-xs text-zinc-500 dark:text-zinc-400">Repetition 1 of every item any of them ran. Outputs that differ from the baseline’s are highlighted.</p>
            </div>
            <label className="flex cursor-pointer items-center gap-2 text-xs text-zinc-700 dark:text-zinc-300">
              <input type="checkbox" checked={params.onlyDiffs} onChange={(e) => go({ onlyDiffs: e.target.checked })} className="size-3.5 accent-accent-600" />
              Only items whose output differs
            </label>
          </div>
          <div className={`transition-opacity ${query.isPlaceholderData ? 'opacity-60' : ''}`}>
            <ItemsTable c={c} />
          </div>
          <RunsPager data={c} label="Items pages" onPage={(page) => { go({ page }); document.getElementById('items-heading')?.scrollIntoView({ block: 'start', behavior: 'smooth' }); }} />
        </section>
      </PageBody>
    </>
  );
}

function BaselinePicker({ c, value, onChange }: { c: Comparison; value: string; onChange: (id: string) => void }) {
  const id = useId();
  return (
    <div className="flex items-center gap-2">
      <label htmlFor={id} className="text-xs font-medium text-zinc-600 dark:text-zinc-400">Baseline</label>
      <Select id={id} value={value} onChange={(e) => onChange(e.target.value)} className="w-56">
        {c.experiments.map((e) => <option key={e.id} value={e.id}>{e.name}</option>)}
      </Select>
    </div>
  );
}

function BaselineTag() {
  return <span className="rounded bg-zinc-900 px-1.5 py-px text-[10px] font-semibold uppercase tracking-wide text-white dark:bg-zinc-100 dark:text-zinc-900">Baseline</span>;
}

function DeltaChip({ delta, format }: { delta: Delta | null | undefined; format: (abs: number) => string }) {
  if (!delta) return null;
  const zero = Math.abs(delta.value) < 1e-9;
  const sign = zero ? '±' : delta.value > 0 ? '+' : '−';
  const tone = zero ? 'text-zinc-500 bg-zinc-100 dark:bg-zinc-800 dark:text-zinc-400'
    : delta.better ? 'text-emerald-700 bg-emerald-50 dark:bg-emerald-950/50 dark:text-emerald-300' : 'text-red-700 bg-red-50 dark:bg-red-950/50 dark:text-red-300';
  return (
    <span data-delta={zero ? 'same' : delta.better ? 'better' : 'worse'} className={`ml-1.5 inline-flex h-[18px] items-center rounded px-1 text-[11px] font-medium tabular-nums ${tone}`}
      title={zero ? 'Same as the baseline' : delta.better ? 'Better than the baseline' : 'Worse than the baseline'}>
      {zero ? '±0' : `${sign}${format(Math.abs(delta.value))}`}
    </span>
  );
}

function Aggregates({ c }: { c: Comparison }) {
  return (
    <Table aria-label="Aggregates">
      <THead>
        <tr>
          <Th>Experiment</Th>
          <Th>Status</Th>
          <Th numeric>Success rate</Th>
          <Th numeric>Mean latency</Th>
          <Th numeric>Cost</Th>
          {c.evaluatorNames.map((n) => <Th key={n} numeric className="font-mono">{n}</Th>)}
          <Th numeric>Runs</Th>
        </tr>
      </THead>
      <tbody>
        {c.experiments.map((e) => {
          const base = e.id === c.baselineId;
          return (
            <Tr key={e.id} data-experiment-id={e.id} className={base ? 'bg-zinc-50/80 dark:bg-zinc-900/40' : ''}>
              <Td className="max-w-80">
                <div className="flex items-center gap-2">
                  <Link href={`/experiments/${e.id}`} className="truncate font-medium hover:text-accent-600 hover:underline dark:hover:text-accent-400" title={e.name}>{e.name}</Link>
                  {base && <BaselineTag />}
                </div>
                <div className="font-mono text-[11px] text-zinc-500 dark:text-zinc-400">{e.model}</div>
              </Td>
              <Td><StatusBadge status={e.status} /></Td>
              <Td numeric>
                {e.successRate === null ? <span className="text-zinc-400">—</span> : formatPercent(e.successRate)}
                <DeltaChip delta={e.deltas?.successRate} format={(v) => `${(v * 100).toFixed(v * 100 < 10 ? 1 : 0)} pt`} />
              </Td>
              <Td numeric>
                {formatLatency(e.meanLatencyMs === null ? null : Math.round(e.meanLatencyMs))}
                <DeltaChip delta={e.deltas?.meanLatencyMs} format={(v) => formatLatency(Math.round(v))} />
              </Td>
              <Td numeric>
                <CostValue c={e} className="font-medium tabular-nums" />
                <DeltaChip delta={e.deltas?.costUsd} format={formatCost} />
                <div className="text-[11px] text-zinc-500 tabular-nums dark:text-zinc-400">{formatTokens(e.promptTokens + e.completionTokens)} tokens</div>
              </Td>
              {c.evaluatorNames.map((n) => (
                <Td key={n} numeric>
                  <span title={e.scores[n] ? `mean of ${formatInt(e.scores[n].count)} scores` : e.evaluatorNames.includes(n) ? 'no score yet' : 'not an evaluator of this experiment'}>
                    <ScoreValue value={e.scores[n]?.average} className="font-semibold" />
                  </span>
                  <DeltaChip delta={e.deltas?.scores[n]} format={formatScore} />
                </Td>
              ))}
              <Td numeric className="text-zinc-600 dark:text-zinc-400">
                {formatInt(e.succeeded + e.failed)}<span className="text-zinc-400"> / {formatInt(e.totalRuns)}</span>
                {e.failed > 0 && <div className="text-[11px] text-red-600 dark:text-red-400">{formatInt(e.failed)} failed</div>}
              </Td>
            </Tr>
          );
        })}
      </tbody>
    </Table>
  );
}

function ItemsTable({ c }: { c: Comparison }) {
  const first = (c.page - 1) * c.pageSize + 1;
  return (
    <Table aria-label="Items" className="table-fixed">
      <ColGroup widths={['w-10', 'w-[18%]', 'w-[11%]', ...c.experiments.map(() => null)]} />
      <THead>
        <tr>
          <Th numeric>#</Th>
          <Th>Input</Th>
          <Th>Expected</Th>
          {c.experiments.map((e) => (
            <Th key={e.id} className="whitespace-normal py-1.5">
              <span className="flex items-center gap-1.5">
                <span className="truncate text-zinc-700 dark:text-zinc-300" title={e.name}>{e.name}</span>
                {e.id === c.baselineId && <BaselineTag />}
              </span>
            </Th>
          ))}
        </tr>
      </THead>
      <tbody>
        {c.rows.length === 0 && (
          <EmptyRow colSpan={3 + c.experiments.length}>{c.onlyDiffs ? 'No item’s output differs from the baseline’s.' : 'No runs yet.'}</EmptyRow>
        )}
        {c.rows.map((row, i) => (
          <Tr key={row.itemId} data-item-id={row.itemId} className="align-top">
            <Td numeric className="align-top text-xs text-zinc-500">{formatInt(first + i)}</Td>
            <Td className="align-top"><TextCell value={row.input} lines={4} /></Td>
            <Td className="align-top"><TextCell value={row.expected} lines={4} tone="muted" /></Td>
            {c.experiments.map((e) => (
              <OutputCell key={e.id} cell={row.cells[e.id]} evaluatorNames={e.evaluatorNames} />
            ))}
          </Tr>
        ))}
      </tbody>
    </Table>
  );
}

function OutputCell({ cell, evaluatorNames }: { cell: CompareCell | null | undefined; evaluatorNames: string[] }) {
  if (!cell) return <Td className="align-top"><span className="text-xs text-zinc-400">no run</span></Td>;
  const failed = cell.status === 'FAILED';
  let body: ReactNode;
  if (failed) {
    body = (
      <div className="text-xs text-red-700 dark:text-red-300">
        <span className="font-medium">Error: </span>
        <span className="line-clamp-3 whitespace-pre-wrap break-words" title={cell.error ?? undefined}>{cell.error ?? 'unknown error'}</span>
      </div>
    );
  } else {
    body = <TextCell value={cell.output} lines={4} tone="strong" />;
  }
  return (
    <Td data-differs={cell.differs || undefined}
      className={`align-top ${cell.differs ? 'bg-amber-50/80 shadow-[inset_3px_0_0_var(--color-amber-400)] dark:bg-amber-950/25' : ''}`}>
      {cell.differs && <span className="sr-only">Differs from the baseline: </span>}
      {body}
      <div className="mt-1.5 flex flex-wrap items-center gap-x-2 gap-y-1">
        {!failed && evaluatorNames.map((n) => (
          <span key={n} className="inline-flex items-center gap-1 text-[11px]">
            <span className="font-mono text-zinc-400">{n}</span>
            <EvaluationCell evaluation={cell.evaluations.find((x) => x.name === n)} runFailed={false} compact />
          </span>
        ))}
        {cell.latencyMs !== null && <span className="ml-auto text-[11px] tabular-nums text-zinc-400">{formatLatency(cell.latencyMs)}</span>}
      </div>
    </Td>
  );
}
