/**
 * Token bucket for the simulator's requests-per-minute limit. Capacity is one second's worth of
 * requests (at least 1), so a client pacing itself exactly at the limit never trips it while a
 * burst above the limit is refused within about a second.
 */
export class TokenBucket {
  private readonly capacity: number;
  private readonly perMs: number;
  private tokens: number;
  private last: number;

  constructor(
    readonly requestsPerMinute: number,
    private readonly now: () => number = () => performance.now(),
  ) {
    this.capacity = Math.max(1, requestsPerMinute / 60);
    this.perMs = requestsPerMinute / 60_000;
    this.tokens = this.capacity;
    this.last = this.now();
  }

  /** Takes one token; when none is left, returns how many ms until one will be. */
  take(): { ok: true; remaining: number } | { ok: false; retryAfterMs: number } {
    const t = this.now();
    this.tokens = Math.min(this.capacity, this.tokens + (t - this.last) * this.perMs);
    this.last = t;
    // The epsilon absorbs float error, which would otherwise refuse a client pacing exactly at
    // the limit when the capacity is a single token.
    if (this.tokens >= 1 - 1e-9) {
      this.tokens = Math.max(0, this.tokens - 1);
      return { ok: true, remaining: Math.floor(this.tokens) };
    }
    return { ok: false, retryAfterMs: Math.max(1, Math.ceil((1 - this.tokens) / this.perMs)) };
  }
}
