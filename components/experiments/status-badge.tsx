'use client';

import type { ExperimentStatus } from '@/lib/db/schema';
import { Badge, type BadgeTone } from '@/components/ui/badge';
import { Tooltip } from '@/components/ui/tooltip';

const tones: Record<ExperimentStatus, BadgeTone> = {
  RUNNING: 'info', QUEUED: 'neutral', COMPLETED: 'success', STOPPED: 'warning', ERROR: 'danger',
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
        <Badge tone="warning" data-status={status} data-waiting-for-worker="" tabIndex={0}>
          <Dot />
          {labels[status]} · waiting for a worker
        </Badge>
      </Tooltip>
    );
  }
  const badge = (
    <Badge
      tone={tones[status]}
      data-status={status}
      // Focusable so keyboard users can open the error tooltip.
      tabIndex={status === 'ERROR' && lastError ? 0 : undefined}
    >
      {status === 'RUNNING' ? <Spinner /> : <Dot />}
      {labels[status]}
    </Badge>
  );
  if (status !== 'ERROR' || !lastError) return badge;
  return (
    <Tooltip content={<><span className="font-medium">Last error: </span>{lastError}</>}>
      {badge}
    </Tooltip>
  );
}
