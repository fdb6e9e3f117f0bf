'use client';

import type { CompareSeries } from '@/lib/experiments/compare';
import type { ComparisonStats, EvaluatorComparison, PairedScore, SeriesScore } from '@/lib/experiments/comparison';
import { Table, Td, Th, THead, Tr } from '@/components/ui/table';
import { Badge, type BadgeTone } from '@/components/ui/badge';
import { Histogram } from '@/components/charts/histogram';
import { modeBin } from '@/components/charts/histogram-model';
import { formatInt, formatScore } from '@/components/format';
import { BaselineTag } from './baseline-tag';
import { formatDiff, formatInterval, formatStat, trackPercent, verdict, type VerdictKind } from './score-verdict';

/**
 * Per evaluator: each series' mean with its 95% interval and n, and against the baseline the
 * paired difference with its interval, wins / ties / losses and what that means in words; beside
 * it, how the items' scores are spread, a series each.
 */
export function ScoreStats({ stats, series }: { stats: ComparisonStats; series: readonly CompareSeries[] }) {
  const names = new Map(series.map((s) => [s.key, s.name]));
  if (!stats.evaluators.length) {
    return <p className="rounded-lg border border-dashed border-zinc-300 px-4 py-6 text-center text-sm text-zinc-500 dark:border-zinc-700 dark:text-zinc-400">These experiments have no evaluators: there are no scores to compare.</p>;
  }
  return (
    <div className="space-y-5">
      {stats.evaluators.map((e) => <EvaluatorBlock key={e.evaluator} e={e} stats={stats} names={names} />)}
      <p className="text-[11px] leading-relaxed text-zinc-600 dark:text-zinc-400">
        Means over items, an item’s repetitions averaged first. Intervals are {Math.round(stats.level * 100)}% percentile bootstrap intervals
        over items ({formatInt(stats.resamples)} resamples, seeded: the same data gives the same interval); past {formatInt(stats.bootstrapMaxItems)} items
        the normal approximation (marked ≈), which the bootstrap of a mean converges to. Differences are paired on the items both series have.
        No interval below {stats.minItems} items.
        {stats.capped.length > 0 && <> Only the first {formatInt(stats.itemCap)} items of {stats.capped.map((k) => `“${names.get(k) ?? k}”`).join(', ')} are counted.</>}
      </p>
    </div>
  );
}

function EvaluatorBlock({ e, stats, names }: { e: EvaluatorComparison; stats: ComparisonStats; names: Map<string, string> }) {
  const paired = new Map(e.paired.map((p) => [p.key, p]));
  const most = e.histogram.series.map((s) => modeBin(s.counts));
  return (
    <div className="grid items-start gap-3 2xl:grid-cols-[minmax(0,1fr)_24rem]" data-evaluator={e.evaluator}>
      <Table aria-label={`Scores: ${e.evaluator}`}>
        <THead>
          <Th><span className="font-mono normal-case">{e.evaluator}</span></Th>
          <Th numeric>Mean <span className="font-normal normal-case">(95% CI)</span></Th>
          <Th numeric>n</Th>
          <Th numeric>Difference vs baseline <span className="font-normal normal-case">(95% CI)</span></Th>
          <Th numeric><abbr title="Items where it scored higher / the same / lower than the baseline" className="no-underline">W / T / L</abbr></Th>
          <Th>Verdict</Th>
        </THead>
        <tbody>
          {e.series.map((s) => (
            <SeriesRow key={s.key} s={s} name={names.get(s.key) ?? s.key} base={s.key === stats.baseline} paired={paired.get(s.key)} minItems={stats.minItems} />
          ))}
        </tbody>
      </Table>
      <Histogram
        title={<><span className="font-mono">{e.evaluator}</span> · distribution of item means</>}
        bins={e.histogram.bins}
        series={e.histogram.series.map((s) => ({ key: s.key, name: names.get(s.key) ?? s.key, counts: s.counts }))}
        format={formatScore}
        unit="items"
        className="max-w-2xl"
        summary={most.every((m) => m === null) ? 'No scores yet' : `${formatInt(e.histogram.series.reduce((n, s) => n + s.total, 0))} item scores, repetitions averaged`}
      />
    </div>
  );
}

