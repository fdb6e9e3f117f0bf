'use client';

import { queryOptions, useQuery } from '@tanstack/react-query';
import { useFinalRefetch } from '@/components/api/use-final-refetch';
import type { ExperimentDistributions } from '@/lib/experiments/distributions';
import type { EvaluatorAverage } from '@/lib/experiments/evaluator-averages';
import { fetchJson } from '@/components/api/fetch-json';
import { formatInt, formatLatency, formatScore } from '@/components/format';
import { Histogram } from '@/components/charts/histogram';
import { medianBin, type Bin } from '@/components/charts/histogram-model';
import { EXPERIMENTS_KEY } from './queries';

/** Counting every run is heavier than the page's counters: every 5 s while it runs is enough. */
const LIVE_POLL_MS = 5_000;

export function distributionsQuery(experimentId: string, live: boolean) {
  return queryOptions({
    queryKey: [...EXPERIMENTS_KEY, 'distributions', experimentId],
    queryFn: ({ signal }) => fetchJson<ExperimentDistributions>(`/api/experiments/${experimentId}/distributions`, signal),
    refetchInterval: live ? LIVE_POLL_MS : false,
  });
}

const latencyEdge = (ms: number) => formatLatency(ms);

/** "380–400 ms" (one unit when both edges are under a second), "1.2 s–1.4 s", "≥ 2 s". */
function latencyBin(bin: Bin): string {
  if (bin.overflow) return `≥ ${formatLatency(bin.from)}`;
  return bin.to < 1000 ? `${Math.round(bin.from)}–${Math.round(bin.to)} ms` : `${formatLatency(bin.from)}–${formatLatency(bin.to)}`;
}

/**
 * The experiment page's small charts: each evaluator's score distribution and the latency of the
 * answered runs, counted by the server over the whole experiment (not the page of runs loaded),
 * refreshed while it runs. Hidden until there is something to count.
 */
export function DistributionCharts({ experimentId, initial, live, evaluatorNames, averages }: {
  experimentId: string; initial: ExperimentDistributions; live: boolean; evaluatorNames: readonly string[]; averages: readonly EvaluatorAverage[];
}) {
  const query = useQuery({ ...distributionsQuery(experimentId, live), initialData: initial });
  useFinalRefetch(live, query.refetch);

  const d = query.data ?? initial;
  const scores = new Map(d.scores.map((s) => [s.evaluator, s.histogram]));
  const names = [...evaluatorNames, ...d.scores.map((s) => s.evaluator).filter((n) => !evaluatorNames.includes(n))];
  const latencyCounts = d.latency.series[0]?.counts ?? [];
  const answered = d.latency.series[0]?.total ?? 0;
  if (answered === 0 && d.scores.length === 0) return null;

  const median = medianBin(latencyCounts);
  return (
    <section aria-labelledby="distributions-heading" className="space-y-2">
      <h2 id="distributions-heading" className="text-sm font-semibold">Distributions</h2>
      <div className="grid items-start gap-3 sm:grid-cols-2 lg:grid-cols-3 xl:grid-cols-4">
        {names.map((name) => {
          const h = scores.get(name);
          const n = h?.series[0]?.total ?? 0;
          const mean = averages.find((a) => a.evaluator === name);
          return (
            <Histogram
              key={name}
              title={<>Scores of <span className="font-mono">{name}</span></>}
              summary={n === 0 ? 'No score yet' : `${formatInt(n)} ${n === 1 ? 'score' : 'scores'}${mean ? ` · mean ${formatScore(mean.average)}` : ''}`}
              bins={h?.bins ?? []}
              series={h ? h.series.map((s) => ({ key: s.key, name, counts: s.counts })) : []}
              format={formatScore}
              unit="scores"
            />
          );
        })}
        <Histogram
          title="Latency"
          summary={answered === 0 ? 'No answered run yet' : `${formatInt(answered)} answered ${answered === 1 ? 'run' : 'runs'}${median !== null ? ` · median ${latencyBin(d.latency.bins[median])}` : ''}`}
          bins={d.latency.bins}
          series={d.latency.series.map((s) => ({ key: s.key, name: 'runs', counts: s.counts }))}
          format={latencyEdge}
          formatBin={latencyBin}
          unit="runs"
        />
      </div>
    </section>
  );
}
