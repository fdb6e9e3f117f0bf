// Adaptive token bucket: one per provider connection in each worker, shared by every experiment
// using it there. It is an *advisor*: callers ask before sending and report 429s/successes
// afterwards. Under a known ceiling (configured, or advertised by the provider) it paces to it;
// under an unknown one it slow-starts (the rate doubles per second of successes) until the first
// 429, then runs AIMD: a multiplicative cut from the rate the provider actually accepted, and an
// additive climb back.
//
// Rates are *provider-wide*: with several workers the shared budget (shared-budget.ts) sets this
// worker's `share` of it, and merges the changes each worker reports (takeReport/applyShared).
import type { Clock } from './clock';
import { systemClock } from './clock';
import { AcceptedRate } from './accepted-rate';
import { TokenPool } from './token-pool';

export interface AdaptiveTokenBucketOptions {
  clock: Clock;
  /** Configured ceiling. null/undefined = unknown or unlimited. */
  maxRequestsPerMinute?: number | null;
  /** Configured tokens-per-minute ceiling (prompt + completion). null/undefined = none known. */
  maxTokensPerMinute?: number | null;
  /** Start rate when there is no ceiling (requests/second). */
  initialRequestsPerSecond?: number;
  /** Upper bound when there is no ceiling; defaults to 10x the initial rate. */
  maxRequestsPerSecond?: number;
  /** The rate never goes below this. */
  minRequestsPerSecond?: number;
  /** Multiplier applied on a cut under a known ceiling. */
  decreaseFactor?: number;
  /** Multiplier applied on a cut when the ceiling is unknown (from the accepted rate). */
  unknownDecreaseFactor?: number;
  /** Additive increase: requests/second gained per second's worth of successes. */
  increasePerSecond?: number;
  /** At most one multiplicative cut per window, however many 429s arrive at once. */
  cutWindowMs?: number;
  /** The same while the ceiling is unknown: shorter, so a start far above the limit is cut back within a second. */
  unknownCutWindowMs?: number;
  /** Without a known ceiling, double the rate per second of successes until the first 429. Default true. */
  slowStart?: boolean;
}

/** How long after a 429 the bucket still reports `rateLimitedRecently` (drives the UI hint). */
export const RATE_LIMITED_HINT_MS = 10_000;

const DEFAULT_INITIAL_RPS = 20;
const UNKNOWN_CEILING_GROWTH = 10;
/** Without a known ceiling, AIMD climbs back at this fraction (per second) of the rate it was cut from. */
const UNKNOWN_INCREASE_FRACTION = 0.02;

/** What this bucket changed since its last report; the shared budget merges it across workers. */
export interface BucketReport {
  /** Provider-wide rate as this worker sees it (requests/second). */
  rate: number;
  /** Upper bound of the provider-wide rate (the ceiling, or the unknown-ceiling bound). */
  maxRate: number;
  /** Sum of the increases made since the last report (requests/second). */
  increase: number;
  /** The rate a cut set since the last report, or null. */
  cutTo: number | null;
  learnedRpm: number | null;
  learnedTpm: number | null;
  /** Work waited on this bucket since the last report (this worker wants more than its share). */
  backlogged: boolean;
  /** Requests/second this worker sent since the last report. */
  usedRps: number;
}

/** The provider's shared state as read back from PostgreSQL. */
export interface SharedBudgetState {
  rate: number | null;
  learnedRpm: number | null;
  learnedTpm: number | null;
  slowStart: boolean;
  /** ms since the last cut by any worker (database clock), null if none. */
  cutAgeMs: number | null;
  /** This worker's fraction (0..1] of the provider-wide rate. */
  share: number;
}

export class AdaptiveTokenBucket {
  private readonly clock: Clock;
  private readonly initialRps: number;
  private readonly explicitMaxRps: number | undefined;
  private readonly minRps: number;
  private readonly decreaseFactor: number;
  private readonly unknownDecreaseFactor: number;
  private readonly explicitIncrease: number | undefined;
  private readonly knownCutWindowMs: number;
  private readonly unknownCutWindowMs: number;

  private ceilingRpm: number | null = null;
  private maxRps = 0;
  private increasePerSecond = 0;
  /** Provider-wide adaptive rate; this worker paces at `globalRps * share`. */
  private globalRps = 0;
  private share = 1;
  private slowStart: boolean;
  private tokens = 1; // start with a single token: no burst at start-up
  private lastRefillAt: number;
  private blockedUntil = -Infinity;
  private lastCutAt = -Infinity;
  private lastRateLimitedAt = -Infinity;
  private configuredRpm: number | null = null;
  private learnedRpm: number | null = null;
  private learnedAt = -Infinity;
  private readonly tpm: TokenPool;
  private readonly accepted: AcceptedRate;
  // Since the last report to the shared budget.
  private pendingIncrease = 0;
  private pendingCut: number | null = null;
  private backlogged = false;
  private takenSinceReport = 0;
  private reported = false;
  private reportedAt: number;
  private lastUsedAt = -Infinity;

