// Group commit for one experiment's results: whatever arrives while a write is on the wire goes
// out together in the next one, so a fast provider costs one statement per batch, not per result,
// and no timer adds latency when results are rare.

export interface BatchWriterOptions<I> {
  maxBatch: number;
  /** Items with the same key never share a batch (e.g. one run's (item, repetition)). */
  key: (item: I) => string;
}

interface Pending<I, O> { item: I; resolve: (o: O) => void; reject: (err: unknown) => void }

export class BatchWriter<I, O> {
  private queue: Pending<I, O>[] = [];
  private flushing = false;

  constructor(
    /** Writes the items in one statement; returns one result per item, in order. */
    private readonly writeMany: (items: I[]) => Promise<O[]>,
    private readonly opts: BatchWriterOptions<I>,
    /** An error that must not be blamed on every item of a batch (e.g. a broken row): items are then written alone. */
    private readonly isolate: (err: unknown) => boolean = () => true,
  ) {}

  get pending() { return this.queue.length; }

  write(item: I): Promise<O> {
    return new Promise<O>((resolve, reject) => {
      this.queue.push({ item, resolve, reject });
      void this.pump();
    });
  }

  private async pump() {
    if (this.flushing) return;
    this.flushing = true;
    try {
      while (this.queue.length) await this.flush(this.takeBatch());
    } finally {
      this.flushing = false;
    }
  }

  private takeBatch(): Pending<I, O>[] {
    const keys = new Set<string>();
    const batch: Pending<I, O>[] = [];
    const rest: Pending<I, O>[] = [];
    for (const p of this.queue) {
      const k = this.opts.key(p.item);
      if (batch.length < this.opts.maxBatch && !keys.has(k)) { keys.add(k); batch.push(p); } else rest.push(p);
    }
    this.queue = rest;
    return batch;
  }

  private async flush(batch: Pending<I, O>[]) {
    try {
      const out = await this.writeMany(batch.map((p) => p.item));
      batch.forEach((p, i) => p.resolve(out[i]));
    } catch (err) {
      if (batch.length === 1 || !this.isolate(err)) { for (const p of batch) p.reject(err); return; }
      // One bad item must not fail the others: each is written alone and gets its own outcome.
      for (const p of batch) {
        try { p.resolve((await this.writeMany([p.item]))[0]); } catch (e) { p.reject(e); }
      }
    }
  }
}
