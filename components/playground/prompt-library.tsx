'use client';

import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { SavedPrompt } from '@/lib/playground/prompts';
import { normaliseMessages, promptRefFor, templateMessages } from '@/lib/playground/form';
import { savePromptAction } from '@/app/playground/actions';
import { Button } from '@/components/ui/button';
import { Dialog, DialogClose } from '@/components/ui/dialog';
import { Field, FormError } from '@/components/ui/field';
import { Input, Select } from '@/components/ui/input';
import { useToast } from '@/components/ui/toast';
import type { FormApi } from './form-bits';

/** "Load prompt" (a saved prompt's latest version) and "Save prompt" (as a new version). */
export function PromptLibrary({ form, prompts, onSaved }: { form: FormApi; prompts: SavedPrompt[]; onSaved: (p: SavedPrompt) => void }) {
  const { draft, update } = form;
  const loaded = draft.promptRef ? prompts.find((p) => p.id === draft.promptRef!.promptId) : undefined;
  const unchanged = !!promptRefFor(draft);

  const load = (id: string) => {
    const p = prompts.find((x) => x.id === id);
    if (!p) return;
    update({ messages: normaliseMessages(p.messages), promptRef: { promptId: p.id, version: p.version, messages: p.messages } });
  };

  return (
    <div className="flex items-center gap-2">
      {loaded && (
        <span className="hidden text-xs text-zinc-500 sm:inline dark:text-zinc-400">
          {unchanged ? `v${draft.promptRef!.version}` : `edited from v${draft.promptRef!.version}`}
        </span>
      )}
      <label htmlFor="pg-load-prompt" className="sr-only">Load prompt</label>
      <Select compact id="pg-load-prompt" value={unchanged && loaded ? loaded.id : ''} onChange={(e) => load(e.target.value)}
        disabled={prompts.length === 0} className="w-auto max-w-56 text-zinc-700 dark:text-zinc-300">
        <option value="">{prompts.length ? (loaded && !unchanged ? `${loaded.name} (edited)` : 'Load prompt…') : 'No saved prompts'}</option>
        {prompts.map((p) => <option key={p.id} value={p.id}>{p.name} · v{p.version}</option>)}
      </Select>
      <SavePromptDialog defaultName={loaded?.name ?? ''} messages={templateMessages(draft.messages)}
        onSaved={(p) => { onSaved(p); update({ promptRef: { promptId: p.id, version: p.version, messages: p.messages } }); }} />
    </div>
  );
}

function SavePromptDialog({ defaultName, messages, onSaved }: { defaultName: string; messages: ReturnType<typeof templateMessages>; onSaved: (p: SavedPrompt) => void }) {
  const [open, setOpen] = useState(false);
  const [name, setName] = useState(defaultName);
  const toast = useToast();
  const save = useMutation({
    mutationFn: () => savePromptAction({ name, messages }),
    onSuccess: (r) => {
      if (!r.ok) return;
      onSaved(r.data);
      setOpen(false);
      if (r.data.created) toast.success(`Saved “${r.data.name}” as version ${r.data.version}`);
      else toast.info(`“${r.data.name}” v${r.data.version} already holds this prompt`, 'Nothing new to save.');
    },
  });
  const error = save.error ? 'Could not reach the server; try again.' : save.data && !save.data.ok ? save.data.error : null;
  const nameError = save.data && !save.data.ok ? save.data.fieldErrors?.name : undefined;

  const submit = (e: FormEvent) => {
    e.preventDefault();
    e.stopPropagation();
    save.mutate();
  };

  return (
    <Dialog
      open={open}
      onOpenChange={(o) => { setOpen(o); if (o) { setName(defaultName); save.reset(); } }}
      trigger={<Button size="sm">Save prompt</Button>}
      width="sm"
      title="Save prompt"
      description={`Saves these ${messages.length} messages as a new version. An existing name gets its next version; earlier versions stay as they were.`}
    >
      <form onSubmit={submit} className="space-y-4">
        <Field id="pg-save-name" label="Prompt name" error={nameError}>
          <Input id="pg-save-name" value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" required autoFocus
            aria-invalid={!!nameError} aria-describedby={nameError ? 'pg-save-name-error' : undefined} />
        </Field>
        <FormError message={error} />
        <div className="flex justify-end gap-2">
          <DialogClose asChild><Button>Cancel</Button></DialogClose>
          <Button type="submit" variant="primary" disabled={save.isPending || !name.trim()}>{save.isPending ? 'Saving…' : 'Save'}</Button>
        </div>
      </form>
    </Dialog>
  );
}
