'use client';

import * as Dialog from '@radix-ui/react-dialog';
import type { RefObject } from 'react';
import type { ExperimentSummary } from '@/lib/experiments/queries';
import { Button } from '@/components/ui/button';
import { formatInt } from '@/components/format';

export function DeleteExperimentDialog({ experiment: e, open, onOpenChange, onConfirm, pending, returnFocusTo }: {
  experiment: ExperimentSummary; open: boolean; onOpenChange: (open: boolean) => void;
  onConfirm: () => void; pending: boolean; returnFocusTo: RefObject<HTMLElement | null>;
}) {
  const done = e.runsSucceeded + e.runsFailed;
  const running = e.status === 'RUNNING' || e.status === 'QUEUED';
  return (
    <Dialog.Root open={open} onOpenChange={onOpenChange}>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-50 bg-zinc-950/40 backdrop-blur-[1px]" />
        <Dialog.Content
          // The menu item that opened the dialog is gone by now: return focus to the row's menu button.
          onCloseAutoFocus={(ev) => { ev.preventDefault(); returnFocusTo.current?.focus(); }}
          className="fixed left-1/2 top-1/2 z-50 w-[min(28rem,calc(100vw-2rem))] -translate-x-1/2 -translate-y-1/2 rounded-lg border border-zinc-200 bg-white p-5 shadow-xl dark:border-zinc-800 dark:bg-zinc-900"
        >
          <Dialog.Title className="text-sm font-semibold">Delete “{e.name}”?</Dialog.Title>
          <Dialog.Description className="mt-2 text-zinc-600 dark:text-zinc-400">
            Its {formatInt(done)} recorded runs, their evaluations and the error log are deleted too. This cannot be undone.
            {running && ' It is still running: deleting it also stops it.'}
          </Dialog.Description>
          <div className="mt-5 flex justify-end gap-2">
            <Dialog.Close asChild>
              <Button autoFocus>Cancel</Button>
            </Dialog.Close>
            <Button variant="danger" onClick={onConfirm} disabled={pending}>
              {pending ? 'Deleting…' : 'Delete experiment'}
            </Button>
          </div>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
