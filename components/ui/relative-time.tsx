'use client';

import { useEffect, useState } from 'react';
import { formatExact, formatRelative } from '@/components/format';

/** "5 minutes ago" that stays current, with the exact local time on hover. */
export function RelativeTime({ value, className = '' }: { value: string | Date | null; className?: string }) {
  // null until mounted: the server's clock and time zone are not the reader's, so the local exact
  // time is only rendered in the browser (React does not patch attributes that differ at hydration).
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), 30_000);
    return () => clearInterval(timer);
  }, []);
  if (!value) return <span className="text-zinc-500 dark:text-zinc-400">—</span>;
  const date = typeof value === 'string' ? new Date(value) : value;
  const iso = date.toISOString();
  return (
    <time dateTime={iso} title={now === null ? iso : formatExact(date)} className={`whitespace-nowrap ${className}`} suppressHydrationWarning>
      {formatRelative(date, now ?? Date.now())}
    </time>
  );
}
