'use client';

import type { FormEvent } from 'react';
import { useRouter } from 'next/navigation';
import { setQuotasAction } from '@/app/settings/quota-actions';
import { Button } from '@/components/ui/button';
import { Field, FormError } from '@/components/ui/field';
import { Input } from '@/components/ui/input';
import { Section } from '@/components/ui/section';
import { useToast } from '@/components/ui/toast';
import { useActionForm } from '@/components/ui/use-action-form';
import { DEFAULT_QUOTAS, QUOTA_LABELS, type Quotas } from '@/lib/quotas/quota-schema';

const KEYS = Object.keys(QUOTA_LABELS) as (keyof Quotas)[];

const HINTS: Record<keyof Quotas, string> = {
  maxRepetitions: 'Of each item, in one experiment.',
  maxTokens: 'Per call; an experiment that sets none runs with this.',
  maxItemsPerExperiment: 'Runs of one experiment: items × repetitions.',
  maxConcurrentExperimentsPerUser: 'Queued or running at once, created or resumed.',
};

const fmt = (n: number | null) => (n === null ? 'no limit' : n.toLocaleString('en-US'));

/** Empty means no limit; anything else goes to the server as a number, which validates it. */
const toLimit = (raw: FormDataEntryValue | null) => {
  const text = String(raw ?? '').trim().replaceAll(',', '');
  return text === '' ? null : Number(text);
};

/** Admins set the limits every experiment start is checked against (admins included). */
export function QuotasSection({ quotas }: { quotas: Quotas }) {
  const router = useRouter();
  const toast = useToast();
  const { error, fieldErrors, pending, submit, formRef } = useActionForm();

  const save = async (e: FormEvent<HTMLFormElement>) => {
    e.preventDefault();
    const f = new FormData(e.currentTarget);
    const r = await submit(() => setQuotasAction({
      maxRepetitions: toLimit(f.get('maxRepetitions')),
      maxTokens: toLimit(f.get('maxTokens')),
      maxItemsPerExperiment: toLimit(f.get('maxItemsPerExperiment')),
      maxConcurrentExperimentsPerUser: toLimit(f.get('maxConcurrentExperimentsPerUser')),
    }));
    if (!r.ok) return;
    toast.success('Quotas saved', 'They apply to experiments started from now on.');
    router.refresh();
  };

  return (
    <Section
      title="Quotas"
      id="quotas"
      description="Limits checked whenever an experiment is created or resumed, from the app or the API, for every user. Leave a field empty for no limit."
    >
      <form ref={formRef} onSubmit={save} aria-label="Quotas" className="space-y-3">
        <div className="grid grid-cols-1 gap-3 sm:grid-cols-2 lg:grid-cols-4">
          {KEYS.map((k) => (
            <Field key={k} id={`quota-${k}`} label={QUOTA_LABELS[k]} error={fieldErrors[k]}
              hint={`${HINTS[k]} Default: ${fmt(DEFAULT_QUOTAS[k])}.`}>
              <Input id={`quota-${k}`} name={k} type="number" inputMode="numeric" min={1} step={1}
                defaultValue={quotas[k] ?? ''} placeholder="No limit"
                aria-invalid={fieldErrors[k] ? true : undefined} aria-describedby={fieldErrors[k] ? `quota-${k}-error` : undefined} />
            </Field>
          ))}
        </div>
        <FormError message={error} />
        <Button type="submit" variant="primary" disabled={pending}>{pending ? 'Saving…' : 'Save quotas'}</Button>
      </form>
    </Section>
  );
}
