'use client';

import { useEffect, useId, useRef, useState, type FormEvent, type MouseEvent } from 'react';
import { SCORE_OP_LABEL, SCORE_OPS, type ResultsFilter, type ResultsPage, type ScoreOp, type StatusFilter } from '@/lib/experiments/results';
import { ColGroup, EmptyRow, Pending, Table, Td, Th, THead, Tr } from '@/components/ui/table';
import { Button } from '@/components/ui/button';
import { cn } from '@/components/ui/cn';
import { Input, Select } from '@/components/ui/input';
import { formatInt, formatLatency } from '@/components/format';
import type { RunView } from '@/lib/experiments/run-view';
import type { VariantSummary } from '@/lib/experiments/variant-summary';
import { CachedBadge, EvaluationCell, RunColumnHeads, RunStatusPill, TextCell, TokensCell } from './runs-cells';
import { RunDetailSheet } from './runs-detail';

export interface RunCounts { all: number; succeeded: number; failed: number }

/** A variant's number and name (the experiment's details list them). */
export type VariantName = Pick<VariantSummary, 'variant' | 'name'>;

/** Status tabs, the variant choice, the score filter and the item chip above the results table. */
export function RunsFilters({ filter, counts, evaluatorNames, variants = [], onChange }: {
  filter: ResultsFilter; counts: RunCounts; evaluatorNames: string[];
  /** The experiment's variants: with more than one, a select narrows the runs to one of them. */
  variants?: readonly VariantName[];
  onChange: (filter: ResultsFilter) => void;
}) {
  const statuses: { value: StatusFilter; label: string; count: number }[] = [
    { value: 'all', label: 'All', count: counts.all },
    { value: 'succeeded', label: 'Succeeded', count: counts.succeeded },
    { value: 'failed', label: 'Failed', count: counts.failed },
  ];
  return (
    <div className="flex flex-wrap items-center gap-x-4 gap-y-2">
      <fieldset className="flex">
        <legend className="sr-only">Status</legend>
        <div className="inline-flex rounded-md border border-zinc-300 bg-zinc-50 p-0.5 shadow-sm dark:border-zinc-700 dark:bg-zinc-900">
          {statuses.map((s) => (
            <label key={s.value}
              className="relative flex cursor-pointer items-center gap-1.5 rounded px-2.5 py-1 text-xs text-zinc-600 has-[:checked]:bg-white has-[:checked]:font-medium has-[:checked]:text-zinc-900 has-[:checked]:shadow-sm has-[:focus-visible]:outline-2 has-[:focus-visible]:outline-accent-500 dark:text-zinc-400 dark:has-[:checked]:bg-zinc-800 dark:has-[:checked]:text-zinc-100">
              <input type="radio" name="run-status" value={s.value} checked={filter.status === s.value}
                onChange={() => onChange({ ...filter, status: s.value })}
                className="absolute inset-0 size-full cursor-pointer appearance-none rounded opacity-0" />
              {s.label}
              <span className={`tabular-nums ${s.value === 'failed' && s.count > 0 ? 'text-red-600 dark:text-red-400' : 'text-zinc-500 dark:text-zinc-400'}`}>{formatInt(s.count)}</span>
            </label>
          ))}
        </div>
      </fieldset>
      {variants.length > 1 && <VariantSelect filter={filter} variants={variants} onChange={onChange} />}
      {evaluatorNames.length > 0 && <ScoreFilterForm filter={filter} evaluatorNames={evaluatorNames} onChange={onChange} />}
      {filter.itemId && (
        <span className="inline-flex h-7 items-center gap-1.5 rounded-md bg-accent-50 pl-2.5 pr-1 text-xs text-accent-700 ring-1 ring-inset ring-accent-100 dark:bg-accent-950/60 dark:text-accent-400 dark:ring-accent-950">
          <span>Item <span className="font-mono" title={filter.itemId}>{filter.itemId.slice(0, 8)}</span> only</span>
          <button type="button" aria-label="Show all items" onClick={() => onChange({ ...filter, itemId: null })}
            className="inline-flex size-5 items-center justify-center rounded hover:bg-accent-100 focus-visible:outline-2 focus-visible:outline-accent-500 dark:hover:bg-accent-950">×</button>
        </span>
      )}
    </div>
  );
}

