import Link from 'next/link';
import type { ExperimentSummary } from '@/lib/experiments/queries';
import { formatDuration, formatInt, formatRate } from '@/components/format';
import type { Throughput } from './throughput';
import { SKIPPED_SOURCE, errorsHash } from './error-links';

/** "812 / 2,000" with a thin bar (failed runs in red), plus speed, ETA and evaluation progress. */
export function ProgressCell({ e, throughput }: { e: ExperimentSummary; throughput: Throughput | null }) {
  const done = e.runsSucceeded + e.runsFailed;
  const planned = e.totalRuns > 0;
  const pct = (n: number) => (planned ? Math.min(100, (n / e.totalRuns) * 100) : 0);
  const evalsExpected = e.evaluatorCount * e.runsSucceeded;

  return (
    <div className="ml-auto flex w-44 flex-col items-end gap-1 max-sm:ml-0 max-sm:w-full max-sm:items-start">
      <div className="tabular-nums">
        {planned || done > 0
          ? <><span className="text-zinc-900 dark:text-zinc-100">{formatInt(done)}</span><span className="text-zinc-500 dark:text-zinc-400"> / {formatInt(e.totalRuns)}</span></>
          : <span className="text-zinc-500 dark:text-zinc-400">{e.status === 'QUEUED' ? 'waiting for a worker' : '—'}</span>}
      </div>
      <div
        role="progressbar"
        aria-label={`${e.name} progress`}
        aria-valuemin={0}
        aria-valuemax={e.totalRuns || 1}
        aria-valuenow={done}
        className="flex h-1 w-full overflow-hidden rounded-full bg-zinc-200 dark:bg-zinc-800"
      >
        <div className="h-full bg-accent-500 transition-[width] duration-500" style={{ width: `${pct(e.runsSucceeded)}%` }} />
        <div className="h-full bg-red-500 transition-[width] duration-500" style={{ width: `${pct(e.runsFailed)}%` }} />
      </div>
      <div className="flex gap-1.5 text-xs text-zinc-500 tabular-nums dark:text-zinc-400">
        {e.rateLimited && e.status === 'RUNNING' && (
          <span className="font-medium text-amber-700 dark:text-amber-400" title="The provider is rate-limiting requests; the runner is slowing down and retrying">rate-limited</span>
        )}
        {e.status === 'RUNNING' && throughput && (
          <span>
            {formatRate(throughput.perSecond)}
            {throughput.etaMs !== null && <> · ETA {formatDuration(throughput.etaMs)}</>}
          </span>
        )}
        {e.itemsSkipped > 0 && (
          <Link href={`/experiments/${e.id}${errorsHash(SKIPPED_SOURCE)}`} className="hover:underline" title="Items lacking a template variable are skipped: shows them in the error log">
            {formatInt(e.itemsSkipped)} skipped
          </Link>
        )}
        {e.evaluatorCount > 0 && e.runsSucceeded > 0 && (
          <span title={`Evaluations: ${formatInt(e.evalsCompleted)} done, ${formatInt(e.evalsDelayed)} delayed, ${formatInt(e.evalsFailed)} failed`}>
            evals {formatInt(e.evalsCompleted)}/{formatInt(evalsExpected)}
          </span>
        )}
      </div>
    </div>
  );
}
