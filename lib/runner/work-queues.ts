// The pending work of one running experiment, with no I/O: evaluations first (they finish rows
// that already cost a generation), then retries that are due (oldest first), then new tasks.
// takeNext skips items the caller cannot start right now (e.g. their provider bucket is empty)
// so one throttled provider does not block work bound for another (no head-of-line blocking).
// New tasks wait in lanes (one per variant), served in turn: variants on one provider share it
// fairly, and a lane whose provider is throttled is passed over without scanning the others'.

export type WorkKind = 'task' | 'eval';
export type WorkItem<T, E> = { kind: 'task'; item: T } | { kind: 'eval'; item: E };
export type CanTake<T, E> = (item: T | E, kind: WorkKind) => boolean;

/** Array-backed FIFO: O(1) amortised removal at the head, splice for the rare skip-ahead. */
class FifoQueue<X> {
  private items: (X | undefined)[] = [];
  private head = 0;

  get length(): number {
    return this.items.length - this.head;
  }

  push(item: X): void {
    this.items.push(item);
  }

  /** Removes and returns the first of the first `maxScan` items matching `accept`. */
  takeFirst(accept: (item: X) => boolean, maxScan: number): X | undefined {
    const end = Math.min(this.items.length, this.head + maxScan);
    for (let i = this.head; i < end; i++) {
      const item = this.items[i] as X;
      if (!accept(item)) continue;
      if (i === this.head) {
        this.items[this.head++] = undefined;
        this.compact();
      } else {
        this.items.splice(i, 1);
      }
      return item;
    }
    return undefined;
  }

  drain(): X[] {
    const out = this.items.slice(this.head) as X[];
    this.items = [];
    this.head = 0;
    return out;
  }

  private compact(): void {
    if (this.head === this.items.length) {
      this.items = [];
      this.head = 0;
    } else if (this.head > 1024 && this.head * 2 > this.items.length) {
      this.items = this.items.slice(this.head);
      this.head = 0;
    }
  }
}

interface RetryEntry<V> {
  readyAt: number;
  sequence: number; // FIFO among equal readyAt
  value: V;
}

/** Binary min-heap ordered by (readyAt, sequence). */
class RetryHeap<V> {
  private readonly heap: RetryEntry<V>[] = [];

  get size(): number {
    return this.heap.length;
  }

  peek(): RetryEntry<V> | undefined {
    return this.heap[0];
  }

  push(entry: RetryEntry<V>): void {
    const heap = this.heap;
    heap.push(entry);
    let i = heap.length - 1;
    while (i > 0) {
      const parent = (i - 1) >> 1;
      if (!before(heap[i], heap[parent])) break;
      [heap[i], heap[parent]] = [heap[parent], heap[i]];
      i = parent;
    }
  }

  pop(): RetryEntry<V> | undefined {
    const heap = this.heap;
    const top = heap[0];
    const last = heap.pop();
    if (heap.length > 0 && last) {
      heap[0] = last;
      for (let i = 0; ; ) {
        const left = 2 * i + 1;
        const right = left + 1;
        let smallest = i;
        if (left < heap.length && before(heap[left], heap[smallest])) smallest = left;
        if (right < heap.length && before(heap[right], heap[smallest])) smallest = right;
        if (smallest === i) break;
        [heap[i], heap[smallest]] = [heap[smallest], heap[i]];
        i = smallest;
      }
    }
    return top;
  }

  drain(): RetryEntry<V>[] {
    return this.heap.splice(0).sort((a, b) => (before(a, b) ? -1 : 1));
  }
}

function before<V>(a: RetryEntry<V>, b: RetryEntry<V>): boolean {
  return a.readyAt < b.readyAt || (a.readyAt === b.readyAt && a.sequence < b.sequence);
}

export class WorkQueues<T, E> {
  private readonly evals = new FifoQueue<E>();
  private readonly lanes: FifoQueue<T>[] = [];
  /** The lane served last: the next task comes from the lane after it. */
  private lastLane = -1;
  private readonly retries = new RetryHeap<WorkItem<T, E>>();
  private readonly maxScan: number;
  private retrySequence = 0;

  /**
   * maxScan bounds how far past a non-takeable head each queue is searched per call, so a large
   * backlog on a throttled provider costs O(maxScan), not O(backlog), per dispatch attempt.
   */
  constructor({ maxScan = 1000 }: { maxScan?: number } = {}) {
    this.maxScan = maxScan;
  }

  pushTask(task: T, lane = 0): void {
    while (this.lanes.length <= lane) this.lanes.push(new FifoQueue<T>());
    this.lanes[lane].push(task);
  }

  /** New tasks waiting in one lane (retries not counted). */
  tasksIn(lane: number): number {
    return this.lanes[lane]?.length ?? 0;
  }

  pushEval(evaluation: E): void {
    this.evals.push(evaluation);
  }

  /** The caller vouches that `kindTag` matches the item (a union-typed item can be re-queued as is). */
  scheduleRetry(item: T | E, kindTag: WorkKind, readyAt: number): void {
    const value = { kind: kindTag, item } as WorkItem<T, E>;
    this.retries.push({ readyAt, sequence: ++this.retrySequence, value });
  }

  /** The first ready item that `canTake` accepts: evals, then due retries by readyAt, then tasks. */
  takeNext(now: number, canTake: CanTake<T, E> = () => true): WorkItem<T, E> | null {
    const evaluation = this.evals.takeFirst((e) => canTake(e, 'eval'), this.maxScan);
    if (evaluation !== undefined) return { kind: 'eval', item: evaluation };
    const retry = this.takeDueRetry(now, canTake);
    if (retry) return retry;
    for (let k = 1; k <= this.lanes.length; k++) {
      const lane = (this.lastLane + k) % this.lanes.length;
      const task = this.lanes[lane].takeFirst((t) => canTake(t, 'task'), this.maxScan);
      if (task !== undefined) {
        this.lastLane = lane;
        return { kind: 'task', item: task };
      }
    }
    return null;
  }

  private get taskCount(): number {
    let n = 0;
    for (const lane of this.lanes) n += lane.length;
    return n;
  }

  /** Everything held, including retries not yet due. */
  get pendingCount(): number {
    return this.evals.length + this.taskCount + this.retries.size;
  }

  get retryCount(): number {
    return this.retries.size;
  }

  isEmpty(): boolean {
    return this.pendingCount === 0;
  }

  /** Empties all queues and returns what was held, so the caller can release its claims. */
  clear(): WorkItem<T, E>[] {
    return [
      ...this.evals.drain().map((item): WorkItem<T, E> => ({ kind: 'eval', item })),
      ...this.retries.drain().map((entry) => entry.value),
      ...this.lanes.flatMap((lane) => lane.drain()).map((item): WorkItem<T, E> => ({ kind: 'task', item })),
    ];
  }

  private takeDueRetry(now: number, canTake: CanTake<T, E>): WorkItem<T, E> | null {
    const skipped: RetryEntry<WorkItem<T, E>>[] = [];
    let found: WorkItem<T, E> | null = null;
    while (skipped.length < this.maxScan) {
      const top = this.retries.peek();
      if (!top || top.readyAt > now) break;
      this.retries.pop();
      if (canTake(top.value.item, top.value.kind)) {
        found = top.value;
        break;
      }
      skipped.push(top);
    }
    for (const entry of skipped) this.retries.push(entry); // same readyAt/sequence: order unchanged
    return found;
  }
}
