import { describe, expect, it } from 'vitest';
import { FakeClock } from './clock';
import { AdaptiveTokenBucket, RATE_LIMITED_HINT_MS, TokenBucketRegistry } from './token-bucket';
import { runModel } from './rate-limit-model';

/** Polls tryTake every `stepMs` for `durationMs` and returns the admission times. */
function drive(bucket: AdaptiveTokenBucket, clock: FakeClock, durationMs: number, stepMs = 1): number[] {
  const admitted: number[] = [];
  const end = clock.now() + durationMs;
  while (clock.now() < end) {
    while (bucket.tryTake()) admitted.push(clock.now());
    clock.advance(stepMs);
  }
  return admitted;
}

describe('AdaptiveTokenBucket', () => {
  it('admits at the configured rpm within a few percent, evenly', () => {
    const clock = new FakeClock(1_000_000);
    const bucket = new AdaptiveTokenBucket({ clock, maxRequestsPerMinute: 600 });
    expect(bucket.rate).toBeCloseTo(10);
    const admitted = drive(bucket, clock, 60_000);
    expect(admitted.length).toBeGreaterThanOrEqual(600 * 0.97);
    expect(admitted.length).toBeLessThanOrEqual(600 * 1.03);
    // Evenly: no single second sees more than the burst (~1 s worth) plus that second's refill.
    const perSecond = new Map<number, number>();
    for (const t of admitted) perSecond.set(Math.floor(t / 1000), (perSecond.get(Math.floor(t / 1000)) ?? 0) + 1);
    expect(Math.max(...perSecond.values())).toBeLessThanOrEqual(11);
  });

  it('does not burst at start-up and reports when the next token arrives', () => {
    const clock = new FakeClock();
    const bucket = new AdaptiveTokenBucket({ clock, maxRequestsPerMinute: 60 });
    expect(bucket.tryTake()).toBe(true);
    expect(bucket.hasCapacity()).toBe(false);
    expect(bucket.tryTake()).toBe(false);
    expect(bucket.msUntilAvailable()).toBe(1000);
    clock.advance(999);
    expect(bucket.hasCapacity()).toBe(false);
    clock.advance(1);
    expect(bucket.hasCapacity()).toBe(true);
    expect(bucket.hasCapacity()).toBe(true); // hasCapacity does not take
    expect(bucket.tryTake()).toBe(true);
    expect(bucket.tryTake()).toBe(false);
  });

  it('caps the burst at about one second of tokens', () => {
    const clock = new FakeClock();
    const bucket = new AdaptiveTokenBucket({ clock, maxRequestsPerMinute: 600 });
    clock.advance(60_000); // idle for a minute
    let burst = 0;
    while (bucket.tryTake()) burst++;
    expect(burst).toBe(10);
  });

  it('makes exactly one cut for 20 simultaneous 429s, and another only after the cut window', () => {
    const clock = new FakeClock();
    const bucket = new AdaptiveTokenBucket({ clock, maxRequestsPerMinute: 600, cutWindowMs: 2000 });
    for (let i = 0; i < 20; i++) bucket.onRateLimited();
    expect(bucket.rate).toBeCloseTo(5);
    clock.advance(1999);
    bucket.onRateLimited();
    expect(bucket.rate).toBeCloseTo(5);
    clock.advance(1);
    bucket.onRateLimited();
    expect(bucket.rate).toBeCloseTo(2.5);
  });

  it('hands out no token before retry-after, then one at that time', () => {
    const clock = new FakeClock();
    const bucket = new AdaptiveTokenBucket({ clock, maxRequestsPerMinute: 6000 });
    clock.advance(5000); // full burst available
    bucket.onRateLimited(3000);
    expect(bucket.hasCapacity()).toBe(false);
    expect(bucket.msUntilAvailable()).toBe(3000);
    clock.advance(2999);
    expect(bucket.tryTake()).toBe(false);
    expect(bucket.msUntilAvailable()).toBe(1);
    clock.advance(1);
    expect(bucket.tryTake()).toBe(true);
    expect(bucket.tryTake()).toBe(false); // no burst saved up during the block
  });

  it('a shorter retry-after does not shorten an existing block', () => {
    const clock = new FakeClock();
    const bucket = new AdaptiveTokenBucket({ clock, maxRequestsPerMinute: 600 });
    bucket.onRateLimited(5000);
    bucket.onRateLimited(1000);
    clock.advance(1000);
    expect(bucket.hasCapacity()).toBe(false);
    expect(bucket.msUntilAvailable()).toBe(4000);
  });

  it('climbs back on success, capped at the ceiling', () => {
    const clock = new FakeClock();
    const bucket = new AdaptiveTokenBucket({ clock, maxRequestsPerMinute: 600 });
    bucket.onRateLimited();
    expect(bucket.rate).toBeCloseTo(5);
    // Successes inside the cut window (requests sent before the cut) do not undo the cut.
    bucket.onSuccess();
    expect(bucket.rate).toBeCloseTo(5);
    clock.advance(2000);
    let previous = bucket.rate;
    for (let second = 0; second < 30; second++) {
      const admitted = drive(bucket, clock, 1000, 10);
      for (let i = 0; i < admitted.length; i++) bucket.onSuccess();
      expect(bucket.rate).toBeGreaterThanOrEqual(previous);
      previous = bucket.rate;
    }
    expect(bucket.rate).toBeCloseTo(10);
    for (let i = 0; i < 10_000; i++) bucket.onSuccess();
    expect(bucket.rate).toBe(10);
  });

  it('never drops below the floor', () => {
    const clock = new FakeClock();
    const bucket = new AdaptiveTokenBucket({ clock, maxRequestsPerMinute: 600, minRequestsPerSecond: 0.5 });
    for (let i = 0; i < 50; i++) {
      bucket.onRateLimited();
      clock.advance(2000);
    }
    expect(bucket.rate).toBe(0.5);
    // At the floor a token still arrives every 2 s.
    while (bucket.tryTake());
    expect(bucket.msUntilAvailable()).toBeLessThanOrEqual(2000);
  });

  it('without a ceiling starts at the initial rate and grows only to the bound', () => {
    const clock = new FakeClock();
    const bucket = new AdaptiveTokenBucket({ clock, initialRequestsPerSecond: 4 });
    expect(bucket.rate).toBe(4);
    for (let i = 0; i < 100_000; i++) bucket.onSuccess();
    expect(bucket.rate).toBe(40);
    const bounded = new AdaptiveTokenBucket({ clock, initialRequestsPerSecond: 4, maxRequestsPerSecond: 6 });
    for (let i = 0; i < 100_000; i++) bounded.onSuccess();
    expect(bounded.rate).toBe(6);
  });

  it('reports rate-limited for a while after a 429 or during a block', () => {
    const clock = new FakeClock();
    const bucket = new AdaptiveTokenBucket({ clock, maxRequestsPerMinute: 600 });
    expect(bucket.rateLimitedRecently).toBe(false);
    bucket.onRateLimited();
    expect(bucket.rateLimitedRecently).toBe(true);
    clock.advance(RATE_LIMITED_HINT_MS);
    expect(bucket.rateLimitedRecently).toBe(false);
    bucket.onRateLimited(30_000);
    clock.advance(RATE_LIMITED_HINT_MS + 1);
    expect(bucket.rateLimitedRecently).toBe(true);
  });

  it('applies a changed ceiling', () => {
    const clock = new FakeClock();
    const bucket = new AdaptiveTokenBucket({ clock, maxRequestsPerMinute: 600 });
    bucket.setMaxRequestsPerMinute(120);
    expect(bucket.rate).toBeCloseTo(2);
    bucket.setMaxRequestsPerMinute(1200);
    expect(bucket.rate).toBeCloseTo(20);
    bucket.setMaxRequestsPerMinute(null);
    expect(bucket.rate).toBeCloseTo(20); // unknown ceiling keeps the current rate
    expect(bucket.maxRequestsPerMinute).toBeNull();
    bucket.setMaxRequestsPerMinute(0); // 0 means "no configured limit", like null
    expect(bucket.maxRequestsPerMinute).toBeNull();
    expect(new AdaptiveTokenBucket({ clock, maxRequestsPerMinute: 0 }).rate).toBe(20);
  });
});