function VariantSelect({ filter, variants, onChange }: { filter: ResultsFilter; variants: readonly VariantName[]; onChange: (f: ResultsFilter) => void }) {
  const id = useId();
  // A variant from the address that the experiment does not have still shows (and matches nothing).
  const options = filter.variant === null || variants.some((v) => v.variant === filter.variant)
    ? variants : [...variants, { variant: filter.variant, name: `variant ${filter.variant + 1}` }];
  return (
    <div className="flex items-center gap-1.5">
      <label htmlFor={id} className="text-xs text-zinc-500 dark:text-zinc-400">Variant</label>
      <Select compact id={id} className="w-auto max-w-64" value={filter.variant === null ? 'all' : String(filter.variant)}
        onChange={(e) => onChange({ ...filter, variant: e.target.value === 'all' ? null : Number(e.target.value) })}>
        <option value="all">All variants</option>
        {options.map((v) => <option key={v.variant} value={v.variant}>{v.name}</option>)}
      </Select>
    </div>
  );
}

function ScoreFilterForm({ filter, evaluatorNames, onChange }: { filter: ResultsFilter; evaluatorNames: string[]; onChange: (f: ResultsFilter) => void }) {
  const id = useId();
  const [evaluator, setEvaluator] = useState(filter.score?.evaluator ?? evaluatorNames[0]);
  const [op, setOp] = useState<ScoreOp>(filter.score?.op ?? 'lt');
  const [value, setValue] = useState(filter.score ? String(filter.score.value) : '1');
  // Follow the URL (back/forward, a cleared filter).
  useEffect(() => {
    if (!filter.score) return;
    setEvaluator(filter.score.evaluator);
    setOp(filter.score.op);
    setValue(String(filter.score.value));
  }, [filter.score]);
  const number = Number(value);
  const valid = value.trim() !== '' && Number.isFinite(number);
  const submit = (ev: FormEvent) => {
    ev.preventDefault();
    if (valid) onChange({ ...filter, score: { evaluator, op, value: number } });
  };
  return (
    <form onSubmit={submit} aria-label="Score filter" className="flex items-center gap-1.5">
      <label htmlFor={`${id}-ev`} className="text-xs text-zinc-500 dark:text-zinc-400">Score</label>
      <Select compact id={`${id}-ev`} aria-label="Evaluator" className="w-auto font-mono" value={evaluator} onChange={(e) => setEvaluator(e.target.value)}>
        {evaluatorNames.map((n) => <option key={n} value={n}>{n}</option>)}
      </Select>
      <Select compact aria-label="Comparison" className="w-auto" value={op} onChange={(e) => setOp(e.target.value as ScoreOp)}>
        {SCORE_OPS.map((o) => <option key={o} value={o}>{SCORE_OP_LABEL[o]}</option>)}
      </Select>
      <Input compact aria-label="Score value" inputMode="decimal" className="w-16 tabular-nums" value={value}
        onChange={(e) => setValue(e.target.value)} aria-invalid={!valid} />
      <Button type="submit" size="sm" disabled={!valid}>Apply</Button>
      {filter.score && (
        <Button size="sm" variant="ghost" onClick={() => onChange({ ...filter, score: null })}>
          Clear <span className="font-mono">{filter.score.evaluator} {SCORE_OP_LABEL[filter.score.op]} {filter.score.value}</span>
        </Button>
      )}
    </form>
  );
}

/**
 * One row per run: its variant (when there are several), input, expected, output (or the error, in
 * red), a column per evaluator, latency, tokens and status. A click (or Enter on the row number)
 * opens the run's request and response.
 */