  constructor(opts: AdaptiveTokenBucketOptions) {
    this.clock = opts.clock;
    this.initialRps = positive(opts.initialRequestsPerSecond, DEFAULT_INITIAL_RPS);
    this.explicitMaxRps = opts.maxRequestsPerSecond;
    this.minRps = positive(opts.minRequestsPerSecond, 0.1);
    this.decreaseFactor = opts.decreaseFactor ?? 0.5;
    this.unknownDecreaseFactor = opts.unknownDecreaseFactor ?? 0.8;
    for (const f of [this.decreaseFactor, this.unknownDecreaseFactor]) {
      if (!(f > 0 && f < 1)) throw new Error('decrease factors must be in (0, 1)');
    }
    this.explicitIncrease = opts.increasePerSecond;
    this.knownCutWindowMs = opts.cutWindowMs ?? 2000;
    this.unknownCutWindowMs = opts.unknownCutWindowMs ?? Math.min(500, this.knownCutWindowMs);
    this.slowStart = opts.slowStart ?? true;
    this.lastRefillAt = this.clock.now();
    this.accepted = new AcceptedRate(this.lastRefillAt);
    this.reportedAt = this.lastRefillAt;
    this.lastUsedAt = this.lastRefillAt; // a new bucket is about to be used: report it at once
    this.configuredRpm = normaliseCeiling(opts.maxRequestsPerMinute ?? null);
    this.tpm = new TokenPool(opts.maxTokensPerMinute ?? null);
    this.applyCeiling(opts.maxRequestsPerMinute ?? null);
    this.globalRps = this.ceilingRpm === null ? Math.min(this.initialRps, this.maxRps) : this.maxRps;
  }

  /** This worker's admission rate in requests/second. */
  get rate(): number {
    return Math.max(this.minRps, this.globalRps * this.share);
  }

  /** The provider-wide rate this worker's share is taken from. */
  get providerRate(): number {
    return this.globalRps;
  }

  get maxRequestsPerMinute(): number | null {
    return this.ceilingRpm;
  }

  get maxTokensPerMinute(): number | null {
    return this.tpm.limit;
  }

  /** Still doubling towards an unknown limit (no 429 yet). */
  get inSlowStart(): boolean {
    return this.slowStart && this.ceilingRpm === null;
  }

  /** A 429 was reported, or a retry-after block is active, within the last RATE_LIMITED_HINT_MS. */
  get rateLimitedRecently(): boolean {
    const now = this.clock.now();
    return now < this.blockedUntil || now - this.lastRateLimitedAt < RATE_LIMITED_HINT_MS;
  }

  /** Used (asked, sent or answered) within `ms`: the shared budget reports only buckets in use. */
  usedWithin(ms: number): boolean {
    return this.clock.now() - this.lastUsedAt < ms;
  }

  hasCapacity(): boolean {
    const free = this.msUntilAvailable() === 0;
    if (!free) this.backlogged = true;
    return free;
  }

  /** `estimatedTokens` is reserved from the tokens-per-minute pool when a limit is known. */
  tryTake(estimatedTokens = 0): boolean {
    if (!this.hasCapacity()) return false;
    const now = this.clock.now();
    this.tokens -= 1;
    this.tpm.reserve(estimatedTokens);
    this.accepted.onSend(now);
    this.takenSinceReport++;
    return true;
  }

  msUntilAvailable(): number {
    const now = this.clock.now();
    this.lastUsedAt = now;
    if (now < this.blockedUntil) return this.blockedUntil - now;
    this.refill(now);
    let wait = 0;
    if (this.tokens < 1) wait = Math.max(1, Math.ceil(((1 - this.tokens) * 1000) / this.rate));
    // A debt (a reservation larger than what was left) waits until the pool is back to zero.
    return Math.max(wait, this.tpm.msUntilFree());
  }

