'use client';

import type { RunAttempt } from '@/lib/experiments/results';
import { formatLatency } from '@/components/format';
import { RelativeTime } from '@/components/ui/relative-time';
import { formatInt } from '@/components/format';
import { RunStatusPill } from './runs-cells';
import { JsonView } from '@/components/data/json-view';

/**
 * Every recorded outcome of a run, newest first: a FAILED run that was resumed and ran again keeps
 * its earlier error and response here. Each attempt's response opens on demand (they can be large).
 */
export function RunAttempts({ attempts }: { attempts: RunAttempt[] }) {
  if (attempts.length === 0) {
    return <p className="text-xs text-zinc-500 dark:text-zinc-400">No attempts were recorded for this run.</p>;
  }
  const newestFirst = [...attempts].reverse();
  return (
    <ol aria-label="Attempts" className="divide-y divide-zinc-100 overflow-hidden rounded-md border border-zinc-200 dark:divide-zinc-800/70 dark:border-zinc-800">
      {newestFirst.map((a, i) => (
        <li key={a.attempt} className="px-3 py-2.5" data-attempt={a.attempt}>
          <div className="flex flex-wrap items-center gap-x-2.5 gap-y-1 text-xs text-zinc-500 dark:text-zinc-400">
            <span className="font-medium text-zinc-800 dark:text-zinc-200">Attempt {formatInt(a.attempt)}</span>
            <RunStatusPill status={a.status} />
            {i === 0 && attempts.length > 1 && <span className="text-[11px]">latest, shown above</span>}
            <RelativeTime value={a.at} className="tabular-nums" />
            {a.calls > 1 && <span className="tabular-nums">{formatInt(a.calls)} calls</span>}
            {a.latencyMs !== null && <span className="tabular-nums">{formatLatency(a.latencyMs)}</span>}
          </div>
          {a.error && <p className="mt-1 whitespace-pre-wrap break-words font-mono text-xs leading-relaxed text-red-700 dark:text-red-300">{a.error}</p>}
          <details className="mt-1.5">
            <summary className="cursor-pointer select-none text-[11px] text-accent-600 hover:underline dark:text-accent-400">Response of attempt {formatInt(a.attempt)}</summary>
            <div className="mt-1.5">
              <JsonView value={a.response} label={`Response of attempt ${a.attempt}`} openDepth={2}
                empty={a.status === 'FAILED' ? 'No response: the call failed.' : 'No response was recorded.'} />
            </div>
          </details>
        </li>
      ))}
    </ol>
  );
}