describe('AdaptiveTokenBucket without a configured limit', () => {
  it('adopts a limit the provider advertises, never above a configured one', () => {
    const clock = new FakeClock();
    const bucket = new AdaptiveTokenBucket({ clock, initialRequestsPerSecond: 1000, maxRequestsPerSecond: 1000 });
    bucket.learnLimit(600);
    expect(bucket.maxRequestsPerMinute).toBe(600);
    expect(bucket.rate).toBeCloseTo(10);
    const configured = new AdaptiveTokenBucket({ clock, maxRequestsPerMinute: 300 });
    configured.learnLimit(600);
    expect(configured.maxRequestsPerMinute).toBe(300);
    configured.setMaxRequestsPerMinute(null); // the configured limit is removed: the advertised one remains
    expect(configured.maxRequestsPerMinute).toBe(600);
  });

  it('cuts from the rate the provider actually accepted, not from a nominal rate far above it', () => {
    const clock = new FakeClock();
    const bucket = new AdaptiveTokenBucket({ clock, initialRequestsPerSecond: 1000, maxRequestsPerSecond: 1000, slowStart: false });
    // Two seconds of about 10 sends per second, all accepted, then a 429.
    for (let i = 0; i < 20; i++) { clock.advance(100); expect(bucket.tryTake()).toBe(true); }
    bucket.onRateLimited();
    expect(bucket.rate).toBeGreaterThan(6);
    expect(bucket.rate).toBeLessThan(10);
  });

  it('climbs back additively after a cut, by a small fraction of the rate it was cut from', () => {
    const clock = new FakeClock();
    const bucket = new AdaptiveTokenBucket({ clock, initialRequestsPerSecond: 10, maxRequestsPerSecond: 1000, slowStart: false });
    for (let i = 0; i < 20; i++) { clock.advance(100); bucket.tryTake(); }
    bucket.onRateLimited();
    const after = bucket.rate;
    expect(after).toBeCloseTo(8); // 0.8 x the accepted 10/s
    clock.advance(3000);
    for (let s = 0; s < 10; s++) {
      for (let i = 0; i < Math.round(bucket.rate); i++) { clock.advance(1000 / Math.round(bucket.rate)); bucket.onSuccess(); }
    }
    // 2 % of 10/s per second, for 10 s.
    expect(bucket.rate - after).toBeGreaterThan(1.5);
    expect(bucket.rate - after).toBeLessThan(2.5);
  });
});

