'use client';

import { useRef } from 'react';
import type { EvaluatorType } from '@/lib/evaluators/types';
import { EVALUATOR_CHOICES, USES_EXPECTED, evaluatorLabel, newEvaluatorDraft, type EvaluatorDraft } from '@/lib/playground/evaluator-form';
import { messageLabel } from '@/lib/playground/form';
import { buttonClass } from '@/components/ui/button';
import { cn } from '@/components/ui/cn';
import { DropdownMenu, DropdownMenuContent, DropdownMenuItem, DropdownMenuTrigger } from '@/components/ui/dropdown-menu';
import { Field } from '@/components/ui/field';
import { Input, Select, Textarea } from '@/components/ui/input';
import { Checkbox, CrossIcon, PanelGroup, PlusIcon, errorProps, type FormApi } from './form-bits';
import { ModelDatalist, type ProviderOption } from './settings-panel';

let added = 0;
const newKey = () => `ev${++added}`;


/** The evaluators that score each output: add by type, then fill in the fields that type needs. */
export function EvaluatorsEditor({ form, providers }: { form: FormApi; providers: ProviderOption[] }) {
  const { draft, update } = form;
  const list = useRef<HTMLOListElement>(null);
  const focusKey = useRef<string | null>(null);

  const add = (type: EvaluatorType) => {
    const key = newKey();
    focusKey.current = key;
    update((d) => ({
      ...d,
      evaluators: [...d.evaluators, newEvaluatorDraft(type, {
        key, taken: d.evaluators.map((e) => e.name),
        // A judge defaults to the run's own provider; the model is left for the user to pick.
        providerConnectionId: d.providerConnectionId, model: type === 'llm_judge' ? judgeModelDefault(d.model) : '',
      })],
    }));
  };
  const remove = (key: string) => update((d) => ({ ...d, evaluators: d.evaluators.filter((e) => e.key !== key) }));
  const change = (key: string, patch: Partial<EvaluatorDraft>) =>
    update((d) => ({ ...d, evaluators: d.evaluators.map((e) => (e.key === key ? { ...e, ...patch } : e)) }));

  return (
    <PanelGroup title="Evaluators" id="pg-evaluators-group">
      {draft.evaluators.length === 0 && (
        <p className="text-xs text-zinc-500 dark:text-zinc-400">None yet: outputs are recorded but not scored. Add one to compare outputs with the expected answers.</p>
      )}
      <ol ref={list} className="space-y-2">
        {draft.evaluators.map((ev, i) => (
          <EvaluatorCard key={ev.key} ev={ev} index={i} form={form} providers={providers}
            onChange={(patch) => change(ev.key, patch)} onRemove={() => remove(ev.key)} />
        ))}
      </ol>
      <DropdownMenu>
        <DropdownMenuTrigger className={buttonClass('secondary', 'sm')}>
          <PlusIcon />Add evaluator
        </DropdownMenuTrigger>
        <DropdownMenuContent align="start"
          // Focus goes to the new evaluator's first field, not back to the trigger.
          onCloseAutoFocus={(e) => {
            const key = focusKey.current;
            if (!key) return;
            e.preventDefault();
            focusKey.current = null;
            requestAnimationFrame(() => list.current?.querySelector<HTMLElement>(`[data-evaluator="${key}"] input, [data-evaluator="${key}"] textarea`)?.focus());
          }}
          className="w-72">
          {EVALUATOR_CHOICES.map((c) => (
            <DropdownMenuItem key={c.type} onSelect={() => add(c.type)} hint={c.hint}>
              <span className="font-medium">{c.label}</span>
            </DropdownMenuItem>
          ))}
        </DropdownMenuContent>
      </DropdownMenu>
    </PanelGroup>
  );
}

function judgeModelDefault(model: string) {
  return model.startsWith('sim-') ? 'sim-judge' : model;
}

