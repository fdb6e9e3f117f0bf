import type { ComponentProps } from 'react';
import { cn } from './cn';

/** One look for every text field, select and textarea; `className` adds to it or overrides it. */
const fieldBase = 'block w-full rounded-md border border-zinc-300 bg-white text-zinc-900 shadow-sm placeholder:text-zinc-500 focus:border-accent-500 focus:outline-none focus:ring-2 focus:ring-accent-500/20 disabled:cursor-not-allowed disabled:opacity-60 aria-[invalid=true]:border-red-500 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-100 dark:placeholder:text-zinc-400';
const regular = 'px-2.5 py-1.5 text-[13px]';
// For dense rows: filters above a table, the column-mapping grid.
const compact = 'h-7 px-2 py-0 text-xs';

type Density = { compact?: boolean };

export function inputClass({ compact: dense = false }: Density = {}, className?: string) {
  return cn(fieldBase, dense ? compact : regular, className);
}

export function Input({ compact: dense, className, ...props }: ComponentProps<'input'> & Density) {
  return <input className={inputClass({ compact: dense }, className)} {...props} />;
}

export function Select({ compact: dense, className, ...props }: ComponentProps<'select'> & Density) {
  return <select className={inputClass({ compact: dense }, cn('pr-7', className))} {...props} />;
}

/** A textarea for prompts and JSON: monospace, resizable, grows with its content where supported. */
export function Textarea({ className, ...props }: ComponentProps<'textarea'>) {
  return <textarea className={inputClass({}, cn('resize-y font-mono text-xs leading-relaxed', className))} {...props} />;
}
