'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { formatInt } from '@/components/format';
import { useDebounced } from './use-debounced';
import { variableCoverageQuery } from './queries';

type Coverage = 'ok' | 'lacking' | 'unknown';

const chipStyle: Record<Coverage, string> = {
  ok: 'bg-emerald-50 text-emerald-800 ring-emerald-200 dark:bg-emerald-950/40 dark:text-emerald-300 dark:ring-emerald-900',
  lacking: 'bg-red-50 text-red-700 ring-red-200 dark:bg-red-950/40 dark:text-red-300 dark:ring-red-900',
  unknown: 'bg-zinc-100 text-zinc-600 ring-zinc-200 dark:bg-zinc-800 dark:text-zinc-300 dark:ring-zinc-700',
};

/**
 * The prompt's {{variables}} as chips: green when every item of the chosen dataset version
 * provides it, red with "N of M items lack `x`" otherwise. Checked on the server, debounced.
 */
export function VariableCoverageChips({ variables, datasetId, version }: { variables: string[]; datasetId: string; version: string | null }) {
  const scope = `${datasetId}|${version ?? ''}`;
  const key = useDebounced(datasetId && variables.length ? `${scope}|${variables.join(',')}` : '', 300);
  const [keyDataset = '', keyVersion, keyVars] = key.split('|');
  const query = useQuery({
    ...variableCoverageQuery({ datasetId: keyDataset, version: keyVersion || null, variables: keyVars ? keyVars.split(',') : [] }),
    placeholderData: keepPreviousData,
  });
  // An answer about another dataset or version is not shown; one about other variables is, for the
  // variables it covers, until the fresh one arrives.
  const data = query.data && query.data.datasetId === datasetId && query.data.version === (version || null) ? query.data : undefined;
  const coverage = (v: string): Coverage => {
    const n = data?.lacking[v];
    if (!datasetId || n === undefined) return 'unknown';
    return n === 0 && data!.total > 0 ? 'ok' : 'lacking';
  };

  if (variables.length === 0) {
    return (
      <p className="text-xs text-zinc-500 dark:text-zinc-400">
        No <code className="font-mono">{'{{variables}}'}</code> yet: every item gets the same prompt. Add e.g. <code className="font-mono">{'{{question}}'}</code> to use a field of each item&apos;s input.
      </p>
    );
  }

  const lacking = data ? variables.filter((v) => coverage(v) === 'lacking' && data.total > 0) : [];
  return (
    <div className="space-y-1.5" aria-live="polite">
      <div className="flex flex-wrap items-center gap-1.5 text-xs">
        <span className="mr-0.5 text-zinc-500 dark:text-zinc-400">Variables</span>
        <ul aria-label="Variables" className="flex flex-wrap gap-1.5">
          {variables.map((v) => {
            const state = coverage(v);
            const n = data?.lacking[v] ?? 0;
            const title = state === 'ok' ? `Every item provides ${v}`
              : state === 'lacking' ? `${formatInt(n)} of ${formatInt(data!.total)} items lack ${v}`
              : datasetId ? 'Checking the dataset…' : 'Choose a dataset to check it provides this variable';
            return (
              <li key={v}>
                <span data-coverage={state} title={title}
                  className={`inline-flex items-center gap-1 rounded px-1.5 py-0.5 font-mono ring-1 ring-inset ${chipStyle[state]}`}>
                  {state === 'ok' && <svg viewBox="0 0 12 12" width="10" height="10" aria-hidden fill="none" stroke="currentColor" strokeWidth="1.8"><path d="M2.5 6.2 5 8.5l4.5-5" /></svg>}
                  {state === 'lacking' && <svg viewBox="0 0 12 12" width="10" height="10" aria-hidden fill="none" stroke="currentColor" strokeWidth="1.8"><path d="M3 3l6 6M9 3 3 9" /></svg>}
                  {`{{${v}}}`}
                  <span className="sr-only">{state === 'ok' ? ': provided by every item' : state === 'lacking' ? ': lacking in some items' : ''}</span>
                </span>
              </li>
            );
          })}
        </ul>
        {data && datasetId && lacking.length === 0 && data.total > 0 && variables.every((v) => coverage(v) === 'ok') && (
          <span className="text-zinc-500 dark:text-zinc-400">provided by all {formatInt(data.total)} items</span>
        )}
      </div>
      {lacking.map((v) => {
        const n = data!.lacking[v];
        return (
          <p key={v} className="text-xs text-red-600 dark:text-red-400">
            {formatInt(n)} of {formatInt(data!.total)} items lack <code className="rounded bg-red-50 px-1 font-mono dark:bg-red-950/50">{v}</code>
            <span className="text-zinc-500 dark:text-zinc-400">
              {n === data!.total ? ': no item provides it, so the run would be refused.' : ': those items are skipped and listed in the error log.'}
            </span>
          </p>
        );
      })}
      {data && datasetId && data.total === 0 && <p className="text-xs text-amber-700 dark:text-amber-400">The dataset has no items at this version.</p>}
      {query.isError && <p className="text-xs text-amber-700 dark:text-amber-400">Could not check the variables: {query.error.message}</p>}
    </div>
  );
}
