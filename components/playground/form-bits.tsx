'use client';

import type { ReactNode } from 'react';
import type { PlaygroundDraft } from '@/lib/playground/form';

/** What every part of the playground form gets: the draft, a way to change it, and its errors. */
export interface FormApi {
  draft: PlaygroundDraft;
  update: (change: Partial<PlaygroundDraft> | ((d: PlaygroundDraft) => PlaygroundDraft)) => void;
  /** The error to show for a key (server paths such as `config.params.topP`), if any. */
  error: (key: string) => string | undefined;
  /** Marks a field as visited, so its error shows from now on. */
  touch: (key: string) => void;
}

/** Accessibility wiring for an input with an error key: invalid state, its message, and focus-on-error lookup. */
export function errorProps(id: string, errorKey: string, error: string | undefined) {
  return {
    id,
    'data-error-key': errorKey,
    'aria-invalid': error ? true : undefined,
    'aria-describedby': error ? `${id}-error` : undefined,
  } as const;
}

/** A titled group inside the settings panel. */
export function PanelGroup({ title, id, children, actions }: { title: string; id: string; children: ReactNode; actions?: ReactNode }) {
  return (
    <section aria-labelledby={`${id}-heading`} className="space-y-3 px-4 py-4">
      <div className="flex items-center justify-between gap-2">
        <h3 id={`${id}-heading`} className="text-[11px] font-semibold uppercase tracking-wider text-zinc-500 dark:text-zinc-400">{title}</h3>
        {actions}
      </div>
      {children}
    </section>
  );
}

/** A checkbox drawn as a switch (role="switch", so it reads as on/off). */
export function Switch({ id, checked, onChange, describedBy }: { id: string; checked: boolean; onChange: (on: boolean) => void; describedBy?: string }) {
  return (
    <input
      id={id}
      type="checkbox"
      role="switch"
      checked={checked}
      aria-checked={checked}
      aria-describedby={describedBy}
      onChange={(e) => onChange(e.target.checked)}
      className="relative h-5 w-9 shrink-0 cursor-pointer appearance-none rounded-full bg-zinc-300 transition-colors before:absolute before:left-0.5 before:top-0.5 before:size-4 before:rounded-full before:bg-white before:shadow-sm before:transition-transform checked:bg-accent-600 checked:before:translate-x-4 focus-visible:outline-2 focus-visible:outline-offset-2 focus-visible:outline-accent-500 dark:bg-zinc-700 dark:checked:bg-accent-500"
    />
  );
}

/** A small labelled checkbox. */
export function Checkbox({ id, label, checked, onChange }: { id: string; label: string; checked: boolean; onChange: (on: boolean) => void }) {
  return (
    <label htmlFor={id} className="inline-flex cursor-pointer items-center gap-1.5 text-xs text-zinc-700 dark:text-zinc-300">
      <input id={id} type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)}
        className="size-3.5 rounded border-zinc-300 accent-accent-600 focus-visible:outline-2 focus-visible:outline-accent-500" />
      {label}
    </label>
  );
}

export function PlusIcon() {
  return <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round"><path d="M8 3.5v9M3.5 8h9" /></svg>;
}

export function CrossIcon() {
  return <svg viewBox="0 0 16 16" width="14" height="14" aria-hidden fill="none" stroke="currentColor" strokeWidth="1.6" strokeLinecap="round"><path d="M4.5 4.5l7 7M11.5 4.5l-7 7" /></svg>;
}

export function PlayIcon() {
  return <svg viewBox="0 0 16 16" width="13" height="13" aria-hidden fill="currentColor"><path d="M5 3.2v9.6a.6.6 0 0 0 .9.5l7.6-4.8a.6.6 0 0 0 0-1L5.9 2.7a.6.6 0 0 0-.9.5Z" /></svg>;
}

export function StopIcon() {
  return <svg viewBox="0 0 16 16" width="12" height="12" aria-hidden fill="currentColor"><rect x="3.5" y="3.5" width="9" height="9" rx="1.5" /></svg>;
}
