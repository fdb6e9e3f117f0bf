export type RequestLogEntry = {
  /** Arrival time, epoch ms. */
  at: number;
  /** null while in flight; 499 when the client went away before an answer. */
  status: number | null;
  /** Hash of the request's messages, null when the body had none. */
  promptHash: string | null;
  /** The request's `x-experiment-id` header. */
  experimentTag: string | null;
};

export type SimulatorStats = {
  /** API requests (/v1/...) since the last reset; control endpoints are not counted. */
  requests: number;
  byStatus: Record<string, number>;
  inFlight: number;
  maxInFlight: number;
  /** Prompt hashes answered 200 at least once. */
  distinctSuccesses: number;
  /** Prompt hashes answered 200 more than once: work a client paid for twice. */
  duplicateSuccesses: number;
  successByPrompt: Record<string, number>;
  /** The last LOG_SIZE requests, oldest first. */
  requestLog: RequestLogEntry[];
};

export const CLIENT_CLOSED = 499;
const LOG_SIZE = 10_000;

export class StatsRecorder {
  private requests = 0;
  private byStatus = new Map<number, number>();
  private inFlight = 0;
  private maxInFlight = 0;
  private successes = new Map<string, number>();
  private duplicates = 0;
  // Ring buffer: a plain array would need an O(n) shift per request once full.
  private log: RequestLogEntry[] = [];
  private logStart = 0;

  begin(at: number, experimentTag: string | null): RequestLogEntry {
    this.requests++;
    this.inFlight++;
    this.maxInFlight = Math.max(this.maxInFlight, this.inFlight);
    const entry: RequestLogEntry = { at, status: null, promptHash: null, experimentTag };
    if (this.log.length < LOG_SIZE) this.log.push(entry);
    else {
      this.log[this.logStart] = entry;
      this.logStart = (this.logStart + 1) % LOG_SIZE;
    }
    return entry;
  }

  finish(entry: RequestLogEntry, status: number): void {
    this.inFlight--;
    entry.status = status;
    this.byStatus.set(status, (this.byStatus.get(status) ?? 0) + 1);
    if (status === 200 && entry.promptHash) {
      const count = (this.successes.get(entry.promptHash) ?? 0) + 1;
      this.successes.set(entry.promptHash, count);
      if (count === 2) this.duplicates++;
    }
  }

  /** Keeps inFlight: those requests are still open and will finish later. */
  reset(): void {
    this.requests = 0;
    this.byStatus.clear();
    this.maxInFlight = this.inFlight;
    this.successes.clear();
    this.duplicates = 0;
    this.log = [];
    this.logStart = 0;
  }

  snapshot(): SimulatorStats {
    return {
      requests: this.requests,
      byStatus: Object.fromEntries(this.byStatus),
      inFlight: this.inFlight,
      maxInFlight: this.maxInFlight,
      distinctSuccesses: this.successes.size,
      duplicateSuccesses: this.duplicates,
      successByPrompt: Object.fromEntries(this.successes),
      requestLog: [...this.log.slice(this.logStart), ...this.log.slice(0, this.logStart)].map(
        (e) => ({ ...e }),
      ),
    };
  }
}
