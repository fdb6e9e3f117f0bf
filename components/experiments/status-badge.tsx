'use client';

import type { ExperimentStatus } from '@/lib/db/schema';
import { Tooltip } from '@/components/ui/tooltip';

const styles: Record<ExperimentStatus, string> = {
  RUNNING: 'bg-blue-50 text-blue-700 ring-blue-200 dark:bg-blue-950/50 dark:text-blue-300 dark:ring-blue-900',
  QUEUED: 'bg-zinc-100 text-zinc-600 ring-zinc-200 dark:bg-zinc-800 dark:text-zinc-300 dark:ring-zinc-700',
  COMPLETED: 'bg-emerald-50 text-emerald-700 ring-emerald-200 dark:bg-emerald-950/50 dark:text-emerald-300 dark:ring-emerald-900',
  STOPPED: 'bg-amber-50 text-amber-800 ring-amber-200 dark:bg-amber-950/50 dark:text-amber-300 dark:ring-amber-900',
  ERROR: 'bg-red-50 text-red-700 ring-red-200 dark:bg-red-950/50 dark:text-red-300 dark:ring-red-900',
};

const labels: Record<ExperimentStatus, string> = {
  RUNNING: 'Running', QUEUED: 'Queued', COMPLETED: 'Completed', STOPPED: 'Stopped', ERROR: 'Error',
};

function Spinner() {
  return <span aria-hidden className="size-2.5 animate-spin rounded-full border-[1.5px] border-current border-r-transparent" />;
}

function Dot() {
  return <span aria-hidden className="size-1.5 rounded-full bg-current opacity-70" />;
}

export function StatusBadge({ status, lastError, waitingForWorker }: {
  status: ExperimentStatus; lastError?: string | null;
  /** Queued or running, but no live worker holds it: say so instead of a silent "Running". */
  waitingForWorker?: boolean;
}) {
  if (waitingForWorker && (status === 'RUNNING' || status === 'QUEUED')) {
    return (
      <Tooltip content="No live worker holds this experiment right now (its worker stopped, or every worker is gone). It carries on where it was as soon as a worker runs.">
        <span
          data-status={status}
          data-waiting-for-worker=""
          tabIndex={0}
          className="inline-flex h-5 items-center gap-1.5 rounded-full bg-amber-50 px-2 text-xs font-medium text-amber-800 ring-1 ring-inset ring-amber-200 dark:bg-amber-950/50 dark:text-amber-300 dark:ring-amber-900"
        >
          <Dot />
          {labels[status]} · waiting for a worker
        </span>
      </Tooltip>
    );
  }
  const badge = (
    <span
      data-status={status}
      className={`inline-flex h-5 items-center gap-1.5 rounded-full px-2 text-xs font-medium ring-1 ring-inset ${styles[status]}`}
      // Focusable so keyboard users can open the error tooltip.
      tabIndex={status === 'ERROR' && lastError ? 0 : undefined}
    >
      {status === 'RUNNING' ? <Spinner /> : <Dot />}
      {labels[status]}
    </span>
  );
  if (status !== 'ERROR' || !lastError) return badge;
  return (
    <Tooltip content={<><span className="font-medium">Last error: </span>{lastError}</>}>
      {badge}
    </Tooltip>
  );
}
