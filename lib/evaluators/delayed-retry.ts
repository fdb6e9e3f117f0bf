/**
 * An evaluation that keeps hitting rate limits or 5xx goes DELAYED and is retried by a
 * delayed pg-boss job, with a growing, jittered delay of 1 to 25 minutes, for at most 24 hours
 * from its first attempt; then it ends in ERROR.
 */
export const DELAYED_RETRY_WINDOW_MS = 24 * 3600_000;
const MIN_UNITS = 1;
const MAX_UNITS = 25;

/**
 * Delay before delayed attempt `attempt` (1-based): 1, 2, 4, 8, 16, 25, 25... units (a unit is a
 * minute; tests shrink it), with +-20 % jitter so a burst of delayed evaluations does not return
 * as a burst, always within [1, 25] units.
 */
export function delayedRetryDelayMs(attempt: number, opts: { unitMs?: number; random?: () => number } = {}): number {
  const unit = opts.unitMs ?? 60_000;
  const random = opts.random ?? Math.random;
  const base = Math.min(MAX_UNITS, MIN_UNITS * 2 ** Math.max(0, attempt - 1));
  const jittered = base * (0.8 + 0.4 * random());
  return Math.round(Math.min(MAX_UNITS, Math.max(MIN_UNITS, jittered)) * unit);
}

/** True when the next attempt would start past the 24 h window from the first attempt. */
export function delayedRetryExpired(firstAttemptAt: number, now: number, nextDelayMs = 0, windowMs = DELAYED_RETRY_WINDOW_MS): boolean {
  return now + nextDelayMs - firstAttemptAt > windowMs;
}
