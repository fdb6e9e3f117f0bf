'use client';

import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import type { ProviderModels } from '@/lib/playground/models';
import type { VersionMode } from '@/lib/playground/form';
import { Field, inputClass } from '@/components/ui/field';
import { formatExact, formatInt } from '@/components/format';
import { PanelGroup, Switch, errorProps, type FormApi } from './form-bits';

export interface ProviderOption { id: string; name: string; isSimulator: boolean }
export interface DatasetOption { id: string; name: string; itemCount: number }

async function fetchModels(providerId: string, signal: AbortSignal): Promise<ProviderModels> {
  const res = await fetch(`/api/playground/models?providerId=${encodeURIComponent(providerId)}`, { signal, cache: 'no-store' });
  const body = await res.json().catch(() => null);
  if (!res.ok) throw new Error((body as { error?: string } | null)?.error ?? `Request failed (${res.status})`);
  return body as ProviderModels;
}

/** Model suggestions from the provider's `/models`; free text is always allowed. */
export function useProviderModels(providerId: string) {
  return useQuery({
    queryKey: ['playground', 'models', providerId],
    queryFn: ({ signal }) => fetchModels(providerId, signal),
    enabled: !!providerId,
    staleTime: 5 * 60_000,
    retry: 0,
  });
}

export function ModelDatalist({ id, providerId }: { id: string; providerId: string }) {
  const models = useProviderModels(providerId);
  return (
    <datalist id={id}>
      {(models.data?.models ?? []).map((m) => <option key={m} value={m} />)}
    </datalist>
  );
}

const selectClass = `${inputClass} pr-7`;

export function ModelSettings({ form, providers }: { form: FormApi; providers: ProviderOption[] }) {
  const { draft, update, error, touch } = form;
  const models = useProviderModels(draft.providerConnectionId);
  const modelHint = models.data?.error ? `Could not list models (${models.data.error.slice(0, 80)}); type one` : undefined;

  const numberField = (id: string, label: string, key: 'temperature' | 'maxTokens' | 'topP', attrs: { min: number; max: number; step: string; placeholder: string }) => {
    const errorKey = `config.params.${key}`;
    const err = error(errorKey);
    return (
      <Field id={id} label={label} error={err}>
        <input {...errorProps(id, errorKey, err)} type="number" inputMode="decimal" className={`${inputClass} tabular-nums`}
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
          <select {...errorProps('pg-provider', 'config.providerConnectionId', error('config.providerConnectionId'))} className={selectClass}
            value={draft.providerConnectionId} onChange={(e) => update({ providerConnectionId: e.target.value })}>
            {providers.length === 0 && <option value="">No provider connections</option>}
            {providers.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
          </select>
        </Field>
        <Field id="pg-model" label="Model" error={error('config.model')} hint={modelHint}>
          <input {...errorProps('pg-model', 'config.model', error('config.model'))} className={`${inputClass} font-mono`} list="pg-model-options"
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
        <textarea {...errorProps('pg-schema', 'config.responseSchema', error('config.responseSchema'))}
          className={`${inputClass} min-h-9 resize-y font-mono text-xs leading-relaxed [field-sizing:content]`} rows={1}
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
        <select {...errorProps('pg-dataset', 'datasetId', error('datasetId'))} className={selectClass}
          value={draft.datasetId} onChange={(e) => update({ datasetId: e.target.value })}>
          <option value="">Choose a dataset…</option>
          {datasets.map((d) => <option key={d.id} value={d.id}>{d.name}</option>)}
        </select>
      </Field>
      <div className="grid grid-cols-2 gap-3">
        <Field id="pg-version" label="Version" className={draft.versionMode === 'at' ? '' : 'col-span-2'} error={draft.versionMode === 'at' ? undefined : versionError}
          hint={draft.versionMode === 'at' ? undefined : versionHint}>
          <select {...errorProps('pg-version', 'datasetVersion', draft.versionMode === 'at' ? undefined : versionError)} className={selectClass}
            value={draft.versionMode} onChange={(e) => update({ versionMode: e.target.value as VersionMode })}>
            <option value="latest">Latest</option>
            {draft.originalVersion && <option value="original">As in {sourceName ? `“${sourceName}”` : 'the original experiment'}</option>}
            <option value="at">At a point in time…</option>
          </select>
        </Field>
        {draft.versionMode === 'at' && (
          <Field id="pg-version-at" label="Version time" error={versionError}>
            <input {...errorProps('pg-version-at', 'datasetVersion', versionError)} type="datetime-local" step={1} className={`${inputClass} tabular-nums`}
              value={draft.versionAt} onChange={(e) => update({ versionAt: e.target.value })} onBlur={() => touch('datasetVersion')} />
          </Field>
        )}
      </div>
      {draft.versionMode === 'at' && <p className="-mt-1 text-xs text-zinc-500 dark:text-zinc-400">{versionHint}</p>}
      <div className="grid grid-cols-2 gap-3">
        <Field id="pg-repetitions" label="Repetitions" error={error('config.repetitions')}>
          <input {...errorProps('pg-repetitions', 'config.repetitions', error('config.repetitions'))} type="number" inputMode="numeric" min={1} max={100} step={1}
            className={`${inputClass} tabular-nums`} value={draft.repetitions} title="Runs per item (1–100)"
            onChange={(e) => update({ repetitions: e.target.value })} onBlur={() => touch('config.repetitions')} />
        </Field>
        <Field id="pg-concurrency" label="Max concurrency" error={error('config.maxConcurrency')}>
          <input {...errorProps('pg-concurrency', 'config.maxConcurrency', error('config.maxConcurrency'))} type="number" inputMode="numeric" min={1} max={100} step={1}
            className={`${inputClass} tabular-nums`} value={draft.maxConcurrency} placeholder="auto" title="Calls in flight at once for this run (1–100); empty: the worker's limit"
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
        <input {...errorProps('pg-name', 'name', error('name'))} className={inputClass} value={name}
          onChange={(e) => onNameChange(e.target.value)} onBlur={() => touch('name')} autoComplete="off" spellCheck={false} />
      </Field>
    </PanelGroup>
  );
}