describe('slow start against an unknown limit', () => {
  it('doubles per second of successes until the first 429, then halts the doubling for good', () => {
    const clock = new FakeClock();
    const bucket = new AdaptiveTokenBucket({ clock, initialRequestsPerSecond: 10, maxRequestsPerSecond: 1000 });
    expect(bucket.inSlowStart).toBe(true);
    for (let second = 0; second < 3; second++) {
      const admitted = drive(bucket, clock, 1000, 1);
      for (let i = 0; i < admitted.length; i++) bucket.onSuccess();
    }
    // 10 -> ~20 -> ~40 -> ~80 (each second's successes add one request/s each).
    expect(bucket.rate).toBeGreaterThan(60);
    expect(bucket.rate).toBeLessThan(90);
    const before = bucket.rate;
    bucket.onRateLimited();
    expect(bucket.inSlowStart).toBe(false);
    const cut = bucket.rate;
    expect(cut).toBeLessThan(before);
    clock.advance(1000);
    for (let i = 0; i < Math.round(cut); i++) bucket.onSuccess(); // about a second's worth
    expect(bucket.rate - cut).toBeLessThan(cut * 0.1); // additive now, not doubling
  });

  it('a known ceiling has no slow start', () => {
    const bucket = new AdaptiveTokenBucket({ clock: new FakeClock(), maxRequestsPerMinute: 600 });
    expect(bucket.inSlowStart).toBe(false);
    expect(bucket.rate).toBeCloseTo(10);
  });

  it('against an unlimited provider it runs at the full concurrency from the start', () => {
    const r = runModel({ items: 2000, concurrency: 20, latencyMs: 200, providerRpm: 0, bucket: { initialRequestsPerSecond: 100, maxRequestsPerSecond: 1000 } });
    expect(r.rateLimited).toBe(0);
    expect(r.makespanMs).toBeLessThan(2000 * 200 / 20 * 1.03);
  });

  it('against 600 rpm that says nothing (no headers, no retry-after): < 5 % answered 429 and within 10 % of N / rate', () => {
    const r = runModel({ items: 1000, concurrency: 20, latencyMs: 200, providerRpm: 600, bucket: { initialRequestsPerSecond: 100, maxRequestsPerSecond: 1000 } });
    expect(r.rateLimited / r.requests).toBeLessThan(0.05);
    expect(r.makespanMs).toBeLessThan(100_000 * 1.10);
  });

});

