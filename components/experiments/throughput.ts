import type { ExperimentSummary } from '@/lib/experiments/queries';

interface Sample { t: number; done: number }
export interface Throughput { perSecond: number; etaMs: number | null }

const WINDOW_MS = 15_000;
const MIN_SPAN_MS = 1_500;

const doneOf = (e: ExperimentSummary) => e.runsSucceeded + e.runsFailed;

/**
 * Throughput and ETA from successive polls of the counters (the server keeps no history). Fed from
 * the query function, outside render; render only reads estimates.
 */
export class ThroughputTracker {
  private samples = new Map<string, Sample[]>();

  record(rows: ExperimentSummary[], t = Date.now()) {
    const seen = new Set<string>();
    for (const e of rows) {
      seen.add(e.id);
      if (e.status !== 'RUNNING') { this.samples.delete(e.id); continue; }
      const list = this.samples.get(e.id) ?? [];
      // A counter going down means the experiment was reset (e.g. retrying failed items): start over.
      if (list.length && doneOf(e) < list[list.length - 1].done) list.length = 0;
      list.push({ t, done: doneOf(e) });
      while (list.length > 2 && t - list[0].t > WINDOW_MS) list.shift();
      this.samples.set(e.id, list);
    }
    for (const id of this.samples.keys()) if (!seen.has(id)) this.samples.delete(id);
  }

  estimate(e: ExperimentSummary): Throughput | null {
    const list = this.samples.get(e.id);
    if (!list || list.length < 2) return null;
    const first = list[0], last = list[list.length - 1];
    const span = last.t - first.t;
    if (span < MIN_SPAN_MS) return null;
    const perSecond = ((last.done - first.done) / span) * 1000;
    const remaining = Math.max(0, e.totalRuns - doneOf(e));
    return { perSecond, etaMs: perSecond > 0 && remaining > 0 ? (remaining / perSecond) * 1000 : null };
  }
}
