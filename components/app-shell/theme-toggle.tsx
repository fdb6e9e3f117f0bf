'use client';

import { useEffect, useState, type KeyboardEvent, type ReactNode } from 'react';

export type ThemeChoice = 'system' | 'light' | 'dark';
// app/layout.tsx reads the same key in its inline script, before the first paint.
const THEME_STORAGE_KEY = 'theme';

const media = () => window.matchMedia('(prefers-color-scheme: dark)');

function readChoice(): ThemeChoice {
  try {
    const v = localStorage.getItem(THEME_STORAGE_KEY);
    return v === 'light' || v === 'dark' ? v : 'system';
  } catch {
    return 'system';
  }
}

function apply(choice: ThemeChoice) {
  const dark = choice === 'dark' || (choice === 'system' && media().matches);
  document.documentElement.classList.toggle('dark', dark);
}

const Icon = ({ children }: { children: ReactNode }) => (
  <svg viewBox="0 0 16 16" width="13" height="13" fill="none" stroke="currentColor" strokeWidth="1.4" strokeLinecap="round" strokeLinejoin="round" aria-hidden>
    {children}
  </svg>
);

const OPTIONS: { value: ThemeChoice; label: string; icon: ReactNode }[] = [
  { value: 'system', label: 'System', icon: <Icon><rect x="2" y="3" width="12" height="8" rx="1.2" /><path d="M6 14h4M8 11v3" /></Icon> },
  { value: 'light', label: 'Light', icon: <Icon><circle cx="8" cy="8" r="2.8" /><path d="M8 1.5v1.3M8 13.2v1.3M1.5 8h1.3M13.2 8h1.3M3.4 3.4l.9.9M11.7 11.7l.9.9M3.4 12.6l.9-.9M11.7 4.3l.9-.9" /></Icon> },
  { value: 'dark', label: 'Dark', icon: <Icon><path d="M13.5 9.6A5.6 5.6 0 0 1 6.4 2.5a5.6 5.6 0 1 0 7.1 7.1z" /></Icon> },
];

/** System / Light / Dark, remembered in localStorage; "System" follows prefers-color-scheme live. */
export function ThemeToggle() {
  // 'system' on the server and in the first client render (no hydration mismatch), then the stored choice.
  const [choice, setChoice] = useState<ThemeChoice>('system');
  useEffect(() => setChoice(readChoice()), []);

  useEffect(() => {
    apply(choice);
    if (choice !== 'system') return;
    const mq = media();
    const onChange = () => apply('system');
    mq.addEventListener('change', onChange);
    return () => mq.removeEventListener('change', onChange);
  }, [choice]);

  // Another tab changed it.
  useEffect(() => {
    const onStorage = (e: StorageEvent) => { if (e.key === THEME_STORAGE_KEY) setChoice(readChoice()); };
    window.addEventListener('storage', onStorage);
    return () => window.removeEventListener('storage', onStorage);
  }, []);

  const select = (next: ThemeChoice) => {
    setChoice(next);
    try {
      if (next === 'system') localStorage.removeItem(THEME_STORAGE_KEY);
      else localStorage.setItem(THEME_STORAGE_KEY, next);
    } catch { /* private mode: the choice lasts for this page only */ }
  };

  // Arrow keys move between the options, as in any radio group.
  const onKeyDown = (e: KeyboardEvent<HTMLButtonElement>, index: number) => {
    const delta = e.key === 'ArrowRight' || e.key === 'ArrowDown' ? 1 : e.key === 'ArrowLeft' || e.key === 'ArrowUp' ? -1 : 0;
    if (!delta) return;
    e.preventDefault();
    const next = OPTIONS[(index + delta + OPTIONS.length) % OPTIONS.length];
    select(next.value);
    (e.currentTarget.parentElement?.children[OPTIONS.indexOf(next)] as HTMLElement | undefined)?.focus();
  };

  return (
    <div role="radiogroup" aria-label="Theme" className="grid grid-cols-3 gap-0.5 rounded-md bg-zinc-200/60 p-0.5 dark:bg-zinc-800/70">
      {OPTIONS.map((o, i) => {
        const checked = choice === o.value;
        return (
          <button
            key={o.value}
            type="button"
            role="radio"
            aria-checked={checked}
            tabIndex={checked ? 0 : -1}
            title={o.value === 'system' ? 'Follow the system setting' : `${o.label} theme`}
            onClick={() => select(o.value)}
            onKeyDown={(e) => onKeyDown(e, i)}
            className={`flex h-6 items-center justify-center gap-1 rounded text-[11px] font-medium transition-colors focus-visible:outline-2 focus-visible:outline-accent-500 ${checked
              ? 'bg-white text-zinc-900 shadow-sm dark:bg-zinc-700 dark:text-zinc-50'
              : 'text-zinc-600 hover:text-zinc-900 dark:text-zinc-400 dark:hover:text-zinc-200'}`}
          >
            {o.icon}
            {o.label}
          </button>
        );
      })}
    </div>
  );
}