function SeriesRow({ s, name, base, paired, minItems }: { s: SeriesScore; name: string; base: boolean; paired: PairedScore | undefined; minItems: number }) {
  return (
    <Tr data-series={s.key} className={base ? 'bg-zinc-50/80 dark:bg-zinc-900/40' : ''}>
      <Td className="max-w-64">
        <div className="flex items-center gap-2">
          <span className="truncate font-medium" title={name}>{name}</span>
          {base && <BaselineTag />}
        </div>
      </Td>
      <Td numeric>
        {s.mean === null ? <span className="text-zinc-500 dark:text-zinc-400">—</span> : (
          <div className="flex items-center justify-end gap-2">
            <span className="whitespace-nowrap tabular-nums">
              <span className="font-semibold">{formatStat(s.mean)}</span>
              {s.ci && <span className="ml-1 text-[11px] text-zinc-600 dark:text-zinc-400">{s.method === 'normal' ? '≈' : ''}{formatInterval(s.ci)}</span>}
            </span>
            <IntervalTrack value={s.mean} ci={s.ci} min={0} max={1} tone="neutral" />
          </div>
        )}
      </Td>
      <Td numeric className="tabular-nums" data-testid="n">{formatInt(s.n)}</Td>
      {base ? (
        <Td colSpan={3} className="text-xs text-zinc-500 dark:text-zinc-400">The others are compared with this one, item by item</Td>
      ) : paired ? (
        <PairedCells p={paired} minItems={minItems} />
      ) : <Td colSpan={3} />}
    </Tr>
  );
}

const VERDICT_TONE: Record<VerdictKind, BadgeTone> = { better: 'success', worse: 'danger', same: 'neutral', few: 'warning', none: 'neutral' };
const TRACK_TONE: Record<VerdictKind, 'better' | 'worse' | 'neutral'> = { better: 'better', worse: 'worse', same: 'neutral', few: 'neutral', none: 'neutral' };

function PairedCells({ p, minItems }: { p: PairedScore; minItems: number }) {
  const v = verdict(p, minItems);
  return (
    <>
      <Td numeric>
        {p.diff === null ? <span className="text-zinc-500 dark:text-zinc-400">—</span> : (
          <div className="flex items-center justify-end gap-2">
            <span className="whitespace-nowrap tabular-nums">
              <span className="font-semibold">{formatDiff(p.diff)}</span>
              {p.ci && <span className="ml-1 text-[11px] text-zinc-600 dark:text-zinc-400">{p.method === 'normal' ? '≈' : ''}{formatInterval(p.ci, true)}</span>}
              <span className="ml-1 text-[11px] text-zinc-500 dark:text-zinc-400">n={formatInt(p.n)}</span>
            </span>
            <IntervalTrack value={p.diff} ci={p.ci} min={-1} max={1} tone={TRACK_TONE[v.kind]} zero />
          </div>
        )}
      </Td>
      <Td numeric className="whitespace-nowrap tabular-nums" data-testid="win-tie-loss">
        <span className="text-emerald-700 dark:text-emerald-400">{formatInt(p.wins)}</span>
        <span className="text-zinc-500 dark:text-zinc-400"> / </span>{formatInt(p.ties)}
        <span className="text-zinc-500 dark:text-zinc-400"> / </span><span className="text-red-700 dark:text-red-400">{formatInt(p.losses)}</span>
      </Td>
      <Td><Badge tone={VERDICT_TONE[v.kind]} shape="chip" data-verdict={v.kind} className="whitespace-nowrap">{v.label}</Badge></Td>
    </>
  );
}

const BAND = { neutral: 'bg-accent-500/35', better: 'bg-emerald-500/45', worse: 'bg-red-500/45' };
const DOT = { neutral: 'bg-accent-700 dark:bg-accent-300', better: 'bg-emerald-700 dark:bg-emerald-300', worse: 'bg-red-700 dark:bg-red-300' };

/** The value as a dot and its interval as a band on a small track (decoration: the numbers are beside it). */
function IntervalTrack({ value, ci, min, max, tone, zero }: {
  value: number; ci: [number, number] | null; min: number; max: number; tone: keyof typeof BAND; zero?: boolean;
}) {
  const at = (v: number) => trackPercent(v, min, max);
  return (
    <span aria-hidden className="relative hidden h-3 w-24 shrink-0 sm:inline-block">
      <span className="absolute inset-x-0 top-1/2 h-px -translate-y-1/2 bg-zinc-200 dark:bg-zinc-700" />
      {zero && <span className="absolute top-0 h-full w-px bg-zinc-400 dark:bg-zinc-500" style={{ left: `${at(0)}%` }} />}
      {ci && <span className={`absolute top-1/2 h-1.5 -translate-y-1/2 rounded-full ${BAND[tone]}`} style={{ left: `${at(ci[0])}%`, width: `${Math.max(1, at(ci[1]) - at(ci[0]))}%` }} />}
      <span className={`absolute top-1/2 size-2 -translate-x-1/2 -translate-y-1/2 rounded-full ${DOT[tone]}`} style={{ left: `${at(value)}%` }} />
    </span>
  );
}
