import { describe, expect, it } from 'vitest';
import { FakeClock } from '../runner/clock';
import { DELAYED_RETRY_WINDOW_MS, delayedRetryDelayMs, delayedRetryExpired } from './delayed-retry';

const MIN = 60_000;

describe('delayed evaluation retries', () => {
  it('grow from 1 to 25 minutes without jitter', () => {
    const mid = () => 0.5;
    expect([1, 2, 3, 4, 5, 6, 7, 20].map((a) => delayedRetryDelayMs(a, { random: mid }) / MIN)).toEqual([1, 2, 4, 8, 16, 25, 25, 25]);
  });
  it('jitter stays within 1..25 minutes and actually varies', () => {
    const seen = new Set<number>();
    for (let a = 1; a < 10; a++) {
      for (const r of [0, 0.25, 0.99]) {
        const d = delayedRetryDelayMs(a, { random: () => r });
        expect(d).toBeGreaterThanOrEqual(MIN);
        expect(d).toBeLessThanOrEqual(25 * MIN);
        seen.add(d);
      }
    }
    expect(seen.size).toBeGreaterThan(10);
  });
  it('a fake clock walks the schedule until the 24 h cap ends it', () => {
    const clock = new FakeClock(1_000_000);
    const first = clock.now();
    const delays: number[] = [];
    for (let attempt = 1; ; attempt++) {
      const delay = delayedRetryDelayMs(attempt, { random: () => 0.5 });
      if (delayedRetryExpired(first, clock.now(), delay)) break;
      delays.push(delay);
      clock.advance(delay);
    }
    expect(delays.slice(0, 5)).toEqual([1, 2, 4, 8, 16].map((m) => m * MIN));
    expect(clock.now() - first).toBeLessThanOrEqual(DELAYED_RETRY_WINDOW_MS);
    expect(clock.now() - first + 25 * MIN).toBeGreaterThan(DELAYED_RETRY_WINDOW_MS);
    expect(delays.length).toBe(5 + Math.floor((DELAYED_RETRY_WINDOW_MS - 31 * MIN) / (25 * MIN)));
  });
  it('the unit can be shrunk for tests', () => {
    expect(delayedRetryDelayMs(3, { unitMs: 100, random: () => 0.5 })).toBe(400);
  });
});
