import { describe, expect, it } from 'vitest';
import { FakeClock } from './clock';
import { AdaptiveTokenBucket, RATE_LIMITED_HINT_MS, TokenBucketRegistry } from './token-bucket';

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
    const bucket = new AdaptiveTokenBucket({ clock, initialRequestsPerSecond: 1000, maxRequestsPerSecond: 1000 });
    // Two seconds of about 10 successes per second, then a 429.
    for (let i = 0; i < 20; i++) { clock.advance(100); bucket.onSuccess(); }
    bucket.onRateLimited();
    expect(bucket.rate).toBeGreaterThan(3);
    expect(bucket.rate).toBeLessThan(7);
  });

  it('climbs back slowly (1 request/s per second) when the ceiling is unknown', () => {
    const clock = new FakeClock();
    const bucket = new AdaptiveTokenBucket({ clock, initialRequestsPerSecond: 10, maxRequestsPerSecond: 1000 });
    bucket.onRateLimited();
    const after = bucket.rate;
    clock.advance(3000);
    for (let s = 0; s < 5; s++) {
      for (let i = 0; i < Math.round(bucket.rate); i++) { clock.advance(1000 / Math.round(bucket.rate)); bucket.onSuccess(); }
    }
    expect(bucket.rate - after).toBeGreaterThan(3);
    expect(bucket.rate - after).toBeLessThan(7);
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
