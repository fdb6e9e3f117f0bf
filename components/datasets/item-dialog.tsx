'use client';

import { useRouter } from 'next/navigation';
import { useId, useState, useTransition, type FormEvent, type ReactNode } from 'react';
import { addItemAction, editItemAction } from '@/app/datasets/[id]/actions';
import { jsonFieldText, parseJsonField, type JsonFieldKind } from '@/lib/datasets/item-input';
import { Button } from '@/components/ui/button';
import { FormError } from '@/components/ui/field';
import { Textarea } from '@/components/ui/input';
import { useToast } from '@/components/ui/toast';
import { Dialog } from '@/components/ui/dialog';
import { JsonTree } from '@/components/data/json-tree';
import { isContainer } from '@/components/data/json-tree-model';

export interface EditableItem { id: string; input: unknown; expectedOutput: unknown; metadata: unknown }

function describe(value: unknown): string {
  if (typeof value === 'string') return 'Plain text (stored as a string)';
  if (Array.isArray(value)) return `JSON array of ${value.length}`;
  if (value !== null && typeof value === 'object') {
    const keys = Object.keys(value);
    return keys.length === 0 ? 'Empty JSON object' : `JSON object: ${keys.slice(0, 4).join(', ')}${keys.length > 4 ? ', …' : ''}`;
  }
  return value === null ? 'None' : `JSON ${typeof value}`;
}

function JsonTextArea({ kind, label, value, onChange, placeholder, hint, touched, serverError, rows }: {
  kind: JsonFieldKind; label: string; value: string; onChange: (v: string) => void; placeholder: string;
  hint: ReactNode; touched: boolean; serverError?: string; rows: number;
}) {
  const id = useId();
  const [tree, setTree] = useState(false);
  const parsed = parseJsonField(value, kind);
  const showError = (touched || value.trim() !== '') && !parsed.ok;
  const error = serverError ?? (showError && !parsed.ok ? parsed.error : undefined);
  const structured = parsed.ok && isContainer(parsed.value) && Object.keys(parsed.value).length > 0;
  return (
    <div>
      <div className="mb-1 flex items-baseline justify-between gap-3">
        <label htmlFor={id} className="text-xs font-medium text-zinc-700 dark:text-zinc-300">{label}</label>
        {parsed.ok && value.trim() !== '' && (
          <span className="flex items-baseline gap-2 text-[11px] text-emerald-700 dark:text-emerald-400">
            ✓ {describe(parsed.value)}
            {structured && (
              <button type="button" aria-expanded={tree} aria-controls={tree ? `${id}-tree` : undefined} onClick={() => setTree((t) => !t)}
                className="rounded px-1 font-medium text-accent-700 hover:underline focus-visible:outline-2 focus-visible:outline-accent-500 dark:text-accent-400">
                {tree ? 'Hide tree' : 'Show as tree'}
              </button>
            )}
          </span>
        )}
      </div>
      <Textarea
        id={id}
        rows={Math.min(14, Math.max(rows, value.split('\n').length))}
        spellCheck={false}
        value={value}
        onChange={(e) => onChange(e.target.value)}
        placeholder={placeholder}
        aria-invalid={!!error}
        aria-describedby={`${id}-msg`}
      />
      <p id={`${id}-msg`} className={`mt-1 text-xs ${error ? 'text-red-600 dark:text-red-400' : 'text-zinc-500 dark:text-zinc-400'}`}>
        {error ?? hint}
      </p>
      {structured && tree && (
        <div id={`${id}-tree`} className="mt-1.5 max-h-56 overflow-auto rounded-md border border-zinc-200 bg-zinc-50/70 px-3 py-2 text-xs leading-relaxed dark:border-zinc-800 dark:bg-zinc-900/50">
          <JsonTree value={parsed.value} label={`${label} as a tree`} openDepth={3} />
        </div>
      )}
    </div>
  );
}

/**
 * Add or edit one item. Editing archives the old row and inserts the new one, so experiments and
 * earlier versions keep the item as it was.
 */