  /**
   * `tokens`: the call's reservation and what it actually used, to settle the tokens-per-minute pool.
   * `latencyMs`: how long the call took; in slow start the rate then doubles per round trip (as TCP's
   * window does), not per second, so a fast provider is not held back for seconds.
   */
  onSuccess(tokens?: { estimated: number; used: number | null }, latencyMs?: number): void {
    const now = this.clock.now();
    this.lastUsedAt = now;
    if (tokens) this.tpm.settle(tokens.estimated, tokens.used);
    // Successes of requests sent before a cut would otherwise undo it immediately.
    if (now - this.lastCutAt < this.cutWindowMs) return;
    this.refill(now);
    // Slow start: +1 request/s per success doubles the rate per second of successes (per round trip
    // when the latency is known: +1000/latency per success). After the
    // first cut (AIMD), one second's worth of successes (at the provider-wide rate) adds
    // `increasePerSecond`, however the successes are split between workers.
    const perRoundTrip = latencyMs !== undefined && latencyMs > 0 ? Math.max(1, 1000 / latencyMs) : 1;
    const step = this.inSlowStart ? perRoundTrip : this.increasePerSecond / Math.max(this.globalRps, 1);
    const next = Math.min(this.maxRps, this.globalRps + step);
    if (next > this.globalRps) this.pendingIncrease += next - this.globalRps;
    this.setRate(next);
  }

  /** A call sent with a reservation was answered 429: the provider counted none of its tokens. */
  refundTokens(estimatedTokens: number): void {
    this.tpm.refund(estimatedTokens);
  }

