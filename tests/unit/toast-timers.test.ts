import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { createToastTimers } from '../../components/ui/toast-timers';

// The toasts' auto-dismiss clock, on a fake clock: what pauses it and what it resumes with.

let expired: (string | number)[];
let timers: ReturnType<typeof createToastTimers>;

beforeEach(() => {
  vi.useFakeTimers();
  expired = [];
  timers = createToastTimers((id) => expired.push(id));
});
afterEach(() => vi.useRealTimers());

describe('toast timers', () => {
  it('dismiss a toast once its time has run', () => {
    timers.start('a', 5_000);
    vi.advanceTimersByTime(4_999);
    expect(expired).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(expired).toEqual(['a']);
  });

  it('stand still while a toast holds keyboard focus, then go on with the time that was left', () => {
    timers.start('a', 5_000);
    vi.advanceTimersByTime(3_000);
    timers.hold('focus', true);
    vi.advanceTimersByTime(60_000);
    expect(expired).toEqual([]);
    timers.hold('focus', false);
    vi.advanceTimersByTime(1_999);
    expect(expired).toEqual([]);
    vi.advanceTimersByTime(1);
    expect(expired).toEqual(['a']);
  });

  it('stay held until every hold is let go (hover and focus together)', () => {
    timers.start('a', 1_000);
    timers.hold('hover', true);
    timers.hold('focus', true);
    timers.hold('hover', false);
    vi.advanceTimersByTime(10_000);
    expect(expired).toEqual([]);
    timers.hold('focus', false);
    vi.advanceTimersByTime(1_000);
    expect(expired).toEqual(['a']);
  });

  it('do not start a toast shown while the stack is held (a hidden tab) until it is let go', () => {
    timers.hold('hidden', true);
    timers.start('b', 1_000);
    vi.advanceTimersByTime(10_000);
    expect(expired).toEqual([]);
    timers.hold('hidden', false);
    vi.advanceTimersByTime(1_000);
    expect(expired).toEqual(['b']);
  });

  it('forget a toast closed by hand', () => {
    timers.start('a', 1_000);
    timers.start('b', 1_000);
    timers.clear('a');
    vi.advanceTimersByTime(1_000);
    expect(expired).toEqual(['b']);
  });
});
