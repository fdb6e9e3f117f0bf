'use client';

import Link from 'next/link';
import { useRef, useState } from 'react';
import type { ExperimentSummary } from '@/lib/experiments/queries';
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuSeparator, DropdownMenuTrigger } from '@/components/ui/dropdown-menu';
import { useToast } from '@/components/ui/toast';
import { canResume, canStop } from './queries';
import { useCooldownLeft } from './use-cooldown';
import { useExperimentActions } from './use-experiment-actions';
import { DeleteExperimentDialog } from './delete-experiment-dialog';
import { DetailsSheet } from './details-sheet';

function DotsIcon() {
  return (
    <svg viewBox="0 0 16 16" width="16" height="16" aria-hidden fill="currentColor">
      <circle cx="3.5" cy="8" r="1.3" /><circle cx="8" cy="8" r="1.3" /><circle cx="12.5" cy="8" r="1.3" />
    </svg>
  );
}

export function RowMenu({ e }: { e: ExperimentSummary }) {
  const [open, setOpen] = useState(false);
  const [confirmDelete, setConfirmDelete] = useState(false);
  const [details, setDetails] = useState(false);
  const trigger = useRef<HTMLButtonElement>(null);
  const actions = useExperimentActions();
  const toast = useToast();
  const cooldown = useCooldownLeft(e.toggledAt, open);
  const cooling = cooldown > 0;
  const cooldownHint = `Wait ${Math.ceil(cooldown / 1000)} s: stop/resume is allowed once every 5 seconds`;
  const target = { id: e.id, name: e.name };

  const copyId = async () => {
    try {
      await navigator.clipboard.writeText(e.id);
      toast.info('Copied the experiment id', e.id);
    } catch {
      toast.error('Could not copy', e.id);
    }
  };

  return (
    <>
      <DropdownMenu open={open} onOpenChange={setOpen}>
        <DropdownMenuTrigger
          ref={trigger}
          aria-label={`Actions for ${e.name}`}
          className="inline-flex size-7 items-center justify-center rounded-md text-zinc-500 hover:bg-zinc-100 hover:text-zinc-900 focus-visible:outline-2 focus-visible:outline-accent-500 data-[state=open]:bg-zinc-100 dark:hover:bg-zinc-800 dark:hover:text-zinc-100 dark:data-[state=open]:bg-zinc-800 dark:text-zinc-400"
        >
          <DotsIcon />
        </DropdownMenuTrigger>
        <DropdownMenuContent>
          <DropdownMenuItem onSelect={() => setDetails(true)}>View details</DropdownMenuItem>
          {canStop(e) && (
            <DropdownMenuItem disabled={cooling || actions.pending} onSelect={() => actions.stop.mutate(target)}
              hint={cooling ? cooldownHint : 'Calls in flight finish and are kept'}>
              Stop
            </DropdownMenuItem>
          )}
          {canStop(e) && (
            <DropdownMenuItem disabled={cooling || actions.pending} onSelect={() => actions.stop.mutate({ ...target, now: true })}
              hint={cooling ? cooldownHint : 'Cancels calls in flight; they run again on resume'}>
              Stop now
            </DropdownMenuItem>
          )}
          {canResume(e) && (
            <DropdownMenuItem disabled={cooling || actions.pending} onSelect={() => actions.resume.mutate(target)}
              hint={cooling ? cooldownHint : 'Runs pending and failed items; keeps succeeded ones'}>
              Resume (retries failed items)
            </DropdownMenuItem>
          )}
          <DropdownMenuItem asChild>
            <Link href={`/playground?from=${e.id}`}>Open in playground</Link>
          </DropdownMenuItem>
          <DropdownMenuItem onSelect={() => void copyId()}>Copy id</DropdownMenuItem>
          <DropdownMenuSeparator />
          <DropdownMenuItem danger onSelect={() => setConfirmDelete(true)}>Delete…</DropdownMenuItem>
        </DropdownMenuContent>
      </DropdownMenu>
      <DetailsSheet experimentId={e.id} name={e.name} open={details} onOpenChange={setDetails} returnFocusTo={trigger} />
      <DeleteExperimentDialog
        experiment={e}
        open={confirmDelete}
        onOpenChange={setConfirmDelete}
        returnFocusTo={trigger}
        pending={actions.remove.isPending}
        onConfirm={() => actions.remove.mutate(target, { onSettled: () => setConfirmDelete(false) })}
      />
    </>
  );
}
