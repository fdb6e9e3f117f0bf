// Adaptive (AIMD) token bucket: one per provider connection, shared by every experiment using it.
// It is an *advisor*: callers ask before sending and report 429s/successes afterwards, and the
// bucket adapts its rate so that, under a known ceiling, the provider sees almost no 429s, and
// under an unknown one it finds the limit by multiplicative decrease / additive increase.
import type { Clock } from './clock';
import { systemClock } from './clock';

export interface AdaptiveTokenBucketOptions {
  clock: Clock;
  /** Configured ceiling. null/undefined = unknown or unlimited. */
  maxRequestsPerMinute?: number | null;
  /** Start rate when there is no ceiling (requests/second). */
  initialRequestsPerSecond?: number;
  /** Upper bound when there is no ceiling; defaults to 10x the initial rate. */
  maxRequestsPerSecond?: number;
  /** The rate never goes below this. */
  minRequestsPerSecond?: number;
  /** Multiplier applied on a cut. */
  decreaseFactor?: number;
  /** Additive increase: requests/second gained per second's worth of successes. Default 5% of the max rate. */
  increasePerSecond?: number;
  /** At most one multiplicative cut per window, however many 429s arrive at once. */
  cutWindowMs?: number;
}

/** How long after a 429 the bucket still reports `rateLimitedRecently` (drives the UI hint). */
export const RATE_LIMITED_HINT_MS = 10_000;

const DEFAULT_INITIAL_RPS = 20;
const UNKNOWN_CEILING_GROWTH = 10;

export class AdaptiveTokenBucket {
  private readonly clock: Clock;
  private readonly initialRps: number;
  private readonly explicitMaxRps: number | undefined;
  private readonly minRps: number;
  private readonly decreaseFactor: number;
  private readonly explicitIncrease: number | undefined;
  private readonly cutWindowMs: number;

  private ceilingRpm: number | null = null;
  private maxRps = 0;
  private increasePerSecond = 0;
  private currentRps = 0;
  private tokens = 1; // start with a single token: no burst at start-up
  private lastRefillAt: number;
  private blockedUntil = -Infinity;
  private lastCutAt = -Infinity;
  private lastRateLimitedAt = -Infinity;
  private configuredRpm: number | null = null;
  private learnedRpm: number | null = null;
  private successesNow = 0;
  private successesPrev = 0;
  private successWindowStart: number;

  constructor(opts: AdaptiveTokenBucketOptions) {
    this.clock = opts.clock;
    this.initialRps = positive(opts.initialRequestsPerSecond, DEFAULT_INITIAL_RPS);
    this.explicitMaxRps = opts.maxRequestsPerSecond;
    this.minRps = positive(opts.minRequestsPerSecond, 0.1);
    this.decreaseFactor = opts.decreaseFactor ?? 0.5;
    if (!(this.decreaseFactor > 0 && this.decreaseFactor < 1)) throw new Error('decreaseFactor must be in (0, 1)');
    this.explicitIncrease = opts.increasePerSecond;
    this.cutWindowMs = opts.cutWindowMs ?? 2000;
    this.lastRefillAt = this.clock.now();
    this.successWindowStart = this.lastRefillAt;
    this.configuredRpm = normaliseCeiling(opts.maxRequestsPerMinute ?? null);
    this.applyCeiling(opts.maxRequestsPerMinute ?? null);
    this.currentRps = this.ceilingRpm === null ? Math.min(this.initialRps, this.maxRps) : this.maxRps;
  }

  /** Current admission rate in requests/second. */
  get rate(): number {
    return this.currentRps;
  }

  get maxRequestsPerMinute(): number | null {
    return this.ceilingRpm;
  }

  /** A 429 was reported, or a retry-after block is active, within the last RATE_LIMITED_HINT_MS. */
  get rateLimitedRecently(): boolean {
    const now = this.clock.now();
    return now < this.blockedUntil || now - this.lastRateLimitedAt < RATE_LIMITED_HINT_MS;
  }

  hasCapacity(): boolean {
    return this.msUntilAvailable() === 0;
  }

  tryTake(): boolean {
    if (!this.hasCapacity()) return false;
    this.tokens -= 1;
    return true;
  }

  msUntilAvailable(): number {
    const now = this.clock.now();
    if (now < this.blockedUntil) return this.blockedUntil - now;
    this.refill(now);
    if (this.tokens >= 1) return 0;
    return Math.max(1, Math.ceil(((1 - this.tokens) * 1000) / this.currentRps));
  }

  onSuccess(): void {
    const now = this.clock.now();
    this.countSuccess(now);
    // Successes of requests sent before a cut would otherwise undo it immediately.
    if (now - this.lastCutAt < this.cutWindowMs) return;
    this.refill(now);
    // Scaled by 1/rate so that one second's worth of successes adds `increasePerSecond`.
    const step = this.increasePerSecond / Math.max(this.currentRps, 1);
    this.setRate(Math.min(this.maxRps, this.currentRps + step));
  }

  onRateLimited(retryAfterMs?: number): void {
    const now = this.clock.now();
    this.refill(now);
    this.lastRateLimitedAt = now;
    if (now - this.lastCutAt >= this.cutWindowMs) {
      this.lastCutAt = now;
      // Cut from what the provider actually accepted lately, not from a nominal rate it never
      // honoured: otherwise an unknown ceiling far below the start rate takes many cuts to find.
      const accepted = this.acceptedRps(now);
      const from = accepted > 0 ? Math.min(this.currentRps, Math.max(accepted, this.minRps)) : this.currentRps;
      this.setRate(from * this.decreaseFactor);
    }
    if (retryAfterMs !== undefined && retryAfterMs > 0 && now + retryAfterMs > this.blockedUntil) {
      // Nothing before the block ends, then exactly one probe token; refill resumes from there.
      this.blockedUntil = now + retryAfterMs;
      this.tokens = 1;
      this.lastRefillAt = this.blockedUntil;
    }
  }

