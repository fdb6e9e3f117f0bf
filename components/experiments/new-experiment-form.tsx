'use client';

import Link from 'next/link';
import { useMutation, useQueryClient } from '@tanstack/react-query';
import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import { extractVariables, type ChatMessage } from '@/lib/prompts/template';
import type { CreateExperimentInput } from '@/lib/experiments/config';
import { createExperimentAction } from '@/app/experiments/actions';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { ActionError } from '@/components/ui/action-error';
import { focusFirstInvalid } from '@/components/ui/focus-field';
import { Input, Select, Textarea } from '@/components/ui/input';
import { useToast } from '@/components/ui/toast';
import { formatInt } from '@/components/format';
import { CostEstimate } from '@/components/costs/cost-estimate';
import { VariableChips } from './variable-chips';
import { BudgetCapField, CallCacheField } from './budget-cache-fields';
import { budgetConfigFields, parseBudgetText, type CallCacheMode } from '@/lib/experiments/budget-form';
import { suggestExperimentName, uniqueName } from './name-suggestion';
import { EXPERIMENTS_KEY } from './queries';
import type { PromptVersionOption } from '@/lib/playground/prompts';
import { estimateVariants } from '@/lib/costs/estimate-from-draft';
import { noVariants, promptErrorKeys, variantErrorKey, variantsFromDraft, type VariantBase } from '@/lib/playground/variants-form';
import { VariantsEditor } from '@/components/playground/variants-editor';

export interface ProviderOption { id: string; name: string; isSimulator: boolean }

/**
 * A quick experiment on the dataset page: a prompt, provider and model over every item, or every
 * combination of the prompts, models and parameter sets added under Variants. The playground has
 * the rest (evaluators, repetitions). Refused while the dataset has no items; a refusal shows
 * beside the button, with focus on the first field to fix.
 */
