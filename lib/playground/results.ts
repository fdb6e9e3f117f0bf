import type { PlaygroundRun } from './runs';

/**
 * Pure helpers for the playground's results table (no React, no database): how a run's values
 * read in a cell, the order of rows, and the aggregate scores above the table.
 */

const isPlainObject = (v: unknown): v is Record<string, unknown> => v !== null && typeof v === 'object' && !Array.isArray(v);

/**
 * A value as cell text: a string as it is; an object of one field as that field's value (the
 * usual `{"question": …}`); a flat object as `key: value` lines; anything else as pretty JSON.
 */
export function cellText(value: unknown): { text: string; mono: boolean } {
  if (value === null || value === undefined) return { text: '', mono: false };
  if (typeof value === 'string') return { text: value, mono: false };
  if (isPlainObject(value)) {
    const entries = Object.entries(value);
    if (entries.length === 1 && typeof entries[0][1] === 'string') return { text: entries[0][1], mono: false };
    if (entries.length > 0 && entries.every(([, v]) => v === null || typeof v !== 'object')) {
      return { text: entries.map(([k, v]) => `${k}: ${typeof v === 'string' ? v : JSON.stringify(v)}`).join('\n'), mono: false };
    }
  }
  return { text: JSON.stringify(value, null, 2), mono: true };
}

/** Table order: by item (dataset order), then repetition: rows fill in place as they finish. */
export function sortRuns(runs: Iterable<PlaygroundRun>): PlaygroundRun[] {
  return [...runs].sort((a, b) => a.itemSeq - b.itemSeq || a.repetition - b.repetition);
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

/** "0.87", "1", "0": two decimals at most, no trailing zeros. */
export function formatScore(score: number): string {
  return String(Math.round(score * 100) / 100);
}

/** "152 ms", "1.4 s", "2m 3s". */
export function formatLatency(ms: number | null): string {
  if (ms === null) return '—';
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  const s = Math.round(ms / 1000);
  return `${Math.floor(s / 60)}m ${s % 60}s`;
}

export type ScoreTone = 'good' | 'mixed' | 'bad';

export function scoreTone(score: number): ScoreTone {
  return score >= 0.999 ? 'good' : score <= 0.001 ? 'bad' : 'mixed';
}
