// Time source for the runner. Every time-dependent building block takes a Clock so that
// tests drive time explicitly (FakeClock) instead of sleeping or mocking Date.

export interface Clock {
  /** Milliseconds since the Unix epoch. */
  now(): number;
}

export const systemClock: Clock = { now: () => Date.now() };

/** A clock that only moves when told to. */
export class FakeClock implements Clock {
  private current: number;

  constructor(start = 0) {
    this.current = start;
  }

  now(): number {
    return this.current;
  }

  advance(ms: number): void {
    if (!(ms >= 0)) throw new Error(`FakeClock.advance needs a non-negative number, got ${ms}`);
    this.current += ms;
  }

  set(ms: number): void {
    this.current = ms;
  }
}