  onRateLimited(retryAfterMs?: number): void {
    const now = this.clock.now();
    this.lastUsedAt = now;
    this.refill(now);
    this.lastRateLimitedAt = now;
    this.accepted.onRefused(now);
    if (now - this.lastCutAt >= this.cutWindowMs) {
      this.lastCutAt = now;
      // Cut from what the provider actually accepted lately, not from a nominal rate it never
      // honoured: otherwise an unknown ceiling far below the start rate takes many cuts to find.
      const accepted = this.accepted.perSecond(now) / this.share;
      const from = accepted > 0 ? Math.min(this.globalRps, Math.max(accepted, this.minRps)) : this.globalRps;
      // A limit just learned (from this very 429's headers) is itself the correction: cut gently.
      const justLearned = now - this.learnedAt < this.knownCutWindowMs;
      const factor = this.ceilingRpm === null || justLearned ? this.unknownDecreaseFactor : this.decreaseFactor;
      this.slowStart = false;
      if (this.ceilingRpm === null && this.explicitIncrease === undefined) {
        this.increasePerSecond = Math.max(this.minRps, UNKNOWN_INCREASE_FRACTION * from);
      }
      this.setRate(from * factor);
      this.pendingCut = this.globalRps;
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
    this.learnedAt = this.clock.now();
    const effective = minOf(this.configuredRpm, requestsPerMinute);
    if (effective === this.ceilingRpm) return;
    const wasUnknown = this.ceilingRpm === null;
    this.refill(this.clock.now());
    this.applyCeiling(effective);
    // From an unknown limit, pace at the advertised one at once unless we are being cut back.
    const recentlyCut = this.clock.now() - this.lastCutAt < this.cutWindowMs;
    this.setRate(wasUnknown && !recentlyCut ? this.maxRps : Math.min(this.globalRps, this.maxRps));
  }

  /** The provider advertised its tokens-per-minute limit (x-ratelimit-limit-tokens). */
  learnTokenLimit(tokensPerMinute: number): void {
    this.refill(this.clock.now());
    this.tpm.learn(tokensPerMinute);
  }

  /** The configured limits changed (provider connection edited). */
  setMaxRequestsPerMinute(maxRequestsPerMinute: number | null, maxTokensPerMinute?: number | null): void {
    if (maxTokensPerMinute !== undefined) {
      this.refill(this.clock.now());
      this.tpm.setConfigured(maxTokensPerMinute);
    }
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
    else this.setRate(Math.min(this.globalRps, this.maxRps));
  }

  // ---- shared budget ----

  /** What changed since the last report; resets the accumulators. */
  takeReport(): BucketReport {
    const now = this.clock.now();
    const elapsed = Math.max(1, now - this.reportedAt);
    const report: BucketReport = {
      rate: this.globalRps, maxRate: this.maxRps, increase: this.pendingIncrease, cutTo: this.pendingCut,
      // A bucket just put to use is about to want its share: say so before the first call.
      learnedRpm: this.learnedRpm, learnedTpm: this.tpm.learnedLimit, backlogged: this.backlogged || !this.reported,
      usedRps: (this.takenSinceReport * 1000) / elapsed,
    };
    this.reported = true;
    this.pendingIncrease = 0;
    this.pendingCut = null;
    this.backlogged = false;
    this.takenSinceReport = 0;
    this.reportedAt = now;
    return report;
  }

  /**
   * Adopts the provider's shared state. Changes made here since `takeReport` (successes and cuts
   * during the round trip) are kept on top of it.
   */
  applyShared(s: SharedBudgetState): void {
    const now = this.clock.now();
    this.refill(now);
    if (s.learnedRpm !== null) this.learnLimit(s.learnedRpm);
    if (s.learnedTpm !== null) this.learnTokenLimit(s.learnedTpm);
    if (!s.slowStart) this.slowStart = false;
    // Another worker's cut: do not cut again for the same burst of 429s.
    if (s.cutAgeMs !== null && s.cutAgeMs < this.cutWindowMs) this.lastCutAt = Math.max(this.lastCutAt, now - s.cutAgeMs);
    this.share = Math.min(1, Math.max(0, s.share));
    this.tpm.setShare(this.share);
    if (s.rate !== null) {
      let rate = s.rate + this.pendingIncrease;
      if (this.pendingCut !== null) rate = Math.min(rate, this.pendingCut);
      this.setRate(Math.min(this.maxRps, rate));
    } else {
      this.setRate(this.globalRps);
    }
  }

  private get cutWindowMs(): number {
    return this.ceilingRpm === null ? this.unknownCutWindowMs : this.knownCutWindowMs;
  }

  private applyCeiling(configured: number | null): void {
    const rpm = normaliseCeiling(configured);
    this.ceilingRpm = rpm;
    this.maxRps =
      rpm !== null ? rpm / 60 : positive(this.explicitMaxRps, this.initialRps * UNKNOWN_CEILING_GROWTH);
    this.maxRps = Math.max(this.maxRps, this.minRps);
    // With a known ceiling, climb back at 5 % of it per second. Without one, a small fraction of
    // the rate last cut from (set at the cut): a fast climb is exactly what trips the limit again.
    this.increasePerSecond = this.explicitIncrease ?? (rpm !== null ? 0.05 * this.maxRps : 1);
  }

  private setRate(rps: number): void {
    this.globalRps = Math.max(this.minRps, rps);
    this.tokens = Math.min(this.tokens, this.capacity());
  }

  /** Burst size: one second's worth at this worker's rate, at least one request. */
  private capacity(): number {
    return Math.max(1, this.rate);
  }

  private refill(now: number): void {
    const elapsed = now - this.lastRefillAt;
    if (elapsed <= 0) return; // also covers refill paused until a block ends
    this.tokens = Math.min(this.capacity(), this.tokens + (elapsed * this.rate) / 1000);
    this.tpm.refill(elapsed);
    this.lastRefillAt = now;
  }
}

/** 0, negative or NaN limits (e.g. an empty form field stored as 0) mean "no configured limit". */
function normaliseCeiling(rpm: number | null | undefined): number | null {
  return rpm !== null && rpm !== undefined && rpm > 0 ? rpm : null;
}

function minOf(a: number | null, b: number | null): number | null {
  if (a === null) return b;
  if (b === null) return a;
  return Math.min(a, b);
}

function positive(value: number | undefined, fallback: number): number {
  return value !== undefined && value > 0 ? value : fallback;
}

/** One bucket per provider connection id in this worker. */
export class TokenBucketRegistry {
  private readonly buckets = new Map<string, AdaptiveTokenBucket>();

  /** `onCreate` tells the shared budget a provider came into use, so it syncs at once. */
  constructor(private readonly clock: Clock = systemClock, private readonly onCreate?: (key: string) => void) {}

  /** Returns the bucket for `key`, creating it with `opts` the first time only. */
  get(key: string, opts: Omit<AdaptiveTokenBucketOptions, 'clock'> = {}): AdaptiveTokenBucket {
    let bucket = this.buckets.get(key);
    if (!bucket) {
      bucket = new AdaptiveTokenBucket({ ...opts, clock: this.clock });
      this.buckets.set(key, bucket);
      this.onCreate?.(key);
    }
    return bucket;
  }

  /** Applies changed configured limits to an existing bucket (no-op when absent or unchanged). */
  update(key: string, maxRequestsPerMinute: number | null, maxTokensPerMinute?: number | null): void {
    this.buckets.get(key)?.setMaxRequestsPerMinute(maxRequestsPerMinute, maxTokensPerMinute);
  }

  has(key: string): boolean {
    return this.buckets.has(key);
  }

  delete(key: string): boolean {
    return this.buckets.delete(key);
  }

  entries(): IterableIterator<[string, AdaptiveTokenBucket]> {
    return this.buckets.entries();
  }
}
