'use client';

import { useMemo, useRef, type ReactNode } from 'react';
import type { PromptVersionOption } from '@/lib/playground/prompts';
import {
  VARIANTS_KEY, modelRowKey, nextRowKey, paramSetKey, promptRowKey, pruneNames, variantCount, variantCountLine, variantNameKey,
  variantPreviews, overLimitMessage, type ModelRow, type ParamSetRow, type VariantBase, type VariantsDraft,
} from '@/lib/playground/variants-form';
import { LIMITS } from '@/lib/limits';
import { Button } from '@/components/ui/button';
import { Input, Select } from '@/components/ui/input';
import { cn } from '@/components/ui/cn';
import { CrossIcon, PlusIcon } from './form-bits';
import { ModelDatalist, type ProviderOption } from './settings-panel';

export interface VariantsEditorProps {
  /** Prefix of the element ids ('pg', 'exp'): two forms may share a page. */
  idPrefix: string;
  value: VariantsDraft;
  onChange: (next: VariantsDraft) => void;
  /** The form's own prompt, model and parameters: variant 0, what the names are made from. */
  base: VariantBase;
  providers: ProviderOption[];
  promptVersions: PromptVersionOption[];
  /** How the form's own prompt, model and parameters read as the first row of each list. */
  firstRow: { prompt: string; model: string; params: string };
  error: (key: string) => string | undefined;
  touch: (key: string) => void;
  /** Prompts, models and parameter sets side by side (a wide form) instead of one under another. */
  columns?: boolean;
}

/**
 * Prompts x models x parameter sets: the form's own are the first of each, more are added here,
 * and the experiment runs every combination. Shows the count, refuses past the limit (naming it)
 * and lets each variant be named.
 */
export function VariantsEditor(props: VariantsEditorProps) {
  const { idPrefix, value, onChange, base, error } = props;
  const count = variantCount(value);
  const over = count > LIMITS.variants;
  const previews = useMemo(() => (count > 1 ? variantPreviews(value, base) : []), [count, value, base]);
  const change = (next: VariantsDraft) => onChange(pruneNames(next));
  const limitError = over ? overLimitMessage(value) : error(VARIANTS_KEY);

  return (
    <div className="space-y-3">
      <p id={`${idPrefix}-variant-count`} aria-live="polite" data-testid="variant-count"
        className={cn('text-xs tabular-nums', over ? 'text-red-600 dark:text-red-400' : 'text-zinc-600 dark:text-zinc-400')}>
        {count === 1 ? 'One variant: add a prompt, model or parameter set to compare them.' : variantCountLine(value)}
      </p>
      <div className={props.columns ? 'grid gap-4 md:grid-cols-3' : 'space-y-3'}>
        <PromptsList {...props} change={change} />
        <ModelsList {...props} change={change} />
        <ParamSetsList {...props} change={change} />
      </div>
      {limitError && <p role="alert" data-error-key={VARIANTS_KEY} tabIndex={-1} className="text-xs text-red-600 dark:text-red-400">{limitError}</p>}
      {previews.length > 0 && <VariantNames {...props} previews={previews} />}
    </div>
  );
}

type ListProps = VariantsEditorProps & { change: (next: VariantsDraft) => void };

function ListHeading({ children }: { children: ReactNode }) {
  return <h4 className="text-xs font-medium text-zinc-700 dark:text-zinc-300">{children}</h4>;
}

function FirstRow({ n, children }: { n: number; children: ReactNode }) {
  return (
    <li className="flex min-h-7 items-center gap-2 text-xs text-zinc-600 dark:text-zinc-400">
      <RowNumber n={n} />
      <span className="min-w-0 truncate">{children}</span>
    </li>
  );
}

const RowNumber = ({ n }: { n: number }) => (
  <span aria-hidden className="inline-flex size-5 shrink-0 items-center justify-center rounded bg-zinc-100 text-[11px] tabular-nums text-zinc-500 dark:bg-zinc-800 dark:text-zinc-400">{n}</span>
);

function RemoveButton({ label, onClick }: { label: string; onClick: () => void }) {
  return (
    <button type="button" onClick={onClick} aria-label={label} title={label}
      className="inline-flex size-7 shrink-0 items-center justify-center rounded-md text-zinc-500 hover:bg-zinc-100 hover:text-zinc-700 focus-visible:outline-2 focus-visible:outline-accent-500 dark:hover:bg-zinc-800 dark:hover:text-zinc-200 dark:text-zinc-400">
      <CrossIcon />
    </button>
  );
}

/** An input's label with what tells it apart from its neighbours for screen readers only ("Model" + " 2"). */
function RowLabel({ htmlFor, text, row }: { htmlFor: string; text: string; row: string }) {
  return (
    <label htmlFor={htmlFor} className="mb-0.5 block text-[11px] text-zinc-500 dark:text-zinc-400">
      {text}<span className="sr-only">{row}</span>
    </label>
  );
}

function FieldError({ id, message }: { id: string; message: string | undefined }) {
  return message ? <p id={id} className="mt-0.5 text-xs text-red-600 dark:text-red-400">{message}</p> : null;
}

