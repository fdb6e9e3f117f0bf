'use client';

import { useMutation, useQueryClient } from '@tanstack/react-query';
import type { ActionResult } from '@/lib/server/safe-action';
import { deleteExperimentAction, resumeExperimentAction, stopExperimentAction } from '@/app/experiments/actions';
import { useToast } from '@/components/ui/toast';
import { EXPERIMENTS_KEY } from './queries';

type Target = { id: string; name: string };

async function unwrap<T>(result: Promise<ActionResult<T>>): Promise<T> {
  const r = await result;
  if (!r.ok) throw new Error(r.error);
  return r.data;
}

/** Stop / resume / delete with a toast each way; invalidating restarts polling when needed. */
export function useExperimentActions() {
  const queryClient = useQueryClient();
  const toast = useToast();
  const refresh = () => queryClient.invalidateQueries({ queryKey: EXPERIMENTS_KEY });
  const failed = (what: string) => (err: Error) => {
    toast.error(`Could not ${what}`, err.message || 'The server did not answer; try again.');
    void refresh();
  };

  const stop = useMutation({
    mutationFn: (t: Target & { now?: boolean }) => unwrap(stopExperimentAction({ id: t.id, now: t.now })),
    onSuccess: (_d, t) => {
      toast.success(`Stopped “${t.name}”`, t.now
        ? 'Calls in flight were cancelled; their items run again on resume.'
        : 'Calls already in flight finish and are kept; nothing new starts.');
      void refresh();
    },
    onError: failed('stop the experiment'),
  });
  const resume = useMutation({
    mutationFn: (t: Target) => unwrap(resumeExperimentAction({ id: t.id })),
    onSuccess: (_d, t) => { toast.success(`Resumed “${t.name}”`, 'Pending and failed items run again; succeeded ones are kept.'); void refresh(); },
    onError: failed('resume the experiment'),
  });
  const remove = useMutation({
    mutationFn: (t: Target) => unwrap(deleteExperimentAction({ id: t.id })),
    onSuccess: (_d, t) => { toast.success(`Deleted “${t.name}”`); void refresh(); },
    onError: failed('delete the experiment'),
  });

  return { stop, resume, remove, pending: stop.isPending || resume.isPending || remove.isPending };
}
