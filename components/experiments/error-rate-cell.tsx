import type { ExperimentSummary } from '@/lib/experiments/queries';
import { formatInt, formatPercent } from '@/components/format';

const HIGH_ERROR_RATE = 0.2;

export function ErrorRateCell({ e }: { e: ExperimentSummary }) {
  const done = e.runsSucceeded + e.runsFailed;
  if (done === 0) return <span className="text-zinc-500 dark:text-zinc-400">—</span>;
  const rate = e.runsFailed / done;
  const tone = rate === 0
    ? 'text-emerald-700 dark:text-emerald-400'
    : rate >= HIGH_ERROR_RATE ? 'text-red-600 dark:text-red-400' : 'text-amber-700 dark:text-amber-400';
  return (
    <span className={`font-medium tabular-nums ${tone}`} title={`${formatInt(e.runsFailed)} of ${formatInt(done)} runs failed`}>
      {formatPercent(rate)}
    </span>
  );
}
