/**
 * The auto-dismiss timers of the toasts, kept here rather than by sonner: sonner pauses its timers
 * while the pointer is over the stack (or after its Alt+T shortcut), but not while a toast holds
 * keyboard focus, so a keyboard user could lose a toast while reading it. Every timer stops while
 * anything holds the stack (hover, focus, a hidden tab) and goes on with the time it had left.
 */
export type ToastHold = 'hover' | 'focus' | 'hidden';
type ToastId = string | number;

interface Timer { left: number; since: number; handle?: ReturnType<typeof setTimeout> }

export function createToastTimers(expire: (id: ToastId) => void) {
  const timers = new Map<ToastId, Timer>();
  const holds = new Set<ToastHold>();

  const run = (id: ToastId, t: Timer) => {
    t.since = Date.now();
    t.handle = setTimeout(() => {
      timers.delete(id);
      expire(id);
    }, t.left);
  };
  const pause = (t: Timer) => {
    if (t.handle === undefined) return;
    clearTimeout(t.handle);
    t.handle = undefined;
    t.left = Math.max(0, t.left - (Date.now() - t.since));
  };
  const clear = (id: ToastId) => {
    const t = timers.get(id);
    if (t) pause(t);
    timers.delete(id);
  };

  return {
    /** Dismisses the toast after `ms` of time in which nothing held the stack. */
    start(id: ToastId, ms: number) {
      clear(id);
      const t: Timer = { left: ms, since: 0 };
      timers.set(id, t);
      if (holds.size === 0) run(id, t);
    },
    /** The toast went away by other means (closed by hand). */
    clear,
    hold(reason: ToastHold, on: boolean) {
      const wasHeld = holds.size > 0;
      if (on) holds.add(reason);
      else holds.delete(reason);
      const held = holds.size > 0;
      if (held === wasHeld) return;
      for (const [id, t] of timers) {
        if (held) pause(t);
        else run(id, t);
      }
    },
  };
}
