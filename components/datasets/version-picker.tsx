'use client';

import Link from 'next/link';
import { useRouter } from 'next/navigation';
import { useEffect, useId, useState, type FormEvent } from 'react';
import { Button, buttonClass } from '@/components/ui/button';
import { Input, Select } from '@/components/ui/input';
import { formatExact, formatInt } from '@/components/format';

const pad = (n: number) => String(n).padStart(2, '0');

/** A date as the value of a datetime-local input (the reader's local time, to the second). */
function toLocalInput(d: Date): string {
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}T${pad(d.getHours())}:${pad(d.getMinutes())}:${pad(d.getSeconds())}`;
}

/**
 * "Version: Latest | Point in time" for the dataset page. A point in time is `?version=<iso>`,
 * read by the page (items created by then and not yet archived then).
 */
export function VersionPicker({ basePath, version }: { basePath: string; version: string | null }) {
  const router = useRouter();
  const selectId = useId();
  const timeId = useId();
  const [mode, setMode] = useState<'latest' | 'at'>(version ? 'at' : 'latest');
  // Local time only exists in the browser: filled after mount so server and client HTML agree.
  const [local, setLocal] = useState('');
  useEffect(() => {
    setMode(version ? 'at' : 'latest');
    setLocal(toLocalInput(version ? new Date(version) : new Date()));
  }, [version]);

  const go = (ev: FormEvent) => {
    ev.preventDefault();
    if (mode === 'latest') { router.push(basePath, { scroll: false }); return; }
    const date = new Date(local);
    if (Number.isNaN(date.getTime())) return;
    router.push(`${basePath}?version=${encodeURIComponent(date.toISOString())}`, { scroll: false });
  };

  return (
    <form onSubmit={go} aria-label="Dataset version" className="flex items-end gap-2">
      <div className="w-40">
        <label htmlFor={selectId} className="mb-1 block text-xs font-medium text-zinc-700 dark:text-zinc-300">Version</label>
        <Select
          id={selectId}
          value={mode}
          onChange={(e) => {
            const next = e.target.value as 'latest' | 'at';
            setMode(next);
            if (next === 'latest' && version) router.push(basePath, { scroll: false });
          }}
        >
          <option value="latest">Latest</option>
          <option value="at">Point in time…</option>
        </Select>
      </div>
      {mode === 'at' && (
        <>
          <div className="w-56">
            <label htmlFor={timeId} className="mb-1 block text-xs font-medium text-zinc-700 dark:text-zinc-300">As of</label>
            <Input
              id={timeId}
              type="datetime-local"
              step="1"
              value={local}
              onChange={(e) => setLocal(e.target.value)}
              required
              className="tabular-nums"
            />
          </div>
          <Button type="submit" disabled={!local}>View</Button>
        </>
      )}
    </form>
  );
}

/** Shown above the items while a past version is on screen. */
export function VersionBanner({ version, basePath, count }: { version: string; basePath: string; count: number }) {
  const [label, setLabel] = useState(version);
  useEffect(() => setLabel(formatExact(new Date(version))), [version]);
  return (
    <div role="status" className="flex items-center justify-between gap-4 rounded-lg border border-amber-200 bg-amber-50 px-3.5 py-2.5 text-amber-900 dark:border-amber-900/60 dark:bg-amber-950/40 dark:text-amber-200">
      <p>
        <span className="font-medium">Viewing the dataset as of <time dateTime={version} suppressHydrationWarning>{label}</time></span>
        <span className="text-amber-800/80 dark:text-amber-200/70">
          {' '}· {formatInt(count)} {count === 1 ? 'item' : 'items'} then. Read-only: edits and uploads apply to the latest version.
        </span>
      </p>
      <Link href={basePath} scroll={false} className={buttonClass('secondary', 'sm')}>Back to latest</Link>
    </div>
  );
}
