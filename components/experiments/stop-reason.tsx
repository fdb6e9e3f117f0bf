'use client';

import type { ReactNode } from 'react';
import type { ExperimentStatus } from '@/lib/db/schema';
import { cn } from '@/components/ui/cn';

/**
 * Why an experiment ended as it did. For STOPPED, last_error holds the reason the runner gave
 * ("Budget reached: $4.98 of $5.00"): a reason, not a failure, so it reads amber, not red.
 */
const isStopReason = (status: ExperimentStatus, lastError: string | null | undefined): lastError is string =>
  status === 'STOPPED' && !!lastError;

/** The reason under a STOPPED badge in a table row; nothing otherwise. */
export function StopReasonLine({ status, lastError }: { status: ExperimentStatus; lastError: string | null }) {
  if (!isStopReason(status, lastError)) return null;
  return (
    <p data-testid="stop-reason" title={lastError} className="mt-0.5 line-clamp-2 max-w-60 text-[11px] leading-snug text-amber-700 dark:text-amber-400">
      {lastError}
    </p>
  );
}

/** The box above the details and the experiment page: "Why it stopped" (amber) or "Last error" (red). */
export function LastErrorBox({ status, lastError, aside, className }: {
  status: ExperimentStatus; lastError: string | null; aside?: ReactNode; className?: string;
}) {
  if (!lastError) return null;
  const stopped = isStopReason(status, lastError);
  return (
    <div role={stopped ? 'status' : 'alert'} data-testid={stopped ? 'stop-reason-box' : 'last-error-box'}
      className={cn('rounded-md border px-3 py-2', stopped
        ? 'border-amber-200 bg-amber-50 text-amber-900 dark:border-amber-900/60 dark:bg-amber-950/40 dark:text-amber-200'
        : 'border-red-200 bg-red-50 text-red-800 dark:border-red-900/60 dark:bg-red-950/40 dark:text-red-200', className)}>
      <div className="flex items-baseline justify-between gap-3">
        <p className="text-xs font-semibold">{stopped ? 'Why it stopped' : 'Last error'}</p>
        {aside}
      </div>
      <p className="mt-0.5 whitespace-pre-wrap break-words font-mono text-xs leading-relaxed">{lastError}</p>
    </div>
  );
}
