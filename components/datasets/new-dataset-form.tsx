'use client';

import { useRouter } from 'next/navigation';
import { useState, useTransition, type FormEvent } from 'react';
import { createDatasetAction } from '@/app/datasets/actions';
import { Button } from '@/components/ui/button';
import { Field, FormError } from '@/components/ui/field';
import { Input } from '@/components/ui/input';

export function NewDatasetForm() {
  const router = useRouter();
  const [name, setName] = useState('');
  const [description, setDescription] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [fieldErrors, setFieldErrors] = useState<Record<string, string>>({});
  const [pending, startTransition] = useTransition();

  const submit = (ev: FormEvent) => {
    ev.preventDefault();
    startTransition(async () => {
      try {
        const result = await createDatasetAction({ name, description });
        if (!result.ok) {
          setError(result.error);
          setFieldErrors(result.fieldErrors ?? {});
          return;
        }
        // Straight to the upload panel (open on an empty dataset).
        router.push(`/datasets/${result.data.id}#upload`);
      } catch {
        setError('Could not reach the server; try again.');
      }
    });
  };

  return (
    <form onSubmit={submit} aria-label="New dataset" className="space-y-3 rounded-lg border border-zinc-200 bg-zinc-50/50 p-4 dark:border-zinc-800 dark:bg-zinc-900/30">
      <div className="grid items-start gap-3 md:grid-cols-[1fr_2fr_auto]">
        <Field id="dataset-name" label="Name" error={fieldErrors.name}>
          <Input id="dataset-name" value={name} onChange={(e) => setName(e.target.value)}
            placeholder="e.g. support-questions" autoComplete="off" aria-invalid={!!fieldErrors.name}
            aria-describedby={fieldErrors.name ? 'dataset-name-error' : undefined} required />
        </Field>
        <Field id="dataset-description" label="Description" error={fieldErrors.description}>
          <Input id="dataset-description" value={description} onChange={(e) => setDescription(e.target.value)}
            placeholder="Optional: what the items are and where they come from" autoComplete="off" />
        </Field>
        <Button type="submit" variant="primary" className="md:mt-5" disabled={pending || !name.trim()}>
          {pending ? 'Creating…' : 'Create dataset'}
        </Button>
      </div>
      <FormError message={error} />
    </form>
  );
}
