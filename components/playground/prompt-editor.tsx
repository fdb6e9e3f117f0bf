'use client';

import { useRef } from 'react';
import { messageLabel, nextTurnRole, type MessageDraft, type Role } from '@/lib/playground/form';
import { Button } from '@/components/ui/button';
import { Select } from '@/components/ui/input';
import { CrossIcon, PlusIcon, errorProps, type FormApi } from './form-bits';

let added = 0;
/** Keys for messages added in the browser (initial ones are positional, so server and client agree). */
const newKey = () => `n${++added}`;

const placeholders: Record<Role, string> = {
  system: 'Optional: how the model should behave, e.g. "Answer with the result only."',
  user: 'The prompt for each item. Use {{variable}} for a field of the item\'s input, e.g. {{question}}',
  assistant: 'An example answer the model sees before the next user turn',
};

/** The chat messages: the system message, the user message, and optional further turns. */
export function PromptEditor({ form }: { form: FormApi }) {
  const { draft, update } = form;
  const list = useRef<HTMLOListElement>(null);

  const setMessage = (key: string, change: Partial<MessageDraft>) =>
    update((d) => ({ ...d, messages: d.messages.map((m) => (m.key === key ? { ...m, ...change } : m)) }));

  const add = () => {
    const key = newKey();
    update((d) => ({ ...d, messages: [...d.messages, { key, role: nextTurnRole(d.messages), content: '' }] }));
    // Focus the new message once it is rendered.
    requestAnimationFrame(() => list.current?.querySelector<HTMLTextAreaElement>(`#pg-msg-${key}`)?.focus());
  };
  const remove = (index: number) => {
    update((d) => ({ ...d, messages: d.messages.filter((_, i) => i !== index) }));
    requestAnimationFrame(() => list.current?.querySelectorAll<HTMLTextAreaElement>('textarea')[index - 1]?.focus());
  };

  const firstUser = draft.messages.findIndex((m) => m.role === 'user');

  return (
    <div className="space-y-2">
      <ol ref={list} className="space-y-2">
        {draft.messages.map((m, i) => {
          const label = messageLabel(draft.messages, i);
          const id = `pg-msg-${m.key}`;
          const errorKey = `messages.${i}`;
          const error = form.error(errorKey);
          // The system message and the first user message are always there; later turns can change role or go.
          const fixed = i === 0 || i === firstUser;
          return (
            <li key={m.key} className={`group overflow-hidden rounded-lg border bg-white shadow-xs transition-colors focus-within:border-accent-400 focus-within:ring-2 focus-within:ring-accent-500/15 dark:bg-zinc-900 ${error ? 'border-red-400 dark:border-red-700' : 'border-zinc-200 dark:border-zinc-800'}`}>
              <div className="flex h-8 items-center justify-between gap-2 border-b border-zinc-100 bg-zinc-50/70 px-3 dark:border-zinc-800 dark:bg-zinc-900/60">
                <label htmlFor={id} className="text-xs font-medium text-zinc-600 dark:text-zinc-400">
                  {label.replace(' message', '')}
                </label>
                {!fixed && (
                  <div className="flex items-center gap-1">
                    <label htmlFor={`${id}-role`} className="sr-only">Role of {label}</label>
                    <Select compact id={`${id}-role`} value={m.role} onChange={(e) => setMessage(m.key, { role: e.target.value as Role })}
                      className="h-6 w-auto pl-1 pr-6 shadow-none">
                      <option value="user">user</option>
                      <option value="assistant">assistant</option>
                    </Select>
                    <button type="button" onClick={() => remove(i)} aria-label={`Remove ${label}`}
                      className="inline-flex size-6 items-center justify-center rounded text-zinc-500 hover:bg-zinc-200/70 hover:text-zinc-700 focus-visible:outline-2 focus-visible:outline-accent-500 dark:hover:bg-zinc-800 dark:hover:text-zinc-200 dark:text-zinc-400">
                      <CrossIcon />
                    </button>
                  </div>
                )}
              </div>
              <textarea
                {...errorProps(id, errorKey, error)}
                aria-label={label}
                value={m.content}
                onChange={(e) => setMessage(m.key, { content: e.target.value })}
                onBlur={() => form.touch(errorKey)}
                placeholder={placeholders[m.role]}
                spellCheck={false}
                rows={m.role === 'user' ? 6 : 3}
                className={`block ${m.role === 'user' ? 'min-h-28' : 'min-h-16'} w-full resize-y border-0 bg-transparent px-3 py-2.5 font-mono text-xs leading-relaxed text-zinc-900 [field-sizing:content] placeholder:font-sans placeholder:text-zinc-500 focus:outline-none dark:text-zinc-100 dark:placeholder:text-zinc-400`}
              />
              {error && <p id={`${id}-error`} className="border-t border-red-100 bg-red-50/60 px-3 py-1.5 text-xs text-red-600 dark:border-red-900/50 dark:bg-red-950/30 dark:text-red-400">{error}</p>}
            </li>
          );
        })}
      </ol>
      <Button size="sm" variant="ghost" onClick={add}>
        <PlusIcon />Add message
      </Button>
    </div>
  );
}
