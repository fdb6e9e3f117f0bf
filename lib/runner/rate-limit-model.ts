// A discrete-time model of one worker against the simulator's limiter, on a fake clock: used by the
// bucket's unit tests to check slow start / AIMD end to end without a network or timing.
import { FakeClock } from './clock';
import { AdaptiveTokenBucket, type AdaptiveTokenBucketOptions } from './token-bucket';
import { TokenBucket as ProviderLimiter } from '../simulator/limiter';

export interface ModelRun { makespanMs: number; requests: number; rateLimited: number; firstTenSeconds: { requests: number; rateLimited: number } }

/**
 * `items` calls through one bucket with `concurrency` slots, `latencyMs` per answer, against a
 * provider limiting at `providerRpm` (0 = none) that answers 429 at once, without retry-after.
 * A 429 retries after `retryMs`.
 */
export function runModel(opts: {
  items: number; concurrency: number; latencyMs: number; providerRpm: number; retryMs?: number;
  bucket?: Omit<AdaptiveTokenBucketOptions, 'clock'>;
}): ModelRun {
  const clock = new FakeClock(0);
  const bucket = new AdaptiveTokenBucket({ clock, ...opts.bucket });
  const limiter = opts.providerRpm > 0 ? new ProviderLimiter(opts.providerRpm, () => clock.now()) : null;
  const retryMs = opts.retryMs ?? 1000;
  // Pending events: [time, kind]
  const events: { at: number; ok: boolean }[] = [];
  const retries: number[] = [];
  let waiting = opts.items;
  let inflight = 0;
  let done = 0;
  let requests = 0;
  let rateLimited = 0;
  const early = { requests: 0, rateLimited: 0 };
  while (done < opts.items) {
    const now = clock.now();
    for (let i = events.length - 1; i >= 0; i--) {
      if (events[i].at > now) continue;
      const e = events.splice(i, 1)[0];
      inflight--;
      if (e.ok) { done++; bucket.onSuccess(); } else { bucket.onRateLimited(); retries.push(now + retryMs); }
    }
    for (let i = retries.length - 1; i >= 0; i--) if (retries[i] <= now) { retries.splice(i, 1); waiting++; }
    while (waiting > 0 && inflight < opts.concurrency && bucket.tryTake()) {
      waiting--;
      inflight++;
      requests++;
      const ok = limiter ? limiter.take().ok : true;
      if (!ok) rateLimited++;
      if (now < 10_000) { early.requests++; if (!ok) early.rateLimited++; }
      events.push({ at: now + (ok ? opts.latencyMs : 1), ok });
    }
    clock.advance(1);
    if (now > 3_600_000) throw new Error('model did not finish in an hour');
  }
  return { makespanMs: clock.now(), requests, rateLimited, firstTenSeconds: early };
}
