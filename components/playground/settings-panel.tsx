'use client';

import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import type { VersionMode } from '@/lib/playground/form';
import { Field } from '@/components/ui/field';
import { Input, Select, Textarea } from '@/components/ui/input';
import { formatExact, formatInt } from '@/components/format';
import { PanelGroup, Switch, errorProps, type FormApi } from './form-bits';
import { providerModelsQuery } from './queries';
import { BudgetCapField, CallCacheField } from '@/components/experiments/budget-cache-fields';

export interface ProviderOption { id: string; name: string; isSimulator: boolean }
export interface DatasetOption { id: string; name: string; itemCount: number }

/** Model suggestions from the provider's `/models`; free text is always allowed. */
export function useProviderModels(providerId: string) {
  return useQuery(providerModelsQuery(providerId));
}

export function ModelDatalist({ id, providerId }: { id: string; providerId: string }) {
  const models = useProviderModels(providerId);
  return (
    <datalist id={id}>
      {(models.data?.models ?? []).map((m) => <option key={m} value={m} />)}
    </datalist>
  );
}

export function ModelSettings({ form, providers }: { form: FormApi; providers: ProviderOption[] }) {
  const { draft, update, error, touch } = form;
  const models = useProviderModels(draft.providerConnectionId);
  const modelHint = models.data?.error ? `Could not list models (${models.data.error.slice(0, 80)}); type one` : undefined;

  const numberField = (id: string, label: string, key: 'temperature' | 'maxTokens' | 'topP', attrs: { min: number; max: number; step: string; placeholder: string }) => {
    const errorKey = `config.params.${key}`;
    const err = error(errorKey);
    return (
      <Field id={id} label={label} error={err}>
        <Input {...errorProps(id, errorKey, err)} type="number" inputMode="decimal" className="tabular-nums"
          value={draft[key]} min={attrs.min} max={attrs.max} step={attrs.step} placeholder={attrs.placeholder}
          onChange={(e) => update({ [key]: e.target.value })} onBlur={() => touch(errorKey)} />
      </Field>
    );
  };

  return (
    <PanelGroup title="Model and parameters" id="pg-model-group">
      <div className="grid grid-cols-2 gap-3">
        <Field id="pg-provider" label="Provider" error={error('config.providerConnectionId')}
          hint={providers.length === 0 ? <>No connections yet: add one in <Link className="underline" href="/settings">Settings</Link></> : undefined}>
          <Select {...errorProps('pg-provider', 'config.providerConnectionId', error('config.providerConnectionId'))}
            value={draft.providerConnectionId} onChange={(e) => update({ providerConnectionId: e.target.value })}>
            {providers.length === 0 && <option value="">No provider connections</option>}
            {providers.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
          </Select>
        </Field>
        <Field id="pg-model" label="Model" error={error('config.model')} hint={modelHint}>
          <Input {...errorProps('pg-model', 'config.model', error('config.model'))} className="font-mono" list="pg-model-options"
            value={draft.model} onChange={(e) => update({ model: e.target.value })} onBlur={() => touch('config.model')}
            autoComplete="off" spellCheck={false} placeholder="e.g. gpt-4o-mini" />
          <ModelDatalist id="pg-model-options" providerId={draft.providerConnectionId} />
        </Field>
      </div>
      <div className="grid grid-cols-3 gap-3">
        {numberField('pg-temperature', 'Temperature', 'temperature', { min: 0, max: 2, step: '0.1', placeholder: 'default' })}
        {numberField('pg-max-tokens', 'Max tokens', 'maxTokens', { min: 1, max: 1_000_000, step: '1', placeholder: 'default' })}
        {numberField('pg-top-p', 'Top P', 'topP', { min: 0, max: 1, step: '0.05', placeholder: 'default' })}
      </div>
      <Field id="pg-schema" label="Structured output (JSON schema)" error={error('config.responseSchema')}
        hint="Optional: output must be JSON matching it, or the run fails.">
        <Textarea {...errorProps('pg-schema', 'config.responseSchema', error('config.responseSchema'))}
          className="min-h-9 [field-sizing:content]" rows={1}
          value={draft.responseSchema} onChange={(e) => update({ responseSchema: e.target.value })} onBlur={() => touch('config.responseSchema')}
          spellCheck={false} placeholder={'{"type": "object", "properties": {"answer": {"type": "string"}}}'} />
      </Field>
    </PanelGroup>
  );
}

export function DataSettings({ form, datasets, sourceName }: { form: FormApi; datasets: DatasetOption[]; sourceName: string | null }) {
  const { draft, update, error, touch } = form;
  const dataset = datasets.find((d) => d.id === draft.datasetId);
  const versionError = error('datasetVersion');
  const versionHint = draft.versionMode === 'latest'
    ? 'The items as they are when the run starts'
    : draft.versionMode === 'original' && draft.originalVersion ? `Items as they were on ${formatExact(new Date(draft.originalVersion))}`
    : 'Items as they were at this time (your time zone)';

  return (
    <PanelGroup title="Data" id="pg-data-group">
      <Field id="pg-dataset" label="Dataset" error={error('datasetId')}
        hint={datasets.length === 0 ? <>No datasets yet: <Link className="underline" href="/datasets">create one</Link></> : dataset && <Link className="hover:underline" href={`/datasets/${dataset.id}`}>{formatInt(dataset.itemCount)} {dataset.itemCount === 1 ? 'item' : 'items'} · view</Link>}>
        <Select {...errorProps('pg-dataset', 'datasetId', error('datasetId'))}
          value={draft.datasetId} onChange={(e) => update({ datasetId: e.target.value })}>
          <option value="">Choose a dataset…</option>
          {datasets.map((d) => <option key={d.id} value={d.id}>{d.name}</option>)}
        </Select>
      </Field>
      <div className="grid grid-cols-2 gap-3">
        <Field id="pg-version" label="Version" className={draft.versionMode === 'at' ? '' : 'col-span-2'} error={draft.versionMode === 'at' ? undefined : versionError}
          hint={draft.versionMode === 'at' ? undefined : versionHint}>
          <Select {...errorProps('pg-version', 'datasetVersion', draft.versionMode === 'at' ? undefined : versionError)}
            value={draft.versionMode} onChange={(e) => update({ versionMode: e.target.value as VersionMode })}>
            <option value="latest">Latest</option>
            {draft.originalVersion && <option value="original">As in {sourceName ? `“${sourceName}”` : 'the original experiment'}</option>}
            <option value="at">At a point in time…</option>
          </Select>
        </Field>
        {draft.versionMode === 'at' && (
          <Field id="pg-version-at" label="Version time" error={versionError}>
            <Input {...errorProps('pg-version-at', 'datasetVersion', versionError)} type="datetime-local" step={1} className="tabular-nums"
              value={draft.versionAt} onChange={(e) => update({ versionAt: e.target.value })} onBlur={() => touch('datasetVersion')} />
          </Field>
        )}
      </div>
      {draft.versionMode === 'at' && <p className="-mt-1 text-xs text-zinc-500 dark:text-zinc-400">{versionHint}</p>}
      <div className="grid grid-cols-2 gap-3">
        <Field id="pg-repetitions" label="Repetitions" error={error('config.repetitions')}>
          <Input {...errorProps('pg-repetitions', 'config.repetitions', error('config.repetitions'))} type="number" inputMode="numeric" min={1} max={100} step={1}
            className="tabular-nums" value={draft.repetitions} title="Runs per item (1–100)"
            onChange={(e) => update({ repetitions: e.target.value })} onBlur={() => touch('config.repetitions')} />
        </Field>
        <Field id="pg-concurrency" label="Max concurrency" error={error('config.maxConcurrency')}>
          <Input {...errorProps('pg-concurrency', 'config.maxConcurrency', error('config.maxConcurrency'))} type="number" inputMode="numeric" min={1} max={100} step={1}
            className="tabular-nums" value={draft.maxConcurrency} placeholder="auto" title="Calls in flight at once for this experiment (1–100); empty: the worker's limit"
            onChange={(e) => update({ maxConcurrency: e.target.value })} onBlur={() => touch('config.maxConcurrency')} />
        </Field>
      </div>
    </PanelGroup>
  );
}

export function RunSettings({ form, name, onNameChange }: { form: FormApi; name: string; onNameChange: (name: string) => void }) {
  const { draft, update, error, touch } = form;
  return (
    <PanelGroup title="Run" id="pg-run-group">
      <div className="flex items-start gap-3">
        <Switch id="pg-record" checked={draft.record} onChange={(record) => update({ record })} describedBy="pg-record-hint" />
        <div className="min-w-0">
          <label htmlFor="pg-record" className="block cursor-pointer text-xs font-medium text-zinc-700 dark:text-zinc-300">Record</label>
          <p id="pg-record-hint" className="mt-0.5 text-xs text-zinc-500 dark:text-zinc-400">
            {draft.record
              ? 'On: listed with the dataset’s experiments; keeps running if you leave this page.'
              : 'Off: not listed, stops when you leave this page, deleted later'}
          </p>
        </div>
      </div>
      <Field id="pg-name" label="Name" error={error('name')}>
        <Input {...errorProps('pg-name', 'name', error('name'))} value={name}
          onChange={(e) => onNameChange(e.target.value)} onBlur={() => touch('name')} autoComplete="off" spellCheck={false} />
      </Field>
      <BudgetCapField id="pg-budget" value={draft.budgetUsd} onChange={(budgetUsd) => update({ budgetUsd })} error={error('config.budgetUsd')}
        inputProps={{ 'data-error-key': 'config.budgetUsd', onBlur: () => touch('config.budgetUsd') }} />
      <CallCacheField id="pg-cache" value={draft.cache} onChange={(cache) => update({ cache })} error={error('config.cache')} />
    </PanelGroup>
  );
}
