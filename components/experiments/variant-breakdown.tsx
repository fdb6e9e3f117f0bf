'use client';

import Link from 'next/link';
import { useQuery } from '@tanstack/react-query';
import { formatInt, formatPercent } from '@/components/format';
import { CostValue } from '@/components/costs/cost-summary';
import { ScoreValue } from './runs-cells';
import { experimentVariantsQuery } from './queries';
import type { VariantSummary } from '@/lib/experiments/variant-summary';
import { ScrollBox } from '@/components/ui/scroll-box';

/**
 * One line per variant of an experiment: progress, failures, scores, latency and cost, from the
 * counters kept with every result. Polled while the experiment runs. Each name links to the
 * experiment's runs of that variant.
 */
export function VariantBreakdown({ experimentId, live, evaluatorNames }: { experimentId: string; live: boolean; evaluatorNames: string[] }) {
  const q = useQuery(experimentVariantsQuery(experimentId, live));
  if (q.isPending) return <p className="px-1 py-2 text-xs text-zinc-600 dark:text-zinc-400">Loading variants…</p>;
  if (q.isError) return <p role="alert" className="px-1 py-2 text-xs text-red-700 dark:text-red-400">Could not load the variants: {q.error.message}</p>;
  const variants = q.data.variants;
  return (
    <ScrollBox className="overflow-x-auto">
      <table className="w-full min-w-[36rem] text-xs" data-testid="variant-breakdown">
        <caption className="sr-only">Variants of this experiment</caption>
        <thead className="text-left text-[11px] uppercase tracking-wide text-zinc-600 dark:text-zinc-400">
          <tr>
            <th scope="col" className="py-1 pr-3 font-medium">Variant</th>
            <th scope="col" className="py-1 pr-3 text-right font-medium">Progress</th>
            <th scope="col" className="py-1 pr-3 text-right font-medium">Failed</th>
            {evaluatorNames.map((n) => <th key={n} scope="col" className="py-1 pr-3 text-right font-mono font-medium normal-case">{n}</th>)}
            <th scope="col" className="py-1 pr-3 text-right font-medium">Latency</th>
            <th scope="col" className="py-1 text-right font-medium">Cost</th>
          </tr>
        </thead>
        <tbody className="divide-y divide-zinc-100 dark:divide-zinc-800">
          {variants.map((v) => <VariantLine key={v.variant} v={v} experimentId={experimentId} evaluatorNames={evaluatorNames} />)}
        </tbody>
      </table>
    </ScrollBox>
  );
}

function VariantLine({ v, experimentId, evaluatorNames }: { v: VariantSummary; experimentId: string; evaluatorNames: string[] }) {
  const done = v.runsSucceeded + v.runsFailed;
  const scores = new Map(v.evaluatorAverages.map((a) => [a.evaluator, a]));
  return (
    <tr data-variant={v.variant}>
      <th scope="row" className="max-w-72 py-1.5 pr-3 text-left font-normal">
        <Link href={`/experiments/${experimentId}?variant=${v.variant}`} className="block truncate font-medium text-zinc-900 hover:underline dark:text-zinc-100" title={`${v.name}: show its runs`}>
          {v.name}
        </Link>
        <span className="block truncate font-mono text-[11px] text-zinc-600 dark:text-zinc-400">{v.model}{v.providerName ? ` · ${v.providerName}` : ''}</span>
      </th>
      <td className="py-1.5 pr-3 text-right tabular-nums">
        {formatInt(done)}<span className="text-zinc-600 dark:text-zinc-400"> / {formatInt(v.totalRuns)}</span>
        {v.runsCached > 0 && <span className="block text-[11px] text-zinc-600 dark:text-zinc-400">{formatInt(v.runsCached)} cached</span>}
      </td>
      <td className="py-1.5 pr-3 text-right tabular-nums">
        {v.runsFailed > 0
          ? <Link href={`/experiments/${experimentId}?variant=${v.variant}&status=failed`} className="text-red-700 hover:underline dark:text-red-400">{formatInt(v.runsFailed)} ({formatPercent(v.runsFailed / Math.max(1, done))})</Link>
          : <span className="text-zinc-600 dark:text-zinc-400">0</span>}
      </td>
      {evaluatorNames.map((n) => {
        const a = scores.get(n);
        return (
          <td key={n} className="py-1.5 pr-3 text-right tabular-nums" title={a ? `${n}: mean of ${formatInt(a.count)}` : `${n}: nothing scored yet`}>
            <ScoreValue value={a?.average} className="font-semibold" />
            {a && <span className="ml-1 text-[11px] text-zinc-600 dark:text-zinc-400">n={formatInt(a.count)}</span>}
          </td>
        );
      })}
      <td className="py-1.5 pr-3 text-right tabular-nums text-zinc-700 dark:text-zinc-300">{v.meanLatencyMs === null ? '—' : `${formatInt(v.meanLatencyMs)} ms`}</td>
      <td className="py-1.5 text-right tabular-nums">
        {v.promptTokens + v.completionTokens === 0 && v.unpricedCalls === 0 ? <span className="text-zinc-600 dark:text-zinc-400">—</span> : <CostValue c={{ ...v, cachedPromptTokens: 0 }} />}
      </td>
    </tr>
  );
}
