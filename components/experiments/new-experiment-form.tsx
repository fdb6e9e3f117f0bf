'use client';

import Link from 'next/link';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { extractVariables, type ChatMessage } from '@/lib/prompts/template';
import type { CreateExperimentInput } from '@/lib/experiments/config';
import { createExperimentAction } from '@/app/experiments/actions';
import { Button } from '@/components/ui/button';
import { Field, FormError } from '@/components/ui/field';
import { Input, Select, Textarea } from '@/components/ui/input';
import { useToast } from '@/components/ui/toast';
import { formatInt } from '@/components/format';
import { CostEstimate } from '@/components/costs/cost-estimate';
import { VariableChips } from './variable-chips';
import { BudgetCapField, CallCacheField } from './budget-cache-fields';
import { budgetConfigFields, parseBudgetText, type CallCacheMode } from '@/lib/experiments/budget-form';
import { suggestExperimentName, uniqueName } from './name-suggestion';
import { EXPERIMENTS_KEY } from './queries';

export interface ProviderOption { id: string; name: string; isSimulator: boolean }

export function NewExperimentForm({ datasetId, itemCount, providers, defaultMessages }: {
  datasetId: string; itemCount: number; providers: ProviderOption[]; defaultMessages: ChatMessage[];
}) {
  const queryClient = useQueryClient();
  const toast = useToast();
  const [providerId, setProviderId] = useState(() => (providers.find((p) => p.isSimulator) ?? providers[0])?.id ?? '');
  const [model, setModel] = useState('sim-small');
  const [system, setSystem] = useState(() => defaultMessages.find((m) => m.role === 'system')?.content ?? '');
  const [user, setUser] = useState(() => defaultMessages.find((m) => m.role === 'user')?.content ?? '');
  const [editedName, setEditedName] = useState<string | null>(null);
  const [budgetText, setBudgetText] = useState('');
  const [cache, setCache] = useState<CallCacheMode>('auto');
  const [budgetParseError, setBudgetParseError] = useState<string | null>(null);
  // Set after mount: the suggestion uses the browser's clock and time zone, not the server's.
  const [suggestedAt, setSuggestedAt] = useState<Date | null>(null);
  useEffect(() => setSuggestedAt(new Date()), []);
  const usedNames = useRef(new Set<string>());
  const name = editedName ?? (suggestedAt ? uniqueName(suggestExperimentName(model, suggestedAt), usedNames.current) : '');

  const messages = useMemo<ChatMessage[]>(() => [
    ...(system.trim() ? [{ role: 'system' as const, content: system }] : []),
    { role: 'user' as const, content: user },
  ], [system, user]);
  const variables = useMemo(() => extractVariables(messages), [messages]);

  // Nothing to estimate until there is a prompt and a model to price.
  const estimateRequest = useMemo(() => (itemCount > 0 && providerId && model.trim() && user.trim()
    ? { datasetId, messages, providerConnectionId: providerId, model: model.trim() } : null), [itemCount, providerId, model, user, datasetId, messages]);

  const create = useMutation({
    mutationFn: (input: CreateExperimentInput) => createExperimentAction(input),
    onSuccess: (result, input) => {
      if (!result.ok) return;
      usedNames.current.add(input.name);
      toast.success(`Started “${input.name}”`, 'It runs in the background; you can leave this page.');
      setEditedName(null);
      setSuggestedAt(new Date());
      void queryClient.invalidateQueries({ queryKey: EXPERIMENTS_KEY });
    },
  });
  const result = create.data;
  const fieldErrors = result && !result.ok ? result.fieldErrors ?? {} : {};
  const formError = create.error ? 'Could not reach the server; try again.' : result && !result.ok ? result.error : null;

  const submit = (ev: FormEvent) => {
    ev.preventDefault();
    const budget = parseBudgetText(budgetText);
    setBudgetParseError(budget.ok ? null : budget.error);
    if (!budget.ok) return;
    create.mutate({ datasetId, name, config: { template: { messages }, providerConnectionId: providerId, model, ...budgetConfigFields(budget.value, cache) } });
  };

  const fieldError = (...keys: string[]) => keys.map((k) => fieldErrors[k]).find(Boolean);
  const nameError = fieldError('name');
  const providerError = fieldError('config.providerConnectionId');
  const modelError = fieldError('config.model');
  const budgetError = budgetParseError ?? fieldError('config.budgetUsd');

  return (
    <form onSubmit={submit} aria-label="New experiment" className="space-y-4 rounded-lg border border-zinc-200 bg-zinc-50/50 p-4 dark:border-zinc-800 dark:bg-zinc-900/30">
      <div className="grid gap-3 md:grid-cols-[2fr_1.2fr_1fr]">
        <Field id="exp-name" label="Name" error={nameError}>
          <Input id="exp-name" value={name} onChange={(e) => setEditedName(e.target.value)}
            aria-invalid={!!nameError} aria-describedby={nameError ? 'exp-name-error' : undefined} autoComplete="off" required />
        </Field>
        <Field id="exp-provider" label="Provider" error={providerError}
          hint={providers.length === 0 ? <>No connections yet: see <Link className="underline" href="/settings">Settings</Link></> : undefined}>
          <Select id="exp-provider" value={providerId} onChange={(e) => setProviderId(e.target.value)}
            aria-invalid={!!providerError} aria-describedby={providerError ? 'exp-provider-error' : undefined}>
            {providers.length === 0 && <option value="">No provider connections</option>}
            {providers.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
          </Select>
        </Field>
        <Field id="exp-model" label="Model" error={modelError}>
          <Input id="exp-model" className="font-mono" value={model} onChange={(e) => setModel(e.target.value)}
            aria-invalid={!!modelError} aria-describedby={modelError ? 'exp-model-error' : undefined} autoComplete="off" spellCheck={false} required />
        </Field>
      </div>
      <div className="grid gap-3 md:grid-cols-2">
        <Field id="exp-system" label="System message">
          <Textarea id="exp-system" rows={3} value={system} onChange={(e) => setSystem(e.target.value)} spellCheck={false} />
        </Field>
        <Field id="exp-user" label="User message">
          <Textarea id="exp-user" rows={3} value={user} onChange={(e) => setUser(e.target.value)} spellCheck={false} required />
        </Field>
      </div>
      <div className="grid gap-3 md:grid-cols-2">
        <BudgetCapField id="exp-budget" value={budgetText} onChange={(text) => { setBudgetText(text); setBudgetParseError(null); }} error={budgetError} />
        <CallCacheField id="exp-cache" value={cache} onChange={setCache} error={fieldError('config.cache')} />
      </div>
      <VariableChips variables={variables} />
      <FormError message={formError} />
      <CostEstimate request={estimateRequest} />
      <div className="flex items-center justify-end gap-3">
        {itemCount === 0
          ? <p className="text-xs text-amber-600 dark:text-amber-400">This dataset has no items yet: add some before running.</p>
          : <p className="text-xs text-zinc-500 dark:text-zinc-400">Runs over {formatInt(itemCount)} {itemCount === 1 ? 'item' : 'items'} in the background.</p>}
        <Button type="submit" variant="primary" disabled={create.isPending || !name}>
          {create.isPending ? 'Starting…' : 'Run experiment'}
        </Button>
      </div>
    </form>
  );
}
