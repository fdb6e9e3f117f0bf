'use client';

import { useId, useState, type FormEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import type { ExperimentSummary } from '@/lib/experiments/queries';
import { parseBudgetText, stoppedByBudget } from '@/lib/experiments/budget-form';
import { setBudgetCapAction } from '@/app/experiments/actions';
import { Button } from '@/components/ui/button';
import { Input } from '@/components/ui/input';
import { useToast } from '@/components/ui/toast';
import { useActionForm } from '@/components/ui/use-action-form';
import { formatCost } from '@/components/costs/format-cost';
import { EXPERIMENTS_KEY, canResume, isActive } from './queries';
import { useExperimentActions } from './use-experiment-actions';

/** Shown for an experiment that is not running and has a cap, or was stopped by one. */
export const showsBudgetEditor = (s: Pick<ExperimentSummary, 'status' | 'lastError'>, budgetUsd: number | null | undefined) =>
  !isActive(s) && (budgetUsd != null || stoppedByBudget(s.lastError));

/**
 * The budget cap of a stopped or finished experiment, editable in place: raise it (or clear it for
 * no cap), then resume to run only the outstanding work. Errors show beside Save.
 */
export function BudgetCapEditor({ s, budgetUsd }: { s: ExperimentSummary; budgetUsd: number | null | undefined }) {
  const id = useId();
  const queryClient = useQueryClient();
  const toast = useToast();
  const actions = useExperimentActions();
  const [text, setText] = useState(budgetUsd == null ? '' : String(budgetUsd));
  const [parseError, setParseError] = useState<string | null>(null);
  const { error, pending, submit } = useActionForm();
  const shown = parseError ?? error;
  const byBudget = s.status === 'STOPPED' && stoppedByBudget(s.lastError);

  const save = async (ev: FormEvent) => {
    ev.preventDefault();
    const parsed = parseBudgetText(text);
    setParseError(parsed.ok ? null : parsed.error);
    if (!parsed.ok) return;
    const r = await submit(() => setBudgetCapAction({ id: s.id, budgetUsd: parsed.value }));
    if (!r.ok) return;
    toast.success(parsed.value === null ? 'Budget cap removed' : `Budget cap set to ${formatCost(parsed.value)}`,
      canResume(s) ? 'Resume to run the outstanding work.' : undefined);
    void queryClient.invalidateQueries({ queryKey: EXPERIMENTS_KEY });
  };

  return (
    <form onSubmit={save} aria-label="Budget cap" className="space-y-1.5">
      <div className="flex flex-wrap items-center gap-2">
        <label htmlFor={`${id}-cap`} className="text-xs font-medium text-zinc-700 dark:text-zinc-300">Budget cap ($)</label>
        <Input id={`${id}-cap`} compact className="w-28 tabular-nums" inputMode="decimal" placeholder="no cap" autoComplete="off"
          value={text} onChange={(e) => { setText(e.target.value); setParseError(null); }}
          aria-invalid={shown ? true : undefined} aria-describedby={shown ? `${id}-error` : `${id}-hint`} />
        <Button type="submit" size="sm" disabled={pending}>{pending ? 'Saving…' : 'Save'}</Button>
        {canResume(s) && (
          <Button size="sm" variant={byBudget ? 'primary' : 'secondary'} disabled={pending || actions.pending}
            onClick={() => actions.resume.mutate({ id: s.id, name: s.name })}>
            Resume
          </Button>
        )}
        {shown && <p id={`${id}-error`} role="alert" className="text-xs text-red-600 dark:text-red-400">{shown}</p>}
      </div>
      <p id={`${id}-hint`} className="text-[11px] text-zinc-500 dark:text-zinc-400">
        {byBudget ? 'Raise it past what was spent, then resume: only the outstanding work runs.' : 'Empty for no cap. Applies when the experiment runs again.'}
      </p>
    </form>
  );
}
