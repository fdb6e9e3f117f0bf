// Stops an experiment (or an evaluator) after too many consecutive failures, so a broken prompt,
// model name or endpoint does not burn through a whole dataset of doomed calls.
//
// Callers record only real failures (transient retries exhausted, permanent errors). Rate limits
// are NOT recorded: a 429 says "slow down", not "broken", and the token bucket handles it.

export class CircuitBreaker {
  private readonly threshold: number;
  private failures = 0;
  private reason: string | null = null;
  private isTripped = false;

  constructor({ threshold = 5 }: { threshold?: number } = {}) {
    if (!(Number.isInteger(threshold) && threshold >= 1)) throw new Error(`threshold must be a positive integer, got ${threshold}`);
    this.threshold = threshold;
  }

  /** Any success proves the setup works: the failure streak starts over. */
  recordSuccess(): void {
    this.failures = 0;
  }

  /** Returns true only for the failure that trips the breaker (so the caller acts once). */
  recordFailure(reason: string): boolean {
    this.failures++;
    this.reason = reason;
    if (this.isTripped || this.failures < this.threshold) return false;
    this.isTripped = true;
    return true;
  }

  /** Stays tripped until reset(): resuming is an explicit user decision. */
  get tripped(): boolean {
    return this.isTripped;
  }

  get consecutiveFailures(): number {
    return this.failures;
  }

  get lastReason(): string | null {
    return this.reason;
  }

  reset(): void {
    this.failures = 0;
    this.reason = null;
    this.isTripped = false;
  }
}
