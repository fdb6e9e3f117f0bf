// Round-robin across running experiments: each dispatch goes to the experiment served longest
// ago that has a job ready, so a big experiment cannot starve a small one. Experiments that are
// empty or rate-limited are skipped but keep their place, so they are first once ready again.
import type { Clock } from './clock';
import { systemClock } from './clock';

export interface Schedulable<J> {
  id: string;
  /** Returns null when nothing is ready or its provider bucket has no capacity. */
  tryTakeReadyJob(): J | null;
}

interface Entry<J> {
  experiment: Schedulable<J>;
  lastServedAt: number;
  /** Serve order, breaks ties when two dispatches happen in the same millisecond. */
  sequence: number;
}

export class FairScheduler<J> {
  private readonly clock: Clock;
  private readonly entries = new Map<string, Entry<J>>();
  private sequence = 0;

  constructor({ clock = systemClock }: { clock?: Clock } = {}) {
    this.clock = clock;
  }

  /** A new experiment has never been served, so it is served next (ties: order added). */
  add(experiment: Schedulable<J>): void {
    if (this.entries.has(experiment.id)) throw new Error(`experiment ${experiment.id} is already scheduled`);
    this.entries.set(experiment.id, { experiment, lastServedAt: -Infinity, sequence: ++this.sequence });
  }

  remove(id: string): boolean {
    return this.entries.delete(id);
  }

  has(id: string): boolean {
    return this.entries.has(id);
  }

  get size(): number {
    return this.entries.size;
  }

  lastServedAt(id: string): number | undefined {
    return this.entries.get(id)?.lastServedAt;
  }

  next(): { experimentId: string; job: J } | null {
    // A handful of experiments at most: sorting per dispatch is cheaper than keeping a heap in sync.
    const ordered = [...this.entries.values()].sort(
      (a, b) => a.lastServedAt - b.lastServedAt || a.sequence - b.sequence,
    );
    for (const entry of ordered) {
      const job = entry.experiment.tryTakeReadyJob();
      if (job === null) continue;
      entry.lastServedAt = this.clock.now();
      entry.sequence = ++this.sequence;
      return { experimentId: entry.experiment.id, job };
    }
    return null;
  }
}
