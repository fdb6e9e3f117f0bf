'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition, type FormEvent } from 'react';
import { createProviderAction, testDraftProviderAction } from '@/app/settings/actions';
import { Button } from '@/components/ui/button';
import { Field, FormError } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { useToast } from '@/components/ui/toast';
import { Dialog } from '@/components/ui/dialog';
import { TestResultText, type TestState } from './test-result';

const EMPTY = { name: '', baseUrl: '', apiKey: '', rpm: '', tpm: '' };
const FIELD_OF: Record<string, string> = { rpm: 'requestsPerMinute', tpm: 'tokensPerMinute' };

/** "Add provider": name, base URL, key (write-only), optional rate limit; testable before saving. */
export function AddProviderDialog() {
  const router = useRouter();
  const toast = useToast();
  const [open, setOpen] = useState(false);
  const [form, setForm] = useState(EMPTY);
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [test, setTest] = useState<TestState>({ kind: 'idle' });
  const [saving, startSaving] = useTransition();
  const [testing, startTesting] = useTransition();

  const onOpenChange = (next: boolean) => {
    // The key is never kept around once the dialog closes.
    if (!next) setForm((f) => ({ ...f, apiKey: '' }));
    if (next) { setError(null); setFieldErrors({}); setTest({ kind: 'idle' }); }
    setOpen(next);
  };
  const set = (key: keyof typeof EMPTY) => (ev: { target: { value: string } }) => {
    setForm((f) => ({ ...f, [key]: ev.target.value }));
    setFieldErrors((e) => ({ ...e, [FIELD_OF[key] ?? key]: '' }));
    if (key === 'baseUrl' || key === 'apiKey') setTest({ kind: 'idle' });
  };

  const limitValue = (raw: string): number | null | 'bad' => {
    const t = raw.trim();
    if (!t) return null;
    const n = Number(t);
    return Number.isInteger(n) && n >= 1 ? n : 'bad';
  };

  const runTest = () => startTesting(async () => {
    setTest({ kind: 'testing' });
    try {
      const result = await testDraftProviderAction({ baseUrl: form.baseUrl.trim(), apiKey: form.apiKey || undefined });
      if (!result.ok) {
        setFieldErrors(result.fieldErrors ?? {});
        setTest({ kind: 'error', error: result.error });
        return;
      }
      setTest(result.data.ok ? { kind: 'ok', models: result.data.models } : { kind: 'error', error: result.data.error });
    } catch {
      setTest({ kind: 'error', error: 'Could not reach the app server; try again.' });
    }
  });

  const submit = (ev: FormEvent) => {
    ev.preventDefault();
    const rpm = limitValue(form.rpm);
    const tpm = limitValue(form.tpm);
    if (rpm === 'bad' || tpm === 'bad') {
      const message = 'A whole number of at least 1, or empty for no limit';
      setFieldErrors({ ...(rpm === 'bad' ? { requestsPerMinute: message } : {}), ...(tpm === 'bad' ? { tokensPerMinute: message } : {}) });
      return;
    }
    startSaving(async () => {
      try {
        const result = await createProviderAction({
          name: form.name, baseUrl: form.baseUrl.trim(), apiKey: form.apiKey || undefined, requestsPerMinute: rpm, tokensPerMinute: tpm,
        });
        if (!result.ok) {
          setError(result.error);
          setFieldErrors(result.fieldErrors ?? {});
          return;
        }
        setForm(EMPTY);
        setOpen(false);
        toast.success(`Added “${result.data.name}”`, 'Its key is stored encrypted and is never shown again.');
        router.refresh();
      } catch {
        setError('Could not reach the server; nothing was saved, try again.');
      }
    });
  };

  const canTest = form.baseUrl.trim() !== '' && !testing;
  return (
    <Dialog
      open={open}
      onOpenChange={onOpenChange}
      trigger={<Button variant="primary">Add provider</Button>}
      title="Add provider"
      description="Any OpenAI-compatible endpoint: OpenAI, Azure OpenAI, OpenRouter, vLLM, Ollama, LiteLLM…"
      footer={
        <>
          <Button className="mr-auto" onClick={runTest} disabled={!canTest}>{testing ? 'Testing…' : 'Test'}</Button>
          <Button onClick={() => onOpenChange(false)}>Cancel</Button>
          <Button type="submit" form="add-provider-form" variant="primary" disabled={saving || !form.name.trim() || !form.baseUrl.trim()}>
            {saving ? 'Saving…' : 'Save provider'}
          </Button>
        </>
      }
    >
      <form id="add-provider-form" onSubmit={submit} aria-label="Add provider" className="space-y-3" autoComplete="off">
        <Field id="provider-name" label="Name" error={fieldErrors.name}>
          <Input id="provider-name" value={form.name} onChange={set('name')} placeholder="e.g. OpenAI production"
            aria-invalid={!!fieldErrors.name} required maxLength={100} />
        </Field>
        <Field id="provider-base-url" label="Base URL" error={fieldErrors.baseUrl} hint="Usually ends in /v1, e.g. https://api.openai.com/v1">
          <Input id="provider-base-url" className="font-mono text-xs" value={form.baseUrl} onChange={set('baseUrl')}
            placeholder="https://api.openai.com/v1" inputMode="url" aria-invalid={!!fieldErrors.baseUrl} required />
        </Field>
        <Field id="provider-api-key" label="API key" error={fieldErrors.apiKey}
          hint="Stored encrypted (AES-256-GCM) and never sent back to the browser. Leave empty for local servers that need none.">
          <Input id="provider-api-key" type="password" className="font-mono text-xs" value={form.apiKey} onChange={set('apiKey')}
            autoComplete="new-password" spellCheck={false} placeholder="sk-…" aria-invalid={!!fieldErrors.apiKey} />
        </Field>
        <LimitField id="provider-rpm" label="Requests per minute" value={form.rpm} onChange={set('rpm')} error={fieldErrors.requestsPerMinute}
          hint="Optional: the runner stays under this rate (and slows down further on 429s). Empty means no limit." />
        <LimitField id="provider-tpm" label="Tokens per minute" value={form.tpm} onChange={set('tpm')} error={fieldErrors.tokensPerMinute}
          hint="Optional: prompt + completion tokens. Each call reserves an estimate (prompt characters / 4 + max tokens) and is settled with the usage the provider reports." />
        {test.kind !== 'idle' && (
          <div className="rounded-md border border-zinc-200 bg-zinc-50 px-3 py-2 dark:border-zinc-800 dark:bg-zinc-950/40">
            <TestResultText state={test} />
          </div>
        )}
        <FormError message={error} />
      </form>
    </Dialog>
  );
}

/** An optional rate limit: a whole number from 1, or empty for none. */
function LimitField({ id, label, hint, value, onChange, error }: {
  id: string; label: string; hint: string; value: string; onChange: (ev: { target: { value: string } }) => void; error?: string;
}) {
  return (
    <Field id={id} label={label} error={error} hint={hint}>
      <div className="w-40">
        <Input id={id} type="number" min={1} step={1} inputMode="numeric" className="tabular-nums"
          value={value} onChange={onChange} placeholder="No limit" aria-invalid={!!error} />
      </div>
    </Field>
  );
}
