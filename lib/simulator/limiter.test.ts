import { describe, expect, it } from 'vitest';
import { TokenBucket } from './limiter';

function bucketWithClock(rpm: number) {
  const clock = { t: 0 };
  return { clock, bucket: new TokenBucket(rpm, () => clock.t) };
}

describe('TokenBucket', () => {
  it.each([600, 6000, 30, 7])('never refuses a client pacing exactly at %i rpm', (rpm) => {
    const { clock, bucket } = bucketWithClock(rpm);
    const interval = 60_000 / rpm;
    for (let i = 0; i < 500; i++) {
      clock.t = i * interval;
      expect(bucket.take().ok).toBe(true);
    }
  });

  it('allows about one second of burst, then the refill rate', () => {
    const { clock, bucket } = bucketWithClock(600);
    let ok = 0;
    for (let i = 0; i < 100; i++) {
      clock.t = i * 50; // twice the allowed rate, for 5 s
      if (bucket.take().ok) ok++;
    }
    // 10 of burst + 10/s over the ~5 s that elapsed
    expect(ok).toBeGreaterThanOrEqual(58);
    expect(ok).toBeLessThanOrEqual(61);
  });

  it('tells how long until the next token', () => {
    const { clock, bucket } = bucketWithClock(600);
    for (let i = 0; i < 10; i++) expect(bucket.take().ok).toBe(true);
    expect(bucket.take()).toEqual({ ok: false, retryAfterMs: 100 });
    clock.t = 60;
    expect(bucket.take()).toEqual({ ok: false, retryAfterMs: 40 });
    clock.t = 100;
    expect(bucket.take().ok).toBe(true);
  });

  it('keeps a capacity of at least one request below 60 rpm', () => {
    const { bucket } = bucketWithClock(6);
    expect(bucket.take().ok).toBe(true);
    expect(bucket.take()).toEqual({ ok: false, retryAfterMs: 10_000 });
  });
});