describe('shared budget hooks', () => {
  it('paces at its share of the provider-wide rate', () => {
    const clock = new FakeClock();
    const bucket = new AdaptiveTokenBucket({ clock, maxRequestsPerMinute: 600 });
    bucket.applyShared({ rate: 10, learnedRpm: null, learnedTpm: null, slowStart: false, cutAgeMs: null, share: 1 / 3 });
    expect(bucket.rate).toBeCloseTo(10 / 3);
    expect(bucket.providerRate).toBeCloseTo(10);
    clock.advance(10_000);
    const admitted = drive(bucket, clock, 30_000);
    expect(admitted.length).toBeGreaterThanOrEqual(100 * 0.97);
    expect(admitted.length).toBeLessThanOrEqual(100 * 1.03 + 4);
  });

  it('reports increases, a cut and demand since the last report, then resets them', () => {
    const clock = new FakeClock();
    const bucket = new AdaptiveTokenBucket({ clock, initialRequestsPerSecond: 10, maxRequestsPerSecond: 100, slowStart: false });
    expect(bucket.tryTake()).toBe(true);
    expect(bucket.tryTake()).toBe(false); // work waited: backlogged
    clock.advance(500);
    bucket.onSuccess();
    const first = bucket.takeReport();
    expect(first.increase).toBeGreaterThan(0);
    expect(first.cutTo).toBeNull();
    expect(first.backlogged).toBe(true);
    expect(first.usedRps).toBeCloseTo(2);
    bucket.onRateLimited();
    const second = bucket.takeReport();
    expect(second.cutTo).toBeCloseTo(bucket.providerRate);
    expect(second.increase).toBe(0);
    expect(second.backlogged).toBe(false);
  });

  it('adopts another worker\'s cut and learned limit, and does not cut again for the same 429s', () => {
    const clock = new FakeClock();
    const bucket = new AdaptiveTokenBucket({ clock, initialRequestsPerSecond: 100, maxRequestsPerSecond: 1000 });
    bucket.applyShared({ rate: 8, learnedRpm: null, learnedTpm: null, slowStart: false, cutAgeMs: 100, share: 0.5 });
    expect(bucket.inSlowStart).toBe(false);
    expect(bucket.rate).toBeCloseTo(4);
    bucket.onRateLimited(); // within the other worker's cut window
    expect(bucket.providerRate).toBeCloseTo(8);
    bucket.applyShared({ rate: 8, learnedRpm: 300, learnedTpm: null, slowStart: false, cutAgeMs: 5000, share: 0.5 });
    expect(bucket.maxRequestsPerMinute).toBe(300);
    expect(bucket.providerRate).toBeLessThanOrEqual(5);
  });

  it('keeps what changed during the round trip on top of the shared state', () => {
    const clock = new FakeClock();
    const bucket = new AdaptiveTokenBucket({ clock, initialRequestsPerSecond: 10, maxRequestsPerSecond: 100, slowStart: false });
    bucket.takeReport();
    for (let i = 0; i < 10; i++) bucket.onSuccess(); // while the sync was on its way
    const increase = bucket.providerRate - 10;
    bucket.applyShared({ rate: 20, learnedRpm: null, learnedTpm: null, slowStart: false, cutAgeMs: null, share: 1 });
    expect(bucket.providerRate).toBeCloseTo(20 + increase);
  });
});

