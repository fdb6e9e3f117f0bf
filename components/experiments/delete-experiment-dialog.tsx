'use client';

import type { RefObject } from 'react';
import type { ExperimentSummary } from '@/lib/experiments/queries';
import { ConfirmDialog } from '@/components/ui/confirm-dialog';
import { formatInt } from '@/components/format';

export function DeleteExperimentDialog({ experiment: e, open, onOpenChange, onConfirm, pending, returnFocusTo }: {
  experiment: ExperimentSummary; open: boolean; onOpenChange: (open: boolean) => void;
  onConfirm: () => void; pending: boolean; returnFocusTo: RefObject<HTMLElement | null>;
}) {
  const done = e.runsSucceeded + e.runsFailed;
  const running = e.status === 'RUNNING' || e.status === 'QUEUED';
  return (
    <ConfirmDialog
      open={open}
      onOpenChange={onOpenChange}
      // The menu item that opened the dialog is gone by now: return focus to the row's menu button.
      returnFocusTo={returnFocusTo}
      title={`Delete “${e.name}”?`}
      confirmLabel="Delete experiment"
      pendingLabel="Deleting…"
      pending={pending}
      onConfirm={onConfirm}
    >
      Its {formatInt(done)} recorded runs, their evaluations and the error log are deleted too. This cannot be undone.
      {running && ' It is still running: deleting it also stops it.'}
    </ConfirmDialog>
  );
}
