import type { ReactNode } from 'react';
import type { ExperimentSummary } from '@/lib/experiments/queries';
import { RelativeTime } from '@/components/ui/relative-time';
import { formatInt } from '@/components/format';
import { ErrorRateCell } from './error-rate-cell';

/** Counters of one experiment as a compact definition grid. */
export function ExperimentFacts({ e }: { e: ExperimentSummary }) {
  const done = e.runsSucceeded + e.runsFailed;
  const facts: [string, ReactNode][] = [
    ['Model', <span key="m" className="font-mono text-xs">{e.model}</span>],
    ['Runs done', `${formatInt(done)} / ${formatInt(e.totalRuns)}`],
    ['Succeeded', formatInt(e.runsSucceeded)],
    ['Failed', formatInt(e.runsFailed)],
    ['Items skipped', formatInt(e.itemsSkipped)],
    ['Error rate', <ErrorRateCell key="r" e={e} />],
    ['Evaluations', e.evaluatorCount ? `${formatInt(e.evalsCompleted)} done · ${formatInt(e.evalsDelayed)} delayed · ${formatInt(e.evalsFailed)} failed` : 'none configured'],
    ['Created', <RelativeTime key="c" value={e.createdAt} />],
    ['Started', <RelativeTime key="s" value={e.startedAt} />],
    ['Finished', <RelativeTime key="f" value={e.finishedAt} />],
  ];
  return (
    <dl className="grid grid-cols-2 gap-px overflow-hidden rounded-lg border border-zinc-200 bg-zinc-200 lg:grid-cols-5 dark:border-zinc-800 dark:bg-zinc-800">
      {facts.map(([label, value]) => (
        <div key={label} className="bg-white px-3 py-2.5 dark:bg-zinc-950">
          <dt className="text-xs text-zinc-500 dark:text-zinc-400">{label}</dt>
          <dd className="mt-0.5 tabular-nums">{value}</dd>
        </div>
      ))}
    </dl>
  );
}
