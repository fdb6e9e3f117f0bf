import { formatInt } from '@/components/format';

export type TestState =
  | { kind: 'idle' }
  | { kind: 'testing' }
  | { kind: 'ok'; models: string[] }
  | { kind: 'error'; error: string };

/** "Connected: 3 models (sim-small, sim-large, …)", model names kept whole when the line wraps. */
function ConnectedText({ models }: { models: string[] }) {
  if (models.length === 0) return <>Connected: no models listed</>;
  const shown = models.slice(0, 3);
  return (
    <>
      Connected: {formatInt(models.length)} {models.length === 1 ? 'model' : 'models'} (
      {shown.map((m, i) => <span key={m} className="whitespace-nowrap">{m}{i < shown.length - 1 ? ', ' : ''}</span>)}
      {models.length > 3 ? ', …' : ''})
    </>
  );
}

export function TestResultText({ state, className = '' }: { state: TestState; className?: string }) {
  if (state.kind === 'idle') return null;
  if (state.kind === 'testing') {
    return (
      <p role="status" className={`flex items-center gap-1.5 text-xs text-zinc-500 dark:text-zinc-400 ${className}`}>
        <svg viewBox="0 0 16 16" width="12" height="12" className="animate-spin" aria-hidden>
          <circle cx="8" cy="8" r="6" fill="none" stroke="currentColor" strokeOpacity="0.25" strokeWidth="2" />
          <path d="M14 8a6 6 0 0 0-6-6" fill="none" stroke="currentColor" strokeWidth="2" strokeLinecap="round" />
        </svg>
        Testing…
      </p>
    );
  }
  if (state.kind === 'ok') {
    return (
      <p role="status" className={`flex items-start gap-1.5 text-xs text-emerald-700 dark:text-emerald-400 ${className}`} title={state.models.join(', ')}>
        <span aria-hidden className="mt-1 size-1.5 shrink-0 rounded-full bg-emerald-500" />
        <span className="min-w-0"><ConnectedText models={state.models} /></span>
      </p>
    );
  }
  return (
    <p role="alert" className={`flex items-start gap-1.5 text-xs text-red-700 dark:text-red-400 ${className}`}>
      <span aria-hidden className="mt-1 size-1.5 shrink-0 rounded-full bg-red-500" />
      <span className="min-w-0 break-words">Failed: {state.error}</span>
    </p>
  );
}
