import type { ReactNode } from 'react';

export function Field({ id, label, error, hint, children, className }: {
  id: string; label: string; error?: string; hint?: ReactNode; children: ReactNode; className?: string;
}) {
  return (
    <div className={className}>
      <label htmlFor={id} className="mb-1 block text-xs font-medium text-zinc-700 dark:text-zinc-300">{label}</label>
      {children}
      {error
        ? <p id={`${id}-error`} className="mt-1 text-xs text-red-600 dark:text-red-400">{error}</p>
        : hint && <p className="mt-1 text-xs text-zinc-500 dark:text-zinc-400">{hint}</p>}
    </div>
  );
}

/** The action-level error shown above a form's submit button. */
export function FormError({ message }: { message: string | null }) {
  if (!message) return null;
  return (
    <p role="alert" className="rounded-md border border-red-200 bg-red-50 px-3 py-2 text-[13px] text-red-700 dark:border-red-900/60 dark:bg-red-950/40 dark:text-red-300">
      {message}
    </p>
  );
}