function rowInputProps(id: string, errorKey: string, err: string | undefined) {
  return { id, 'data-error-key': errorKey, 'aria-invalid': err ? true : undefined, 'aria-describedby': err ? `${id}-error` : undefined } as const;
}

function PromptsList({ idPrefix, value, change, promptVersions, firstRow, error }: ListProps) {
  const added = new Set(value.prompts.map((p) => `${p.promptId}@${p.version}`));
  const byPrompt = useMemo(() => {
    const groups = new Map<string, PromptVersionOption[]>();
    for (const v of promptVersions) groups.set(v.name, [...(groups.get(v.name) ?? []), v]);
    return [...groups.entries()];
  }, [promptVersions]);
  const add = (id: string) => {
    const v = promptVersions.find((p) => `${p.promptId}@${p.version}` === id);
    if (!v) return;
    change({ ...value, prompts: [...value.prompts, { key: nextRowKey('p', value.prompts), label: `${v.name} · v${v.version}`, messages: v.messages, promptId: v.promptId, version: v.version }] });
  };
  const selectId = `${idPrefix}-variant-add-prompt`;
  return (
    <section aria-label="Prompts" className="space-y-1.5">
      <ListHeading>Prompts</ListHeading>
      <ol className="space-y-1">
        <FirstRow n={1}>{firstRow.prompt}</FirstRow>
        {value.prompts.map((p, i) => {
          const err = error(promptRowKey(i + 1));
          return (
            <li key={p.key} data-error-key={promptRowKey(i + 1)} tabIndex={-1}>
              <div className="flex min-h-7 items-center gap-2 text-xs">
                <RowNumber n={i + 2} />
                <span className="min-w-0 flex-1 truncate font-medium text-zinc-800 dark:text-zinc-200" title={p.messages.map((m) => `${m.role}: ${m.content}`).join('\n').slice(0, 2_000)}>{p.label}</span>
                <RemoveButton label={`Remove prompt ${p.label}`} onClick={() => change({ ...value, prompts: value.prompts.filter((x) => x.key !== p.key) })} />
              </div>
              <FieldError id={`${idPrefix}-variant-prompt-${p.key}-error`} message={err} />
            </li>
          );
        })}
      </ol>
      <label htmlFor={selectId} className="sr-only">Add a saved prompt</label>
      <Select compact id={selectId} value="" onChange={(e) => add(e.target.value)} disabled={promptVersions.length === 0}
        className="w-full text-zinc-700 dark:text-zinc-300">
        <option value="">{promptVersions.length ? 'Add a saved prompt version…' : 'No saved prompts: save one to compare it'}</option>
        {byPrompt.map(([name, versions]) => (
          <optgroup key={name} label={name}>
            {versions.map((v) => {
              const id = `${v.promptId}@${v.version}`;
              return <option key={id} value={id} disabled={added.has(id)}>{`${name} · v${v.version}`}</option>;
            })}
          </optgroup>
        ))}
      </Select>
    </section>
  );
}

