'use client';

import * as Menu from '@radix-ui/react-dropdown-menu';
import Link from 'next/link';
import { useRef, useState } from 'react';
import type { ExperimentSummary } from '@/lib/experiments/queries';
import { useToast } from '@/components/ui/toast';
import { canResume, canStop } from './query';
import { useCooldownLeft } from './use-cooldown';
import { useExperimentActions } from './use-experiment-actions';
import { DeleteExperimentDialog } from './delete-experiment-dialog';
import { DetailsSheet } from './details-sheet';

const itemClass = 'flex cursor-default select-none flex-col rounded px-2 py-1.5 outline-none data-[highlighted]:bg-zinc-100 data-[disabled]:cursor-not-allowed data-[disabled]:opacity-60 dark:data-[highlighted]:bg-zinc-800';

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
      <Menu.Root open={open} onOpenChange={setOpen} modal={false}>
        <Menu.Trigger
          ref={trigger}
          aria-label={`Actions for ${e.name}`}
          className="inline-flex size-7 items-center justify-center rounded-md text-zinc-500 hover:bg-zinc-100 hover:text-zinc-900 focus-visible:outline-2 focus-visible:outline-accent-500 data-[state=open]:bg-zinc-100 dark:hover:bg-zinc-800 dark:hover:text-zinc-100 dark:data-[state=open]:bg-zinc-800"
        >
          <DotsIcon />
        </Menu.Trigger>
        <Menu.Portal>
          <Menu.Content
            align="end"
            sideOffset={4}
            className="z-40 min-w-56 rounded-md border border-zinc-200 bg-white p-1 text-[13px] shadow-lg shadow-zinc-900/10 dark:border-zinc-800 dark:bg-zinc-900"
          >
            <Menu.Item className={itemClass} onSelect={() => setDetails(true)}>View details</Menu.Item>
            {canStop(e) && (
              <Menu.Item className={itemClass} disabled={cooling || actions.pending} onSelect={() => actions.stop.mutate(target)}>
                <span>Stop</span>
                <span className="text-xs text-zinc-500">{cooling ? cooldownHint : 'Calls in flight finish and are kept'}</span>
              </Menu.Item>
            )}
            {canStop(e) && (
              <Menu.Item className={itemClass} disabled={cooling || actions.pending} onSelect={() => actions.stop.mutate({ ...target, now: true })}>
                <span>Stop now</span>
                <span className="text-xs text-zinc-500">{cooling ? cooldownHint : 'Cancels calls in flight; they run again on resume'}</span>
              </Menu.Item>
            )}
            {canResume(e) && (
              <Menu.Item className={itemClass} disabled={cooling || actions.pending} onSelect={() => actions.resume.mutate(target)}>
                <span>Resume (retries failed items)</span>
                <span className="text-xs text-zinc-500">{cooling ? cooldownHint : 'Runs pending and failed items; keeps succeeded ones'}</span>
              </Menu.Item>
            )}
            <Menu.Item asChild className={itemClass}>
              <Link href={`/playground?from=${e.id}`}>Open in playground</Link>
            </Menu.Item>
            <Menu.Item className={itemClass} onSelect={() => void copyId()}>Copy id</Menu.Item>
            <Menu.Separator className="my-1 h-px bg-zinc-200 dark:bg-zinc-800" />
            <Menu.Item
              className={`${itemClass} text-red-600 dark:text-red-400`}
              onSelect={() => setConfirmDelete(true)}
            >
              Delete…
            </Menu.Item>
          </Menu.Content>
        </Menu.Portal>
      </Menu.Root>
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
