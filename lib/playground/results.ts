import type { PlaygroundRun } from './runs';

/**
 * Pure helpers for the playground's results table (no React, no database): the order of rows and
 * the aggregate scores above the table. How values read in a cell is in components/format.ts.
 */

/** Table order: by item (dataset order), then repetition, then variant: rows fill in place as they finish. */
export function sortRuns(runs: Iterable<PlaygroundRun>): PlaygroundRun[] {
  return [...runs].sort((a, b) => a.itemSeq - b.itemSeq || a.repetition - b.repetition || a.variant - b.variant);
}

export interface ScoreSummary {
  name: string;
  /** Mean of the completed evaluations' scores; null when none completed yet. */
  average: number | null;
  scored: number;
  failed: number;
  pending: number;
}

export function summariseScores(runs: Iterable<PlaygroundRun>, evaluatorNames: string[]): ScoreSummary[] {
  const acc = new Map(evaluatorNames.map((n) => [n, { sum: 0, scored: 0, failed: 0, pending: 0 }]));
  for (const run of runs) {
    if (run.status !== 'SUCCEEDED') continue;
    for (const name of evaluatorNames) {
      const a = acc.get(name)!;
      const ev = run.evaluations.find((e) => e.name === name);
      if (ev?.status === 'COMPLETED' && ev.score !== null) { a.sum += ev.score; a.scored++; }
      else if (ev?.status === 'ERROR') a.failed++;
      else a.pending++;
    }
  }
  return evaluatorNames.map((name) => {
    const a = acc.get(name)!;
    return { name, average: a.scored ? a.sum / a.scored : null, scored: a.scored, failed: a.failed, pending: a.pending };
  });
}

/** Median latency of succeeded runs, in ms (null when there are none). */
export function medianLatency(runs: Iterable<PlaygroundRun>): number | null {
  const values = [...runs].filter((r) => r.status === 'SUCCEEDED' && r.latencyMs !== null).map((r) => r.latencyMs!).sort((a, b) => a - b);
  if (!values.length) return null;
  const mid = values.length >> 1;
  return values.length % 2 ? values[mid] : Math.round((values[mid - 1] + values[mid]) / 2);
}

export interface VariantResults {
  variant: number;
  succeeded: number;
  failed: number;
  scores: ScoreSummary[];
  medianLatencyMs: number | null;
}

/** The same aggregates per variant, in variant order (every variant listed, runs or not yet). */
export function summariseByVariant(runs: Iterable<PlaygroundRun>, evaluatorNames: string[], variants: number): VariantResults[] {
  const groups = Array.from({ length: variants }, () => [] as PlaygroundRun[]);
  for (const run of runs) groups[run.variant]?.push(run);
  return groups.map((group, variant) => ({
    variant,
    succeeded: group.filter((r) => r.status === 'SUCCEEDED').length,
    failed: group.filter((r) => r.status === 'FAILED').length,
    scores: summariseScores(group, evaluatorNames),
    medianLatencyMs: medianLatency(group),
  }));
}
