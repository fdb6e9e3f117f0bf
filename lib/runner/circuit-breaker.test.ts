import { describe, expect, it } from 'vitest';
import { CircuitBreaker } from './circuit-breaker';

describe('CircuitBreaker', () => {
  it('trips on the 5th consecutive failure, reporting it once', () => {
    const breaker = new CircuitBreaker();
    const results = [1, 2, 3, 4, 5, 6].map((n) => breaker.recordFailure(`error ${n}`));
    expect(results).toEqual([false, false, false, false, true, false]);
    expect(breaker.tripped).toBe(true);
    expect(breaker.consecutiveFailures).toBe(6);
    expect(breaker.lastReason).toBe('error 6');
  });

  it('resets the streak on one success', () => {
    const breaker = new CircuitBreaker();
    for (let i = 0; i < 4; i++) breaker.recordFailure('boom');
    breaker.recordSuccess();
    expect(breaker.consecutiveFailures).toBe(0);
    for (let i = 0; i < 4; i++) expect(breaker.recordFailure('boom')).toBe(false);
    expect(breaker.tripped).toBe(false);
    expect(breaker.recordFailure('boom')).toBe(true);
  });

  it('honours a custom threshold and can be reset', () => {
    const breaker = new CircuitBreaker({ threshold: 2 });
    expect(breaker.lastReason).toBeNull();
    breaker.recordFailure('a');
    expect(breaker.recordFailure('b')).toBe(true);
    breaker.recordSuccess();
    expect(breaker.tripped).toBe(true); // a success after tripping does not silently un-trip
    breaker.reset();
    expect(breaker.tripped).toBe(false);
    expect(breaker.consecutiveFailures).toBe(0);
    expect(breaker.lastReason).toBeNull();
    expect(() => new CircuitBreaker({ threshold: 0 })).toThrow();
  });
});