export function ItemDialog({ datasetId, item, trigger }: { datasetId: string; item?: EditableItem; trigger: ReactNode }) {
  const router = useRouter();
  const toast = useToast();
  const editing = !!item;
  const initial = () => ({
    input: item ? jsonFieldText(item.input, 'input') : '',
    expected: item ? jsonFieldText(item.expectedOutput, 'expected') : '',
    metadata: item ? jsonFieldText(item.metadata, 'metadata') : '',
  });
  const [open, setOpen] = useState(false);
  const [fields, setFields] = useState(initial);
  const [touched, setTouched] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [pending, startTransition] = useTransition();

  const onOpenChange = (next: boolean) => {
    if (next) {
      // Fresh from the item each time it opens; a draft of a new item survives closing.
      if (editing) setFields(initial());
      setTouched(false);
      setError(null);
      setFieldErrors({});
    }
    setOpen(next);
  };
  const set = (key: keyof ReturnType<typeof initial>) => (v: string) => {
    setFields((f) => ({ ...f, [key]: v }));
    setFieldErrors({});
  };

  const valid = parseJsonField(fields.input, 'input').ok && parseJsonField(fields.expected, 'expected').ok && parseJsonField(fields.metadata, 'metadata').ok;

  const submit = (ev: FormEvent) => {
    ev.preventDefault();
    setTouched(true);
    if (!valid) return;
    startTransition(async () => {
      try {
        const payload = { datasetId, input: fields.input, expectedOutput: fields.expected, metadata: fields.metadata };
        const result = item ? await editItemAction({ ...payload, itemId: item.id }) : await addItemAction(payload);
        if (!result.ok) {
          setError(result.error);
          setFieldErrors(result.fieldErrors ?? {});
          return;
        }
        setOpen(false);
        if (!item) setFields({ input: '', expected: '', metadata: '' });
        toast.success(item ? 'Item saved' : 'Item added', item ? 'Earlier versions keep the old item.' : undefined);
        router.refresh();
      } catch {
        setError('Could not reach the server; your text is still here, try again.');
      }
    });
  };

  const formId = useId();
  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      trigger={trigger}
      width="lg"
      title={editing ? 'Edit item' : 'Add item'}
      description={editing
        ? 'Saving archives this item and adds the edited one in its place. Earlier versions keep the old item, so past experiments stay reproducible.'
        : 'Added to the latest version of the dataset. Type JSON, or plain text for a single-value input.'}
      footer={
        <>
          <Button onClick={() => setOpen(false)}>Cancel</Button>
          <Button type="submit" form={formId} variant="primary" disabled={pending || (touched && !valid)}>
            {pending ? 'Saving…' : editing ? 'Save as new version' : 'Add item'}
          </Button>
        </>
      }
    >
      <form id={formId} onSubmit={submit} className="space-y-4" aria-label={editing ? 'Edit item' : 'Add item'}>
        <JsonTextArea kind="input" label="Input JSON" rows={6} value={fields.input} onChange={set('input')} touched={touched}
          serverError={fieldErrors.input}
          placeholder={'{"question": "What is the capital of France?"}'}
          hint="The prompt's {{variables}} are read from this object's keys. Plain text is allowed for a single-variable prompt." />
        <JsonTextArea kind="expected" label="Expected output JSON" rows={3} value={fields.expected} onChange={set('expected')} touched={touched}
          serverError={fieldErrors.expectedOutput}
          placeholder={'{"answer": "Paris"}'}
          hint="Optional: what evaluators compare the output with. Leave empty for none." />
        <JsonTextArea kind="metadata" label="Metadata JSON" rows={2} value={fields.metadata} onChange={set('metadata')} touched={touched}
          serverError={fieldErrors.metadata}
          placeholder={'{"source": "manual"}'}
          hint="Optional JSON object kept with the item, such as its source or tags. Leave empty for none." />
        <FormError message={error} />
      </form>
    </Dialog>
  );
}