  /**
   * The provider advertised its limit (e.g. OpenAI's x-ratelimit-limit-requests, per minute).
   * Adopted as the ceiling unless a lower one is configured: the bucket then paces to it exactly
   * instead of probing for it with 429s.
   */
  learnLimit(requestsPerMinute: number): void {
    if (!(requestsPerMinute > 0) || requestsPerMinute === this.learnedRpm) return;
    this.learnedRpm = requestsPerMinute;
    const configured = this.configuredRpm;
    const effective = configured === null ? requestsPerMinute : Math.min(configured, requestsPerMinute);
    if (effective === this.ceilingRpm) return;
    this.refill(this.clock.now());
    this.applyCeiling(effective);
    this.setRate(Math.min(this.currentRps, this.maxRps));
  }

  /** The configured limit changed (provider connection edited). */
  setMaxRequestsPerMinute(maxRequestsPerMinute: number | null): void {
    this.configuredRpm = normaliseCeiling(maxRequestsPerMinute);
    if (this.learnedRpm !== null && (this.configuredRpm === null || this.learnedRpm < this.configuredRpm)) {
      maxRequestsPerMinute = this.learnedRpm;
    }
    if (normaliseCeiling(maxRequestsPerMinute) === this.ceilingRpm) return;
    this.refill(this.clock.now());
    const recentlyLimited = this.rateLimitedRecently;
    this.applyCeiling(maxRequestsPerMinute);
    // A raised limit takes effect at once unless the provider is pushing back right now.
    if (this.ceilingRpm !== null && !recentlyLimited) this.setRate(this.maxRps);
    else this.setRate(Math.min(this.currentRps, this.maxRps));
  }

  private applyCeiling(configured: number | null): void {
    const rpm = normaliseCeiling(configured);
    this.ceilingRpm = rpm;
    this.maxRps =
      rpm !== null ? rpm / 60 : positive(this.explicitMaxRps, this.initialRps * UNKNOWN_CEILING_GROWTH);
    this.maxRps = Math.max(this.maxRps, this.minRps);
    // With a known ceiling, climb back at 5 % of it per second. Without one, 1 request/s per
    // second: a fast climb from a guessed rate is exactly what trips an unknown limit again.
    this.increasePerSecond = this.explicitIncrease ?? (rpm !== null ? 0.05 * this.maxRps : 1);
  }

  private setRate(rps: number): void {
    this.currentRps = Math.max(this.minRps, rps);
    this.tokens = Math.min(this.tokens, this.capacity());
  }

  /** Burst size: one second's worth at the current rate, at least one request. */
  private capacity(): number {
    return Math.max(1, this.currentRps);
  }

  /** Successes per second over the last cut window (two half-window buckets). */
  private acceptedRps(now: number): number {
    this.countSuccess(now, 0);
    const span = Math.max(1, now - this.successWindowStart + this.cutWindowMs / 2);
    return ((this.successesPrev + this.successesNow) * 1000) / span;
  }

  private countSuccess(now: number, n = 1): void {
    const half = this.cutWindowMs / 2;
    if (now - this.successWindowStart >= half) {
      const steps = Math.floor((now - this.successWindowStart) / half);
      this.successesPrev = steps === 1 ? this.successesNow : 0;
      this.successesNow = 0;
      this.successWindowStart += steps * half;
    }
    this.successesNow += n;
  }

  private refill(now: number): void {
    const elapsed = now - this.lastRefillAt;
    if (elapsed <= 0) return; // also covers refill paused until a block ends
    this.tokens = Math.min(this.capacity(), this.tokens + (elapsed * this.currentRps) / 1000);
    this.lastRefillAt = now;
  }
}

/** 0, negative or NaN limits (e.g. an empty form field stored as 0) mean "no configured limit". */
function normaliseCeiling(rpm: number | null | undefined): number | null {
  return rpm !== null && rpm !== undefined && rpm > 0 ? rpm : null;
}

function positive(value: number | undefined, fallback: number): number {
  return value !== undefined && value > 0 ? value : fallback;
}

/** One shared bucket per provider connection id. */
export class TokenBucketRegistry {
  private readonly buckets = new Map<string, AdaptiveTokenBucket>();

  constructor(private readonly clock: Clock = systemClock) {}

  /** Returns the bucket for `key`, creating it with `opts` the first time only. */
  get(key: string, opts: Omit<AdaptiveTokenBucketOptions, 'clock'> = {}): AdaptiveTokenBucket {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = new AdaptiveTokenBucket({ ...opts, clock: this.clock });
      this.buckets.set(key, bucket);
    }
    return bucket;
  }

  /** Applies a changed configured limit to an existing bucket (no-op when absent or unchanged). */
  update(key: string, maxRequestsPerMinute: number | null): void {
    this.buckets.get(key)?.setMaxRequestsPerMinute(maxRequestsPerMinute);
  }

  has(key: string): boolean {
    return this.buckets.has(key);
  }

  delete(key: string): boolean {
    return this.buckets.delete(key);
  }
}
