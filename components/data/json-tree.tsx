'use client';

import { useId, useMemo, useState } from 'react';
import {
  CHILDREN_PAGE, STRING_CLIP, OPEN_ROWS_BUDGET, ROOT_PATH, childEntries, childPath, clipString, containerSummary,
  initialOpenPaths, isContainer, type JsonContainer,
} from './json-tree-model';

/**
 * A JSON value as key/value rows: objects and arrays fold (buttons with aria-expanded, so Tab,
 * Enter and Space work), strings wrap, and big values stay bounded: a container lists 50 children
 * then "Show 50 more", a long string shows its first 1,000 characters then "Show all", and only
 * about 300 rows start open (json-tree-model.ts decides which). A string or number at the root is
 * shown as itself.
 */
export function JsonTree({ value, openDepth = 2, budget = OPEN_ROWS_BUDGET, label, className }: {
  value: unknown;
  /** Levels open at first, the root's included (1: only the root's own keys). */
  openDepth?: number;
  /** Rows open at first at most (see initialOpenPaths). */
  budget?: number;
  /** Names the list for screen readers ("Input"). */
  label?: string;
  className?: string;
}) {
  const open = useMemo(() => initialOpenPaths(value, openDepth, budget), [value, openDepth, budget]);
  if (!isContainer(value)) {
    return <div className={className}><Primitive value={value} root /></div>;
  }
  if (Object.keys(value).length === 0) {
    return <div className={className}><EmptyContainer value={value} /></div>;
  }
  return (
    <div className={className}>
      <Children value={value} path={ROOT_PATH} open={open} label={label} />
    </div>
  );
}

function Children({ value, path, open, label, id }: { value: JsonContainer; path: string; open: Set<string>; label?: string; id?: string }) {
  const [limit, setLimit] = useState(CHILDREN_PAGE);
  const { entries, hidden } = childEntries(value, limit);
  const isArray = Array.isArray(value);
  return (
    <ul id={id} role="list" aria-label={label} className="space-y-px">
      {entries.map(([k, v]) => <Row key={k} name={k} index={isArray} value={v} path={childPath(path, k)} open={open} />)}
      {hidden > 0 && (
        <li>
          <button type="button" onClick={() => setLimit((l) => l + CHILDREN_PAGE)}
            className="rounded px-1 text-[11px] font-medium text-accent-700 hover:underline focus-visible:outline-2 focus-visible:outline-accent-500 dark:text-accent-400">
            Show {Math.min(hidden, CHILDREN_PAGE).toLocaleString('en-US')} more
          </button>
          <span className="text-[11px] text-zinc-500 dark:text-zinc-400"> ({hidden.toLocaleString('en-US')} not shown)</span>
        </li>
      )}
    </ul>
  );
}

function Key({ name, index }: { name: string; index: boolean }) {
  return (
    <span className={`shrink-0 break-all font-mono ${index ? 'text-zinc-500 dark:text-zinc-400' : 'text-sky-800 dark:text-sky-300'}`}>
      {name}<span className="text-zinc-500 dark:text-zinc-400">:</span>
    </span>
  );
}

function Row({ name, index, value, path, open }: { name: string; index: boolean; value: unknown; path: string; open: Set<string> }) {
  const [expanded, setExpanded] = useState(() => open.has(path));
  const childrenId = useId();
  if (!isContainer(value) || Object.keys(value).length === 0) {
    return (
      <li className="flex min-w-0 items-baseline gap-2">
        <Key name={name} index={index} />
        {isContainer(value) ? <EmptyContainer value={value} /> : <Primitive value={value} />}
      </li>
    );
  }
  return (
    <li className="min-w-0">
      <button type="button" aria-expanded={expanded} aria-controls={expanded ? childrenId : undefined} onClick={() => setExpanded((e) => !e)}
        className="-ml-1 inline-flex max-w-full items-baseline gap-1 rounded px-1 text-left hover:bg-zinc-200/60 focus-visible:outline-2 focus-visible:outline-accent-500 dark:hover:bg-zinc-800">
        <svg viewBox="0 0 16 16" width="9" height="9" aria-hidden fill="currentColor"
          className={`shrink-0 self-center text-zinc-500 transition-transform dark:text-zinc-400 ${expanded ? 'rotate-90' : ''}`}>
          <path d="M5 3l6 5-6 5z" />
        </svg>
        <Key name={name} index={index} />
        <span className="text-[11px] text-zinc-500 dark:text-zinc-400">{Array.isArray(value) ? 'list' : 'object'}, {containerSummary(value)}</span>
      </button>
      {expanded && (
        <div className="ml-[5px] border-l border-zinc-200 pl-3 dark:border-zinc-700">
          <Children id={childrenId} value={value} path={path} open={open} />
        </div>
      )}
    </li>
  );
}

function EmptyContainer({ value }: { value: JsonContainer }) {
  return <span className="font-mono text-zinc-500 dark:text-zinc-400" title={containerSummary(value)}>{Array.isArray(value) ? '[]' : '{}'}</span>;
}

/** A string wraps as text (quoted only below the root, where "1" must read apart from 1); other scalars in colour. */
function Primitive({ value, root = false }: { value: unknown; root?: boolean }) {
  const [all, setAll] = useState(false);
  if (typeof value === 'string') {
    if (value === '') return <span className="font-mono text-zinc-500 dark:text-zinc-400" title="empty string">&quot;&quot;</span>;
    const { text, hidden } = all ? { text: value, hidden: 0 } : clipString(value, STRING_CLIP);
    return (
      <span className="min-w-0 whitespace-pre-wrap break-words text-zinc-800 dark:text-zinc-200">
        {root ? text : <>&ldquo;{text}{hidden === 0 && <>&rdquo;</>}</>}
        {hidden > 0 && (
          <>
            <span aria-hidden>… </span>
            <button type="button" onClick={() => setAll(true)}
              className="rounded px-1 text-[11px] font-medium text-accent-700 hover:underline focus-visible:outline-2 focus-visible:outline-accent-500 dark:text-accent-400">
              Show all ({hidden.toLocaleString('en-US')} more characters)
            </button>
          </>
        )}
      </span>
    );
  }
  if (typeof value === 'number') return <span className="font-mono tabular-nums text-indigo-700 dark:text-indigo-300">{String(value)}</span>;
  if (typeof value === 'boolean') return <span className="font-mono text-fuchsia-700 dark:text-fuchsia-300">{String(value)}</span>;
  if (value === null || value === undefined) return <span className="font-mono italic text-zinc-500 dark:text-zinc-400">null</span>;
  return <span className="font-mono">{String(value)}</span>;
}
