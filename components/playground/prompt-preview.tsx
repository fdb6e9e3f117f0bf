'use client';

import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { extractVariables, normaliseInput, type ChatMessage } from '@/lib/prompts/template';
import { renderSegments } from '@/lib/playground/render-preview';
import { cellText } from '@/components/format';
import { useDebounced } from './use-debounced';
import { previewItemsQuery } from './queries';

const navButton = 'inline-flex size-6 items-center justify-center rounded text-zinc-500 hover:bg-zinc-200/70 hover:text-zinc-900 focus-visible:outline-2 focus-visible:outline-accent-500 disabled:opacity-40 disabled:hover:bg-transparent dark:hover:bg-zinc-800 dark:hover:text-zinc-100 dark:text-zinc-400';

/** The prompt as the model will get it for one of the dataset's first items, filled-in values highlighted. */
export function PromptPreview({ messages, datasetId, version }: { messages: ChatMessage[]; datasetId: string; version: string | null }) {
  const key = useDebounced(datasetId ? `${datasetId}|${version ?? ''}` : '', 300);
  const [index, setIndex] = useState(0);
  const [keyDataset = '', keyVersion] = key.split('|');
  const query = useQuery({ ...previewItemsQuery(keyDataset, keyVersion || null), placeholderData: keepPreviousData });
  const items = query.data ?? [];
  const i = Math.min(index, Math.max(0, items.length - 1));
  const item = items[i];
  const variables = extractVariables(messages);
  const vars = item ? normaliseInput(item.input, variables) : null;
  const expected = item ? cellText(item.expected).text : '';

  return (
    <section aria-labelledby="pg-preview-heading" className="overflow-hidden rounded-lg border border-zinc-200 dark:border-zinc-800">
      <div className="flex h-9 items-center justify-between gap-2 border-b border-zinc-200 bg-zinc-50/70 px-3 dark:border-zinc-800 dark:bg-zinc-900/60">
        <h3 id="pg-preview-heading" className="text-xs font-medium text-zinc-600 dark:text-zinc-400">
          Preview {item && <span className="font-normal text-zinc-500 dark:text-zinc-400">· item {i + 1} of the first {items.length}</span>}
        </h3>
        {items.length > 1 && (
          <div className="flex items-center gap-0.5">
            <button type="button" className={navButton} onClick={() => setIndex(Math.max(0, i - 1))} disabled={i === 0} aria-label="Previous item">
              <svg viewBox="0 0 16 16" width="12" height="12" aria-hidden fill="none" stroke="currentColor" strokeWidth="1.8"><path d="M10 3.5 5.5 8l4.5 4.5" /></svg>
            </button>
            <button type="button" className={navButton} onClick={() => setIndex(Math.min(items.length - 1, i + 1))} disabled={i >= items.length - 1} aria-label="Next item">
              <svg viewBox="0 0 16 16" width="12" height="12" aria-hidden fill="none" stroke="currentColor" strokeWidth="1.8"><path d="m6 3.5 4.5 4.5L6 12.5" /></svg>
            </button>
          </div>
        )}
      </div>
      {!datasetId ? (
        <p className="px-3 py-3 text-xs text-zinc-500 dark:text-zinc-400">Choose a dataset to see the prompt filled in with its items.</p>
      ) : query.isError ? (
        <p className="px-3 py-3 text-xs text-amber-700 dark:text-amber-400">Could not load items: {query.error.message}</p>
      ) : !item ? (
        <p className="px-3 py-3 text-xs text-zinc-500 dark:text-zinc-400">{query.isFetching ? 'Loading items…' : 'The dataset has no items at this version.'}</p>
      ) : (
        <div className="divide-y divide-zinc-100 dark:divide-zinc-800/70">
          {messages.map((m, mi) => (
            <div key={mi} className="grid grid-cols-[4.5rem_1fr] gap-3 px-3 py-2">
              <span className="pt-px text-[11px] font-medium uppercase tracking-wider text-zinc-500 dark:text-zinc-400">{m.role}</span>
              <p className="whitespace-pre-wrap break-words text-xs leading-relaxed text-zinc-800 dark:text-zinc-200">
                {renderSegments(m.content, vars).map((s, si) => (
                  s.kind === 'text' ? <span key={si}>{s.text}</span>
                  : s.kind === 'value' ? <mark key={si} title={`{{${s.name}}}`} className="rounded-sm bg-accent-50 px-0.5 text-accent-700 dark:bg-accent-950/60 dark:text-accent-400">{s.text}</mark>
                  : <mark key={si} title={`This item lacks ${s.name}: it would be skipped`} className="rounded-sm bg-red-50 px-0.5 font-mono text-red-700 dark:bg-red-950/50 dark:text-red-300">{s.text}</mark>
                ))}
                {!m.content && <span className="text-zinc-500 dark:text-zinc-400">(empty)</span>}
              </p>
            </div>
          ))}
          {expected && (
            <div className="grid grid-cols-[4.5rem_1fr] gap-3 bg-zinc-50/50 px-3 py-2 dark:bg-zinc-900/30">
              <span className="pt-px text-[11px] font-medium uppercase tracking-wider text-zinc-500 dark:text-zinc-400">expected</span>
              <p className="whitespace-pre-wrap break-words text-xs leading-relaxed text-zinc-600 dark:text-zinc-400">{expected}</p>
            </div>
          )}
        </div>
      )}
    </section>
  );
}
