'use client';

import * as Dialog from '@radix-ui/react-dialog';
import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import type { SavedPrompt } from '@/lib/playground/prompts';
import { normaliseMessages, promptRefFor, templateMessages } from '@/lib/playground/form';
import { savePromptAction } from '@/app/playground/actions';
import { Button } from '@/components/ui/button';
import { Field, FormError, inputClass } from '@/components/ui/field';
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
      <select id="pg-load-prompt" value={unchanged && loaded ? loaded.id : ''} onChange={(e) => load(e.target.value)}
        disabled={prompts.length === 0}
        className="h-7 max-w-56 rounded-md border border-zinc-300 bg-white px-2 text-xs text-zinc-700 shadow-sm focus:border-accent-500 focus:outline-none focus:ring-2 focus:ring-accent-500/20 disabled:opacity-50 dark:border-zinc-700 dark:bg-zinc-900 dark:text-zinc-300">
        <option value="">{prompts.length ? (loaded && !unchanged ? `${loaded.name} (edited)` : 'Load prompt…') : 'No saved prompts'}</option>
        {prompts.map((p) => <option key={p.id} value={p.id}>{p.name} · v{p.version}</option>)}
      </select>
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
    <Dialog.Root open={open} onOpenChange={(o) => { setOpen(o); if (o) { setName(defaultName); save.reset(); } }}>
      <Dialog.Trigger asChild>
        <Button size="sm">Save prompt</Button>
      </Dialog.Trigger>
      <Dialog.Portal>
        <Dialog.Overlay className="fixed inset-0 z-50 bg-zinc-950/40 backdrop-blur-[1px]" />
        <Dialog.Content className="fixed left-1/2 top-1/2 z-50 w-[min(26rem,calc(100vw-2rem))] -translate-x-1/2 -translate-y-1/2 rounded-lg border border-zinc-200 bg-white p-5 shadow-xl dark:border-zinc-800 dark:bg-zinc-900">
          <Dialog.Title className="text-sm font-semibold">Save prompt</Dialog.Title>
          <Dialog.Description className="mt-1 text-zinc-600 dark:text-zinc-400">
            Saves these {messages.length} messages as a new version. An existing name gets its next version; earlier versions stay as they were.
          </Dialog.Description>
          <form onSubmit={submit} className="mt-4 space-y-4">
            <Field id="pg-save-name" label="Prompt name" error={nameError}>
              <input id="pg-save-name" className={inputClass} value={name} onChange={(e) => setName(e.target.value)} autoComplete="off" required autoFocus
                aria-invalid={!!nameError} aria-describedby={nameError ? 'pg-save-name-error' : undefined} />
            </Field>
            <FormError message={error} />
            <div className="flex justify-end gap-2">
              <Dialog.Close asChild><Button>Cancel</Button></Dialog.Close>
              <Button type="submit" variant="primary" disabled={save.isPending || !name.trim()}>{save.isPending ? 'Saving…' : 'Save'}</Button>
            </div>
          </form>
        </Dialog.Content>
      </Dialog.Portal>
    </Dialog.Root>
  );
}
