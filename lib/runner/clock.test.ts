import { describe, expect, it } from 'vitest';
import { FakeClock, systemClock } from './clock';

describe('FakeClock', () => {
  it('starts at the given time and only moves when told', () => {
    const clock = new FakeClock(1000);
    expect(clock.now()).toBe(1000);
    expect(clock.now()).toBe(1000);
    clock.advance(250);
    expect(clock.now()).toBe(1250);
    clock.set(5);
    expect(clock.now()).toBe(5);
  });

  it('defaults to 0 and rejects moving backwards with advance', () => {
    const clock = new FakeClock();
    expect(clock.now()).toBe(0);
    expect(() => clock.advance(-1)).toThrow();
    expect(() => clock.advance(Number.NaN)).toThrow();
  });
});

describe('systemClock', () => {
  it('tracks Date.now', () => {
    const before = Date.now();
    const t = systemClock.now();
    expect(t).toBeGreaterThanOrEqual(before);
    expect(t).toBeLessThanOrEqual(Date.now());
  });
});
