import type { ComponentProps } from 'react';
import { cn } from './cn';

export type BadgeTone = 'neutral' | 'info' | 'success' | 'warning' | 'danger';

const tones: Record<BadgeTone, string> = {
  neutral: 'bg-zinc-100 text-zinc-600 ring-zinc-200 dark:bg-zinc-800 dark:text-zinc-300 dark:ring-zinc-700',
  info: 'bg-blue-50 text-blue-700 ring-blue-200 dark:bg-blue-950/50 dark:text-blue-300 dark:ring-blue-900',
  success: 'bg-emerald-50 text-emerald-700 ring-emerald-200 dark:bg-emerald-950/40 dark:text-emerald-300 dark:ring-emerald-900',
  warning: 'bg-amber-50 text-amber-800 ring-amber-200 dark:bg-amber-950/40 dark:text-amber-300 dark:ring-amber-900',
  danger: 'bg-red-50 text-red-700 ring-red-200 dark:bg-red-950/40 dark:text-red-300 dark:ring-red-900',
};

const shapes = {
  // A state (running, failed): rounded ends.
  pill: 'gap-1.5 rounded-full px-2 text-xs',
  // A value or a short reason inside a dense cell (a score, "Delayed").
  chip: 'gap-1 rounded px-1.5 text-[11px]',
};

export function badgeClass(tone: BadgeTone = 'neutral', shape: keyof typeof shapes = 'pill', className?: string) {
  return cn('inline-flex h-5 items-center font-medium ring-1 ring-inset', shapes[shape], tones[tone], className);
}

/** A small coloured label; `className` adjusts it (e.g. a smaller text size). */
export function Badge({ tone = 'neutral', shape = 'pill', className, ...props }: ComponentProps<'span'> & { tone?: BadgeTone; shape?: keyof typeof shapes }) {
  return <span className={badgeClass(tone, shape, className)} {...props} />;
}