function ModelsList({ idPrefix, value, change, providers, base, firstRow, error, touch }: ListProps) {
  const listRef = useRef<HTMLOListElement>(null);
  const set = (key: string, patch: Partial<ModelRow>) => change({ ...value, models: value.models.map((m) => (m.key === key ? { ...m, ...patch } : m)) });
  const add = () => {
    const key = nextRowKey('m', value.models);
    change({ ...value, models: [...value.models, { key, providerConnectionId: base.providerConnectionId || providers[0]?.id || '', model: '' }] });
    requestAnimationFrame(() => listRef.current?.querySelector<HTMLInputElement>(`#${idPrefix}-variant-model-${key}`)?.focus());
  };
  return (
    <section aria-label="Models" className="space-y-1.5">
      <ListHeading>Models</ListHeading>
      <ol ref={listRef} className="space-y-1.5">
        <FirstRow n={1}>{firstRow.model}</FirstRow>
        {value.models.map((m, i) => {
          const row = i + 1;
          const pid = `${idPrefix}-variant-provider-${m.key}`;
          const mid = `${idPrefix}-variant-model-${m.key}`;
          const perr = error(modelRowKey(row, 'providerConnectionId'));
          const merr = error(modelRowKey(row, 'model'));
          return (
            <li key={m.key} className="flex items-start gap-2">
              <span className="mt-5"><RowNumber n={row + 1} /></span>
              <div className="grid min-w-0 flex-1 grid-cols-2 gap-2">
                <div className="min-w-0">
                  <RowLabel htmlFor={pid} text="Provider" row={` of model ${row + 1}`} />
                  <Select compact {...rowInputProps(pid, modelRowKey(row, 'providerConnectionId'), perr)} value={m.providerConnectionId}
                    onChange={(e) => set(m.key, { providerConnectionId: e.target.value })}>
                    <option value="">Choose…</option>
                    {providers.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
                  </Select>
                  <FieldError id={`${pid}-error`} message={perr} />
                </div>
                <div className="min-w-0">
                  <RowLabel htmlFor={mid} text="Model" row={` ${row + 1}`} />
                  <Input compact {...rowInputProps(mid, modelRowKey(row, 'model'), merr)} className="font-mono" list={`${mid}-options`}
                    value={m.model} onChange={(e) => set(m.key, { model: e.target.value })}
                    // Left empty (e.g. on the way to "Add model" again) it waits for Run: an error appearing on blur would move the button away mid-click.
                    onBlur={(e) => { if (e.target.value.trim()) touch(modelRowKey(row, 'model')); }}
                    autoComplete="off" spellCheck={false} placeholder="e.g. sim-large" />
                  <ModelDatalist id={`${mid}-options`} providerId={m.providerConnectionId} />
                  <FieldError id={`${mid}-error`} message={merr} />
                </div>
              </div>
              <span className="mt-4"><RemoveButton label={`Remove model ${row + 1}`} onClick={() => change({ ...value, models: value.models.filter((x) => x.key !== m.key) })} /></span>
            </li>
          );
        })}
      </ol>
      <Button size="sm" onClick={add}><PlusIcon />Add model</Button>
    </section>
  );
}

const PARAM_INPUTS = [
  { field: 'temperature', label: 'Temperature', min: 0, max: 2, step: '0.1' },
  { field: 'maxTokens', label: 'Max tokens', min: 1, max: 1_000_000, step: '1' },
  { field: 'topP', label: 'Top P', min: 0, max: 1, step: '0.05' },
] as const;

function ParamSetsList({ idPrefix, value, change, firstRow, error, touch }: ListProps) {
  const set = (key: string, patch: Partial<ParamSetRow>) => change({ ...value, paramSets: value.paramSets.map((s) => (s.key === key ? { ...s, ...patch } : s)) });
  const add = () => change({ ...value, paramSets: [...value.paramSets, { key: nextRowKey('s', value.paramSets), temperature: '', topP: '', maxTokens: '' }] });
  return (
    <section aria-label="Parameter sets" className="space-y-1.5">
      <ListHeading>Parameter sets</ListHeading>
      <ol className="space-y-1.5">
        <FirstRow n={1}>{firstRow.params}</FirstRow>
        {value.paramSets.map((s, i) => {
          const row = i + 1;
          return (
            <li key={s.key} className="flex items-start gap-2">
              <span className="mt-5"><RowNumber n={row + 1} /></span>
              <div className="grid min-w-0 flex-1 grid-cols-3 gap-2">
                {PARAM_INPUTS.map((p) => {
                  const id = `${idPrefix}-variant-${p.field}-${s.key}`;
                  const key = paramSetKey(row, p.field);
                  const err = error(key);
                  return (
                    <div key={p.field} className="min-w-0">
                      <RowLabel htmlFor={id} text={p.label} row={`, parameter set ${row + 1}`} />
                      <Input compact {...rowInputProps(id, key, err)} type="number" inputMode="decimal" className="tabular-nums"
                        min={p.min} max={p.max} step={p.step} placeholder="as set 1"
                        value={s[p.field]} onChange={(e) => set(s.key, { [p.field]: e.target.value })} onBlur={() => touch(key)} />
                      <FieldError id={`${id}-error`} message={err} />
                    </div>
                  );
                })}
              </div>
              <span className="mt-4"><RemoveButton label={`Remove parameter set ${row + 1}`} onClick={() => change({ ...value, paramSets: value.paramSets.filter((x) => x.key !== s.key) })} /></span>
            </li>
          );
        })}
      </ol>
      <Button size="sm" onClick={add}><PlusIcon />Add parameter set</Button>
    </section>
  );
}

function VariantNames({ idPrefix, value, onChange, error, touch, columns, previews }: VariantsEditorProps & { previews: ReturnType<typeof variantPreviews> }) {
  const rename = (key: string, name: string) => onChange({ ...value, names: { ...value.names, [key]: name } });
  return (
    <section aria-label="Variant names" className="space-y-1.5">
      <ListHeading>Variant names <span className="font-normal text-zinc-500 dark:text-zinc-400">· optional: type to rename</span></ListHeading>
      <ol className={columns ? 'grid gap-x-4 gap-y-1 md:grid-cols-2 xl:grid-cols-3' : 'space-y-1'}>
        {previews.map((p) => {
          const id = `${idPrefix}-variant-name-${p.index}`;
          const key = variantNameKey(p.index);
          const err = error(key);
          return (
            <li key={p.key} data-variant-name={p.name}>
              <div className="flex items-center gap-2">
                <RowNumber n={p.index + 1} />
                <label htmlFor={id} className="sr-only">{`Name of variant ${p.index + 1}`}</label>
                <Input compact {...rowInputProps(id, key, err)} className="font-mono" value={p.given} placeholder={p.automatic}
                  maxLength={120} autoComplete="off" spellCheck={false}
                  onChange={(e) => rename(p.key, e.target.value)} onBlur={() => touch(key)} />
              </div>
              <FieldError id={`${id}-error`} message={err} />
            </li>
          );
        })}
      </ol>
    </section>
  );
}