function EvaluatorCard({ ev, index, form, providers, onChange, onRemove }: {
  ev: EvaluatorDraft; index: number; form: FormApi; providers: ProviderOption[];
  onChange: (patch: Partial<EvaluatorDraft>) => void; onRemove: () => void;
}) {
  const prefix = `config.evaluators.${index}`;
  const id = (field: string) => `pg-ev-${ev.key}-${field}`;
  const label = evaluatorLabel(ev.type);

  const text = (field: 'name' | 'expectedField' | 'outputField' | 'value' | 'pattern' | 'flags' | 'tolerance' | 'relativeTolerance' | 'threshold' | 'model',
    fieldLabel: string, opts: { placeholder?: string; hint?: string; mono?: boolean; numeric?: boolean; className?: string; list?: string } = {}) => {
    const key = `${prefix}.${field}`;
    const err = form.error(key);
    return (
      <Field id={id(field)} label={fieldLabel} error={err} hint={opts.hint} className={opts.className}>
        <Input {...errorProps(id(field), key, err)} className={cn(opts.mono && 'font-mono', opts.numeric && 'tabular-nums')}
          value={ev[field]} placeholder={opts.placeholder} list={opts.list}
          inputMode={opts.numeric ? 'decimal' : undefined} autoComplete="off" spellCheck={false}
          onChange={(e) => onChange({ [field]: e.target.value })} onBlur={() => form.touch(key)} />
      </Field>
    );
  };
  const fieldPaths = (
    <div className="grid grid-cols-2 gap-3">
      {USES_EXPECTED.has(ev.type)
        ? text('expectedField', 'Expected field', { placeholder: 'whole value', mono: true })
        : null}
      {text('outputField', 'Output field', { placeholder: 'whole output', mono: true, className: USES_EXPECTED.has(ev.type) ? '' : 'col-span-2' })}
    </div>
  );

  return (
    <li data-evaluator={ev.key} role="group" aria-label={`Evaluator ${index + 1}: ${label}`}
      className="space-y-3 rounded-lg border border-zinc-200 bg-white p-3 shadow-xs dark:border-zinc-800 dark:bg-zinc-900">
      <div className="flex items-end gap-2">
        {text('name', 'Evaluator name', { mono: true, className: 'min-w-0 flex-1' })}
        <span className="mb-1.5 shrink-0 rounded bg-zinc-100 px-1.5 py-0.5 text-[11px] font-medium text-zinc-600 dark:bg-zinc-800 dark:text-zinc-300">{label}</span>
        <button type="button" onClick={onRemove} aria-label={`Remove evaluator ${ev.name || index + 1}`}
          className="mb-1 inline-flex size-7 shrink-0 items-center justify-center rounded-md text-zinc-500 hover:bg-zinc-100 hover:text-zinc-700 focus-visible:outline-2 focus-visible:outline-accent-500 dark:hover:bg-zinc-800 dark:hover:text-zinc-200 dark:text-zinc-400">
          <CrossIcon />
        </button>
      </div>

      {ev.type === 'regex' && (
        <div className="grid grid-cols-[1fr_5rem] gap-3">
          {text('pattern', 'Pattern', { mono: true, placeholder: '^\\d+$' })}
          {text('flags', 'Flags', { mono: true, placeholder: 'i' })}
        </div>
      )}
      {ev.type === 'contains' && text('value', 'Text to find', { placeholder: 'empty: the expected value', hint: 'Leave empty to look for the expected value' })}
      {ev.type === 'numeric_closeness' && (
        <div className="grid grid-cols-2 gap-3">
          {text('tolerance', 'Tolerance', { numeric: true, placeholder: '0', hint: 'Absolute' })}
          {text('relativeTolerance', 'Relative tolerance', { numeric: true, placeholder: '0', hint: 'e.g. 0.05 for 5%' })}
        </div>
      )}
      {ev.type === 'string_similarity' && text('threshold', 'Threshold', { numeric: true, placeholder: '0.8', hint: 'Similarity counted as a match (0–1)' })}
      {ev.type === 'json_schema' && (() => {
        const key = `${prefix}.schema`;
        const err = form.error(key);
        return (
          <Field id={id('schema')} label="Schema" error={err}>
            <Textarea {...errorProps(id('schema'), key, err)} rows={3} spellCheck={false}
              className="[field-sizing:content]"
              value={ev.schema} onChange={(e) => onChange({ schema: e.target.value })} onBlur={() => form.touch(key)} />
          </Field>
        );
      })()}
      {ev.type === 'llm_judge' && (
        <>
          <div className="grid grid-cols-2 gap-3">
            {(() => {
              const key = `${prefix}.providerConnectionId`;
              const err = form.error(key);
              return (
                <Field id={id('provider')} label="Judge provider" error={err}>
                  <Select {...errorProps(id('provider'), key, err)} value={ev.providerConnectionId}
                    onChange={(e) => onChange({ providerConnectionId: e.target.value })}>
                    <option value="">Choose…</option>
                    {providers.map((p) => <option key={p.id} value={p.id}>{p.name}</option>)}
                  </Select>
                </Field>
              );
            })()}
            {text('model', 'Judge model', { mono: true, list: id('models') })}
            <ModelDatalist id={id('models')} providerId={ev.providerConnectionId} />
          </div>
          <JudgeTemplate ev={ev} error={form.error(`${prefix}.template`)} errorKey={`${prefix}.template`} idBase={id('template')} onChange={onChange} />
        </>
      )}
      {fieldPaths}
      {ev.type === 'exact_match' && (
        <div className="flex gap-4">
          <Checkbox id={id('case')} label="Case sensitive" checked={ev.caseSensitive} onChange={(caseSensitive) => onChange({ caseSensitive })} />
          <Checkbox id={id('trim')} label="Trim whitespace" checked={ev.trim} onChange={(trim) => onChange({ trim })} />
        </div>
      )}
      {ev.type === 'contains' && (
        <Checkbox id={id('case')} label="Case sensitive" checked={ev.caseSensitive} onChange={(caseSensitive) => onChange({ caseSensitive })} />
      )}
    </li>
  );
}