export function NewExperimentForm({ datasetId, itemCount, providers, defaultMessages, promptVersions = [] }: {
  datasetId: string; itemCount: number; providers: ProviderOption[]; defaultMessages: ChatMessage[];
  /** Saved prompt versions the Variants section offers as more prompts. */
  promptVersions?: PromptVersionOption[];
}) {
  const queryClient = useQueryClient();
  const formRef = useRef<HTMLFormElement>(null);
  const toast = useToast();
  const [providerId, setProviderId] = useState(() => (providers.find((p) => p.isSimulator) ?? providers[0])?.id ?? '');
  const [model, setModel] = useState('sim-small');
  const [system, setSystem] = useState(() => defaultMessages.find((m) => m.role === 'system')?.content ?? '');
  const [user, setUser] = useState(() => defaultMessages.find((m) => m.role === 'user')?.content ?? '');
  const [editedName, setEditedName] = useState<string | null>(null);
  const [budgetText, setBudgetText] = useState('');
  const [cache, setCache] = useState<CallCacheMode>('auto');
  const [budgetParseError, setBudgetParseError] = useState<string | null>(null);
  const [variants, setVariants] = useState(noVariants);
  // A variant row's own mistakes show once it was left, or after a Run attempt.
  const [attempted, setAttempted] = useState(false);
  const [touched, setTouched] = useState<ReadonlySet<string>>(() => new Set());
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
  const base = useMemo<VariantBase>(() => ({ template: { messages }, providerConnectionId: providerId, model, params: {} }), [messages, providerId, model]);
  const builtVariants = useMemo(() => variantsFromDraft(variants, base), [variants, base]);

  // Nothing to estimate until there is a prompt and a model to price.
  const estimateRequest = useMemo(() => {
    if (!(itemCount > 0 && providerId && model.trim() && user.trim())) return null;
    const each = estimateVariants(variants);
    return { datasetId, messages, providerConnectionId: providerId, model: model.trim(), ...(each ? { variants: each } : {}) };
  }, [itemCount, providerId, model, user, datasetId, messages, variants]);

  const create = useMutation({
    mutationFn: (input: CreateExperimentInput) => createExperimentAction(input),
    onSuccess: (result, input) => {
      if (!result.ok) { focusFirstInvalid(formRef.current); return; }
      usedNames.current.add(input.name);
      toast.success(`Started “${input.name}”`, 'It runs in the background; you can leave this page.');
      setEditedName(null);
      setSuggestedAt(new Date());
      void queryClient.invalidateQueries({ queryKey: EXPERIMENTS_KEY });
    },
  });
  const result = create.data;
  // A field error marks its input: an unknown variable the message that uses it, a variant's
  // (`config.variants.3.model`) the row of the Variants section it came from.
  const fieldErrors: Record<string, string> = {};
  const promptKeys = promptErrorKeys('messages.1', !system.trim());
  for (const [key, message] of Object.entries(result && !result.ok ? result.fieldErrors ?? {} : {})) fieldErrors[variantErrorKey(key, variants, promptKeys)] ??= message;
  const variantError = (key: string) => fieldErrors[key] ?? ((attempted || touched.has(key)) ? builtVariants.errors[key] : undefined);
  const formError = create.error ? 'Could not reach the server; try again.' : result && !result.ok ? result.error : null;

  const submit = (ev: FormEvent) => {
    ev.preventDefault();
    setAttempted(true);
    const budget = parseBudgetText(budgetText);
    setBudgetParseError(budget.ok ? null : budget.error);
    if (!budget.ok || Object.keys(builtVariants.errors).length) { focusFirstInvalid(formRef.current); return; }
    create.mutate({
      datasetId, name,
      config: {
        template: { messages }, providerConnectionId: providerId, model, ...budgetConfigFields(budget.value, cache),
        ...(builtVariants.variants ? { variants: builtVariants.variants } : {}),
      },
    });
  };

  const fieldError = (...keys: string[]) => keys.map((k) => fieldErrors[k]).find(Boolean);
  const nameError = fieldError('name');
  const providerError = fieldError('config.providerConnectionId');
  const modelError = fieldError('config.model');
  const budgetError = budgetParseError ?? fieldError('config.budgetUsd');
  const systemError = fieldError('messages.0');
  const userError = fieldError('messages.1');
  const noItems = itemCount === 0;

  return (
    <form ref={formRef} onSubmit={submit} aria-label="New experiment" className="space-y-4 rounded-lg border border-zinc-200 bg-zinc-50/50 p-4 dark:border-zinc-800 dark:bg-zinc-900/30">
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
        <Field id="exp-system" label="System message" error={systemError}>
          <Textarea id="exp-system" rows={3} value={system} onChange={(e) => setSystem(e.target.value)} spellCheck={false}
            aria-invalid={!!systemError} aria-describedby={systemError ? 'exp-system-error' : undefined} />
        </Field>
        <Field id="exp-user" label="User message" error={userError}>
          <Textarea id="exp-user" rows={3} value={user} onChange={(e) => setUser(e.target.value)} spellCheck={false} required
            aria-invalid={!!userError} aria-describedby={userError ? 'exp-user-error' : undefined} />
        </Field>
      </div>
      <section aria-labelledby="exp-variants-heading" className="space-y-2 rounded-md border border-zinc-200 bg-white/60 p-3 dark:border-zinc-800 dark:bg-zinc-900/40">
        <h3 id="exp-variants-heading" className="text-[11px] font-semibold uppercase tracking-wider text-zinc-500 dark:text-zinc-400">Variants</h3>
        <VariantsEditor idPrefix="exp" columns value={variants} onChange={setVariants} base={base} providers={providers} promptVersions={promptVersions}
          firstRow={{
            prompt: 'The prompt above',
            model: `${providers.find((p) => p.id === providerId)?.name ?? 'No provider'} · ${model.trim() || 'no model yet'}`,
            params: 'The provider’s defaults',
          }}
          error={variantError} touch={(key) => setTouched((t) => (t.has(key) ? t : new Set(t).add(key)))} />
      </section>
      <div className="grid gap-3 md:grid-cols-2">
        <BudgetCapField id="exp-budget" value={budgetText} onChange={(text) => { setBudgetText(text); setBudgetParseError(null); }} error={budgetError} />
        <CallCacheField id="exp-cache" value={cache} onChange={setCache} error={fieldError('config.cache')} />
      </div>
      <VariableChips variables={variables} />
      <CostEstimate request={estimateRequest} />
      <div className="flex flex-wrap items-center justify-end gap-3">
        {/* The refusal sits beside the button that was pressed, and is announced. */}
        <ActionError id="exp-run-error" message={formError} className="mr-auto" />
        {noItems
          ? <p id="exp-run-reason" className="text-xs text-amber-800 dark:text-amber-300">This dataset has no items yet: upload or add some first.</p>
          : <p className="text-xs text-zinc-500 dark:text-zinc-400">Runs over {formatInt(itemCount)} {itemCount === 1 ? 'item' : 'items'} in the background.</p>}
        <Button type="submit" variant="primary" disabled={create.isPending || !name || noItems}
          aria-describedby={[noItems && 'exp-run-reason', formError && 'exp-run-error'].filter(Boolean).join(' ') || undefined}>
          {create.isPending ? 'Starting…' : 'Run experiment'}
        </Button>
      </div>
    </form>
  );
}