export function RunsTable({ experimentId, data, evaluatorNames, live, filtered, onClearFilters, variants = [] }: {
  experimentId: string; data: ResultsPage | undefined; evaluatorNames: string[]; live: boolean; filtered: boolean; onClearFilters: () => void;
  /** The experiment's variants: with more than one, a Variant column names each run's. */
  variants?: readonly VariantName[];
}) {
  const [openRun, setOpenRun] = useState<{ run: RunView; index: number } | null>(null);
  const [sheetOpen, setSheetOpen] = useState(false);
  const returnFocus = useRef<HTMLElement | null>(null);
  const runs = data?.runs ?? [];
  const first = data?.from ?? 1;
  const variantNames = variants.length > 1 ? new Map(variants.map((v) => [v.variant, v.name])) : null;
  const variantOf = (run: RunView) => variantNames && (variantNames.get(run.variant) ?? `variant ${run.variant + 1}`);
  const colCount = 7 + evaluatorNames.length + (variantNames ? 1 : 0);

  const open = (run: RunView, index: number, from: HTMLElement) => {
    returnFocus.current = from;
    setOpenRun({ run, index });
    setSheetOpen(true);
  };
  const onRowClick = (ev: MouseEvent<HTMLTableRowElement>, run: RunView, index: number) => {
    // Let links, buttons and selections inside the row do their own thing.
    if ((ev.target as HTMLElement).closest('a,button,input,select,[data-no-row-click]')) return;
    if (window.getSelection()?.toString()) return;
    open(run, index, ev.currentTarget.querySelector<HTMLElement>('button[data-open-run]') ?? ev.currentTarget);
  };
  // The open run follows the polled page (an evaluation may land while it is open).
  const current = openRun ? { ...openRun, run: runs.find((r) => r.id === openRun.run.id) ?? openRun.run } : null;

  return (
    <>
      <Table aria-label="Runs" className="table-fixed">
        <ColGroup widths={['w-12', ...(variantNames ? ['w-36'] : []), 'w-[22%]', 'w-[13%]', null, ...evaluatorNames.map(() => 'w-32'), 'w-20', 'w-24', 'w-28']} />
        <THead>
          <Th numeric>#</Th>
          {variantNames && <Th>Variant</Th>}
          <RunColumnHeads evaluatorNames={evaluatorNames} />
          <Th numeric>Latency</Th>
          <Th numeric title="Prompt / completion tokens">Tokens</Th>
          <Th>Status</Th>
        </THead>
        <tbody>
          {runs.length === 0 && (
            <EmptyRow colSpan={colCount}>
              {!data ? 'Loading…'
                : filtered ? <span>No runs match these filters. <button type="button" onClick={onClearFilters} className="font-medium text-accent-600 hover:underline dark:text-accent-400">Clear filters</button></span>
                  : live ? <Pending>Waiting for the first results…</Pending>
                    : 'No runs were recorded.'}
            </EmptyRow>
          )}
          {runs.map((r, i) => {
            const index = first + i;
            const failed = r.status === 'FAILED';
            return (
              <Tr key={r.id} data-run-id={r.id} data-run-status={r.status}
                onClick={(ev) => onRowClick(ev, r, index)}
                className={cn('cursor-pointer align-top', failed && 'bg-red-50/40 dark:bg-red-950/10',
                  current?.run.id === r.id && sheetOpen && 'bg-accent-50/70 hover:bg-accent-50/70 dark:bg-accent-950/30 dark:hover:bg-accent-950/30')}>
                <Td numeric className="align-top">
                  <button type="button" data-open-run aria-label={`Open run ${index}`}
                    onClick={(ev) => open(r, index, ev.currentTarget)}
                    className="rounded px-1 text-xs tabular-nums text-zinc-500 hover:bg-zinc-100 hover:text-accent-600 focus-visible:outline-2 focus-visible:outline-accent-500 dark:hover:bg-zinc-800 dark:text-zinc-400">
                    {formatInt(index)}
                  </button>
                  {r.repetition > 1 && <div className="pr-1 text-[10px] text-zinc-500 dark:text-zinc-400" title={`Repetition ${r.repetition}`}>r{r.repetition}</div>}
                </Td>
                {variantNames && (
                  <Td className="align-top" data-variant={r.variant}>
                    <span className="line-clamp-2 break-words text-xs font-medium text-zinc-700 dark:text-zinc-300" title={variantOf(r) ?? undefined}>{variantOf(r)}</span>
                  </Td>
                )}
                <Td className="align-top"><TextCell value={r.input} /></Td>
                <Td className="align-top"><TextCell value={r.expected} tone="muted" /></Td>
                <Td className="align-top">
                  {failed
                    ? (
                      <div className="text-xs text-red-700 dark:text-red-300">
                        <span className="font-medium">Error{r.attempts > 1 ? ` after ${r.attempts} attempts` : ''}: </span>
                        <span className="line-clamp-3 whitespace-pre-wrap break-words" title={r.error ?? undefined}>{r.error ?? 'unknown error'}</span>
                      </div>
                    )
                    : <TextCell value={r.output} tone="strong" />}
                </Td>
                {evaluatorNames.map((n) => (
                  <Td key={n} className="align-top" data-no-row-click>
                    <EvaluationCell evaluation={r.evaluations.find((e) => e.name === n)} runFailed={failed} />
                  </Td>
                ))}
                <Td numeric className="align-top text-xs text-zinc-600 dark:text-zinc-400">{r.latencyMs === null ? <span className="text-zinc-500 dark:text-zinc-400">—</span> : formatLatency(r.latencyMs)}</Td>
                <Td numeric className="align-top text-xs text-zinc-600 dark:text-zinc-400"><TokensCell prompt={r.promptTokens} completion={r.completionTokens} /></Td>
                <Td className="align-top">
                  <div className="flex flex-wrap items-center gap-1">
                    <RunStatusPill status={r.status} attempts={r.attempts} />
                    {r.cached && <CachedBadge />}
                  </div>
                </Td>
              </Tr>
            );
          })}
        </tbody>
      </Table>
      <RunDetailSheet
        experimentId={experimentId}
        run={current?.run ?? null}
        index={current?.index ?? null}
        variantName={current ? variantOf(current.run) : null}
        open={sheetOpen}
        onOpenChange={setSheetOpen}
        returnFocusTo={returnFocus}
      />
    </>
  );
}

