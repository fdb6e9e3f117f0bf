import type { ReactNode } from 'react';
import { cn } from './cn';

/** A row of small labelled figures (a definition list drawn as tiles with hairline gaps). */
export function StatTiles({ label, className, children }: { label: string; className?: string; children: ReactNode }) {
  return (
    <dl aria-label={label} className={cn('grid gap-px overflow-hidden rounded-md border border-zinc-200 bg-zinc-200 dark:border-zinc-800 dark:bg-zinc-800', className)}>
      {children}
    </dl>
  );
}

export function StatTile({ label, value, sub }: { label: string; value: ReactNode; sub?: string }) {
  return (
    <div className="bg-white px-3 py-2 dark:bg-zinc-950">
      <dt className="text-[11px] text-zinc-500 dark:text-zinc-400">{label}</dt>
      <dd className="text-base font-semibold tabular-nums">{value}</dd>
      {sub && <dd className="text-[11px] text-zinc-500 dark:text-zinc-400">{sub}</dd>}
    </div>
  );
}
