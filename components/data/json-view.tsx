'use client';

import { useState } from 'react';
import { JsonTree } from './json-tree';
import { EXPAND_ALL_BUDGET, EXPAND_ALL_DEPTH, OPEN_ROWS_BUDGET, clipString, isContainer } from './json-tree-model';
import { ScrollBox } from '@/components/ui/scroll-box';

/** Characters of the raw text shown at once; Copy always takes the whole value. */
const RAW_CLIP = 20_000;

/**
 * A JSON value in a framed box with its label: the key/value tree (JsonTree), with Expand all,
 * Collapse all, Raw (pretty-printed text) and Copy. Used for requests, responses and schemas.
 */
export function JsonView({ value, label, openDepth = 2, empty = 'Nothing recorded' }: { value: unknown; label: string; openDepth?: number; empty?: string }) {
  const [raw, setRaw] = useState(false);
  const [copied, setCopied] = useState(false);
  const [fold, setFold] = useState<{ depth: number; budget: number; generation: number }>({ depth: openDepth, budget: OPEN_ROWS_BUDGET, generation: 0 });
  if (value === null || value === undefined) {
    return <p className="rounded-md border border-dashed border-zinc-200 px-3 py-2 text-xs text-zinc-500 dark:border-zinc-800 dark:text-zinc-400">{empty}</p>;
  }
  const text = () => (typeof value === 'string' ? value : JSON.stringify(value, null, 2));
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(text());
      setCopied(true);
      setTimeout(() => setCopied(false), 1500);
    } catch { /* clipboard refused: nothing to do */ }
  };
  // A new generation remounts the tree, so every node takes its open state from the new rule.
  const foldAll = (open: boolean) => setFold((f) => ({
    depth: open ? EXPAND_ALL_DEPTH : 1, budget: open ? EXPAND_ALL_BUDGET : OPEN_ROWS_BUDGET, generation: f.generation + 1,
  }));
  const toolButton = 'rounded px-1.5 py-0.5 text-[11px] text-zinc-600 hover:bg-zinc-200/70 hover:text-zinc-900 focus-visible:outline-2 focus-visible:outline-accent-500 dark:text-zinc-400 dark:hover:bg-zinc-800 dark:hover:text-zinc-100';
  const container = isContainer(value);
  return (
    <figure aria-label={label} className="overflow-hidden rounded-md border border-zinc-200 bg-zinc-50/70 dark:border-zinc-800 dark:bg-zinc-900/50">
      <figcaption className="flex items-center gap-1 border-b border-zinc-200 px-2 py-1 dark:border-zinc-800">
        <span className="mr-auto text-[11px] font-medium text-zinc-600 dark:text-zinc-400">{label}</span>
        {container && !raw && (
          <>
            <button type="button" className={toolButton} onClick={() => foldAll(true)}>Expand all</button>
            <button type="button" className={toolButton} onClick={() => foldAll(false)}>Collapse all</button>
          </>
        )}
        {container && (
          <button type="button" className={toolButton} aria-pressed={raw} onClick={() => setRaw((r) => !r)}>Raw</button>
        )}
        <button type="button" className={toolButton} onClick={() => void copy()}>{copied ? 'Copied' : 'Copy'}</button>
      </figcaption>
      <ScrollBox className="max-h-[28rem] overflow-auto px-3 py-2 text-xs leading-relaxed" label={label}>
        {raw || !container
          ? <RawText text={text()} />
          : <JsonTree key={fold.generation} value={value} openDepth={fold.depth} budget={fold.budget} label={label} />}
      </ScrollBox>
    </figure>
  );
}

function RawText({ text }: { text: string }) {
  const [all, setAll] = useState(false);
  const clipped = all ? { text, hidden: 0 } : clipString(text, RAW_CLIP);
  return (
    <>
      <pre className="whitespace-pre-wrap break-words font-mono">{clipped.text}</pre>
      {clipped.hidden > 0 && (
        <p className="mt-1 text-[11px] text-zinc-600 dark:text-zinc-400">
          {clipped.hidden.toLocaleString('en-US')} more characters.{' '}
          <button type="button" onClick={() => setAll(true)} className="font-medium text-accent-700 hover:underline dark:text-accent-400">Show all</button>
          {' '}(Copy takes the whole value.)
        </p>
      )}
    </>
  );
}