function JudgeTemplate({ ev, error, errorKey, idBase, onChange }: {
  ev: EvaluatorDraft; error?: string; errorKey: string; idBase: string; onChange: (patch: Partial<EvaluatorDraft>) => void;
}) {
  return (
    <details className="group rounded-md border border-zinc-200 dark:border-zinc-800" open={!!error}>
      <summary className="cursor-pointer select-none rounded-md px-2.5 py-1.5 text-xs font-medium text-zinc-700 hover:bg-zinc-50 focus-visible:outline-2 focus-visible:outline-accent-500 dark:text-zinc-300 dark:hover:bg-zinc-800/60">
        Judge template <span className="font-normal text-zinc-500 dark:text-zinc-400">· uses {'{{input}}'}, {'{{output}}'}, {'{{expected}}'}</span>
      </summary>
      <div className="space-y-2 border-t border-zinc-200 p-2.5 dark:border-zinc-800">
        {ev.judgeTemplate.map((m, i) => {
          const label = `Judge ${messageLabel(ev.judgeTemplate, i).toLowerCase()}`;
          const tid = `${idBase}-${i}`;
          return (
            <Field key={i} id={tid} label={label}>
              <Textarea {...errorProps(tid, errorKey, error)} rows={3} spellCheck={false}
                className="[field-sizing:content]"
                value={m.content}
                onChange={(e) => onChange({ judgeTemplate: ev.judgeTemplate.map((x, j) => (j === i ? { ...x, content: e.target.value } : x)) })} />
            </Field>
          );
        })}
        {error && <p id={`${idBase}-0-error`} className="text-xs text-red-600 dark:text-red-400">{error}</p>}
      </div>
    </details>
  );
}
