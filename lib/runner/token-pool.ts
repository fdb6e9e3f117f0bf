// The tokens-per-minute side of a provider's budget: a pool refilled at this worker's share of
// the limit, holding one second's worth. A call reserves its estimate before it is sent (the pool
// may go into debt, so a large call is never starved) and is settled with the usage the provider
// reported; a refused call gets its reservation back. Without a known limit it does nothing.

export class TokenPool {
  private configured: number | null;
  private learned: number | null = null;
  private tokens = 0;

  constructor(configured: number | null, private share = 1) {
    this.configured = positiveOrNull(configured);
    this.tokens = this.capacity();
  }

  /** The limit in tokens per minute: the lower of the configured and the advertised one, or null. */
  get limit(): number | null {
    if (this.configured === null) return this.learned;
    if (this.learned === null) return this.configured;
    return Math.min(this.configured, this.learned);
  }

  get learnedLimit(): number | null {
    return this.learned;
  }

  setConfigured(tokensPerMinute: number | null): void {
    this.change(() => { this.configured = positiveOrNull(tokensPerMinute); });
  }

  learn(tokensPerMinute: number): void {
    if (!(tokensPerMinute > 0) || tokensPerMinute === this.learned) return;
    this.change(() => { this.learned = tokensPerMinute; });
  }

  setShare(share: number): void {
    this.share = share;
    this.tokens = Math.min(this.tokens, this.capacity());
  }

  refill(elapsedMs: number): void {
    const limit = this.limit;
    if (limit !== null) this.tokens = Math.min(this.capacity(), this.tokens + (elapsedMs * limit * this.share) / 60_000);
  }

  reserve(estimated: number): void {
    if (this.limit !== null) this.tokens -= Math.max(0, estimated);
  }

  settle(estimated: number, used: number | null): void {
    if (this.limit === null || used === null) return;
    this.tokens = Math.min(this.capacity(), this.tokens + estimated - used);
  }

  refund(estimated: number): void {
    if (this.limit === null) return;
    this.tokens = Math.min(this.capacity(), this.tokens + Math.max(0, estimated));
  }

  /** 0 while the pool is not in debt; else how long until it is back to zero. */
  msUntilFree(): number {
    const limit = this.limit;
    if (limit === null || this.tokens >= 0) return 0;
    return Math.ceil((-this.tokens * 60_000) / (limit * this.share));
  }

  private capacity(): number {
    const limit = this.limit;
    return limit === null ? 0 : (limit * this.share) / 60;
  }

  /** A limit that appears starts with a full pool; one that changes keeps what is left, capped. */
  private change(apply: () => void): void {
    const before = this.limit;
    apply();
    this.tokens = before === null ? this.capacity() : Math.min(this.tokens, this.capacity());
  }
}

function positiveOrNull(v: number | null | undefined): number | null {
  return v !== null && v !== undefined && v > 0 ? v : null;
}