describe('tokens per minute', () => {
  it('reserves an estimate before each call and waits while the pool is in debt', () => {
    const clock = new FakeClock();
    const bucket = new AdaptiveTokenBucket({ clock, maxRequestsPerMinute: 6000, maxTokensPerMinute: 60_000 }); // 1,000 tokens/s
    clock.advance(1000);
    expect(bucket.tryTake(800)).toBe(true);
    expect(bucket.tryTake(800)).toBe(true); // 200 left: allowed, into debt (-600)
    expect(bucket.hasCapacity()).toBe(false);
    expect(bucket.msUntilAvailable()).toBe(600);
    clock.advance(600);
    expect(bucket.tryTake(100)).toBe(true);
  });

  it('settles with the usage the provider returned, and refunds a refused call', () => {
    const clock = new FakeClock();
    const bucket = new AdaptiveTokenBucket({ clock, maxRequestsPerMinute: 6000, maxTokensPerMinute: 60_000 });
    clock.advance(1000);
    expect(bucket.tryTake(1500)).toBe(true); // pool -500
    expect(bucket.hasCapacity()).toBe(false);
    bucket.onSuccess({ estimated: 1500, used: 900 }); // 600 back: pool +100
    expect(bucket.hasCapacity()).toBe(true);
    expect(bucket.tryTake(1200)).toBe(true); // pool -1100
    bucket.refundTokens(1200);
    expect(bucket.hasCapacity()).toBe(true);
  });

  it('learns an advertised token limit; without any limit, estimates are ignored', () => {
    const clock = new FakeClock();
    const bucket = new AdaptiveTokenBucket({ clock, maxRequestsPerMinute: 6000 });
    clock.advance(1000);
    expect(bucket.tryTake(1_000_000)).toBe(true);
    expect(bucket.maxTokensPerMinute).toBeNull();
    bucket.learnTokenLimit(6000); // 100 tokens/s
    expect(bucket.maxTokensPerMinute).toBe(6000);
    expect(bucket.tryTake(300)).toBe(true);
    expect(bucket.msUntilAvailable()).toBe(2000);
  });
});

describe('TokenBucketRegistry', () => {
  it('shares one bucket per key, created once', () => {
    const clock = new FakeClock();
    const registry = new TokenBucketRegistry(clock);
    const a = registry.get('conn-a', { maxRequestsPerMinute: 600 });
    expect(registry.get('conn-a', { maxRequestsPerMinute: 60 })).toBe(a);
    expect(a.rate).toBeCloseTo(10);
    const b = registry.get('conn-b', { maxRequestsPerMinute: 60 });
    expect(b).not.toBe(a);
    a.onRateLimited();
    expect(b.rate).toBeCloseTo(1);
  });

  it('updates the ceiling of an existing bucket', () => {
    const registry = new TokenBucketRegistry(new FakeClock());
    const a = registry.get('conn-a', { maxRequestsPerMinute: 600 });
    registry.update('conn-a', 300);
    expect(a.rate).toBeCloseTo(5);
    registry.update('missing', 300); // no-op
    expect(registry.has('missing')).toBe(false);
    expect(registry.delete('conn-a')).toBe(true);
    expect(registry.get('conn-a', { maxRequestsPerMinute: 60 })).not.toBe(a);
  });
});

describe('slow start per round trip', () => {
  it('doubles per round trip when the latency is known, instead of per second', () => {
    const clock = new FakeClock(0);
    const perSecond = new AdaptiveTokenBucket({ clock, initialRequestsPerSecond: 100, maxRequestsPerSecond: 100_000 });
    const perRtt = new AdaptiveTokenBucket({ clock, initialRequestsPerSecond: 100, maxRequestsPerSecond: 100_000 });
    // One round trip (50 ms) of answers at 100/s: 5 successes.
    for (let i = 0; i < 5; i++) { perSecond.onSuccess(); perRtt.onSuccess(undefined, 50); }
    expect(perSecond.rate).toBeCloseTo(105);
    expect(perRtt.rate).toBeCloseTo(200);
  });
});
