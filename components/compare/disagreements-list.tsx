'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import type { CompareSeries } from '@/lib/experiments/compare';
import type { DisagreementPage, DisagreementRow } from '@/lib/experiments/disagreements';
import { Button } from '@/components/ui/button';
import { formatInt, formatScore } from '@/components/format';
import { disagreementsQuery } from './compare-queries';
import { ItemsTable } from './items-table';

/**
 * The items where the series' scores disagree, each series' output and mean scores side by side,
 * a page at a time in dataset order (`after` in the address). Previous pages are remembered
 * while the list is open, so Previous and the row numbers work from the first page on.
 */
export function DisagreementsList({ series, baseline, search, after, initial, running, onAfter }: {
  series: readonly CompareSeries[];
  baseline: string;
  /** The disagreements read's query string (compareReads). */
  search: string;
  after: number | null;
  initial: DisagreementPage | null;
  running: boolean;
  onAfter: (after: number | null) => void;
}) {
  const [previous, setPrevious] = useState<(number | null)[]>([]);
  const query = useQuery({ ...disagreementsQuery(search, running), initialData: initial ?? undefined, placeholderData: keepPreviousData });
  const page = query.data;
  if (!page) return <p role="status" className="py-6 text-center text-sm text-zinc-500">Finding the items where they disagree…</p>;
  // Row numbers are known when the list was paged from its start.
  const known = after === null || previous.length > 0;
  const first = previous.length * page.pageSize;
  const byItem = new Map(page.rows.map((r) => [r.itemId, r]));
  const rowOf = (itemId: string) => byItem.get(itemId) as DisagreementRow;

  return (
    <div className="space-y-2">
      <p className="text-xs text-zinc-600 dark:text-zinc-400" role="status">
        {after === null
          ? <><span className="font-semibold text-zinc-900 dark:text-zinc-100">{formatInt(page.remaining)}</span> item{page.remaining === 1 ? '' : 's'} where they disagree</>
          : <>{formatInt(page.remaining)} more from here</>}
        {' '}— for some evaluator, item means {formatScore(page.spread)} or more apart, or one at {formatScore(page.passScore)} or above (a pass) and another below.
        Outputs are each series’ first repetition; scores are the item’s means over its repetitions.
      </p>
      <div className={`transition-opacity ${query.isPlaceholderData ? 'opacity-60' : ''}`}>
        <ItemsTable
          label="Disagreements" series={series} baseline={baseline} rows={page.rows}
          empty={series.every((s) => s.evaluatorNames.length === 0) ? 'No evaluator scores these items: nothing to disagree on.' : 'No item where their scores disagree.'}
          lead={(_, i) => (known ? formatInt(first + i + 1) : '·')}
          scores={(row, key) => rowOf(row.itemId).scores[key] ?? {}}
          flagged={(row) => rowOf(row.itemId).evaluators}
        />
      </div>
      {(page.next !== null || after !== null) && (
        <nav aria-label="Disagreements pages" className="flex items-center justify-end gap-2">
          {after !== null && (
            <Button size="sm" onClick={() => { const back = previous.at(-1) ?? null; setPrevious(previous.slice(0, -1)); onAfter(back); }}>
              {previous.length > 0 ? 'Previous' : 'First page'}
            </Button>
          )}
          <Button size="sm" disabled={page.next === null} onClick={() => { setPrevious([...previous, after]); onAfter(page.next); }}>Next</Button>
        </nav>
      )}
    </div>
  );
}