/** "1–50 of 1,234" with Previous / Next, by key (the runs of an experiment: no page numbers to count). */
export function RunsKeysetPager({ data, onPage }: {
  data: Pick<ResultsPage, 'from' | 'total' | 'totalCapped' | 'next' | 'prev' | 'runs'> | undefined;
  onPage: (to: { dir: 'next' | 'prev'; cursor: string }) => void;
}) {
  if (!data || data.runs.length === 0) return null;
  const to = data.from + data.runs.length - 1;
  return (
    <nav aria-label="Runs pages" className="flex items-center justify-between text-xs text-zinc-500 dark:text-zinc-400">
      <p className="tabular-nums">{formatInt(data.from)}–{formatInt(to)} of {formatInt(Math.max(data.total, to))}{data.totalCapped ? '+' : ''}</p>
      {(data.next || data.prev) && (
        <div className="flex items-center gap-2">
          <Button size="sm" disabled={!data.prev} onClick={() => data.prev && onPage({ dir: 'prev', cursor: data.prev })}>Previous</Button>
          <Button size="sm" disabled={!data.next} onClick={() => data.next && onPage({ dir: 'next', cursor: data.next })}>Next</Button>
        </div>
      )}
    </nav>
  );
}

/** "1–50 of 1,234" with Previous / Next. */
export function RunsPager({ data, onPage, label = 'Runs pages' }: { data: { page: number; pageSize: number; total: number; pages: number } | undefined; onPage: (page: number) => void; label?: string }) {
  if (!data || data.total === 0) return null;
  const from = (data.page - 1) * data.pageSize + 1;
  const to = Math.min(data.total, data.page * data.pageSize);
  return (
    <nav aria-label={label} className="flex items-center justify-between text-xs text-zinc-500 dark:text-zinc-400">
      <p className="tabular-nums">{formatInt(from)}–{formatInt(to)} of {formatInt(data.total)}</p>
      {data.pages > 1 && (
        <div className="flex items-center gap-2">
          <span className="tabular-nums">Page {formatInt(data.page)} of {formatInt(data.pages)}</span>
          <Button size="sm" disabled={data.page <= 1} onClick={() => onPage(data.page - 1)}>Previous</Button>
          <Button size="sm" disabled={data.page >= data.pages} onClick={() => onPage(data.page + 1)}>Next</Button>
        </div>
      )}
    </nav>
  );
}
