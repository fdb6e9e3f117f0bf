'use client';

import { createContext, useCallback, useContext, useMemo, useRef, useState, type ReactNode } from 'react';

type Tone = 'success' | 'error' | 'info';
interface Toast { id: number; tone: Tone; title: string; detail?: string }
interface ToastApi {
  success: (title: string, detail?: string) => void;
  error: (title: string, detail?: string) => void;
  info: (title: string, detail?: string) => void;
}

const ToastContext = createContext<ToastApi | null>(null);

const DURATION_MS: Record<Tone, number> = { success: 4_000, info: 4_000, error: 7_000 };

const toneDot: Record<Tone, string> = {
  success: 'bg-emerald-500',
  error: 'bg-red-500',
  info: 'bg-accent-500',
};

export function ToastProvider({ children }: { children: ReactNode }) {
  const [toasts, setToasts] = useState<Toast[]>([]);
  const nextId = useRef(1);

  const dismiss = useCallback((id: number) => setToasts((all) => all.filter((t) => t.id !== id)), []);
  const push = useCallback((tone: Tone, title: string, detail?: string) => {
    const id = nextId.current++;
    setToasts((all) => [...all.slice(-3), { id, tone, title, detail }]);
    setTimeout(() => dismiss(id), DURATION_MS[tone]);
  }, [dismiss]);

  const api = useMemo<ToastApi>(() => ({
    success: (t, d) => push('success', t, d),
    error: (t, d) => push('error', t, d),
    info: (t, d) => push('info', t, d),
  }), [push]);

  return (
    <ToastContext.Provider value={api}>
      {children}
      {/* Always mounted so screen readers register the live region before the first toast. */}
      <div aria-live="polite" className="pointer-events-none fixed bottom-4 right-4 z-50 flex w-80 flex-col gap-2">
        {toasts.map((t) => (
          <div
            key={t.id}
            role={t.tone === 'error' ? 'alert' : 'status'}
            className="toast-enter pointer-events-auto flex items-start gap-2.5 rounded-md border border-zinc-200 bg-white px-3 py-2.5 shadow-lg shadow-zinc-900/5 dark:border-zinc-800 dark:bg-zinc-900"
          >
            <span className={`mt-1.5 size-2 shrink-0 rounded-full ${toneDot[t.tone]}`} aria-hidden />
            <div className="min-w-0 flex-1">
              <p className="font-medium">{t.title}</p>
              {t.detail && <p className="mt-0.5 text-zinc-500 dark:text-zinc-400">{t.detail}</p>}
            </div>
            <button
              type="button"
              onClick={() => dismiss(t.id)}
              aria-label="Dismiss notification"
              className="rounded px-1 text-zinc-400 hover:text-zinc-700 focus-visible:outline-2 focus-visible:outline-accent-500 dark:hover:text-zinc-200"
            >
              ×
            </button>
          </div>
        ))}
      </div>
    </ToastContext.Provider>
  );
}

export function useToast(): ToastApi {
  const api = useContext(ToastContext);
  if (!api) throw new Error('useToast must be used inside <ToastProvider>');
  return api;
}
