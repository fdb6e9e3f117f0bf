import type { PgBoss } from 'pg-boss';
import type { Db } from '../lib/db/client';
import type { RunnerConfig } from '../lib/config';
import { sendJob } from '../lib/queue/boss';
import { deleteExpiredEphemeral, findOrphans, stopAbandonedEphemeral } from '../lib/runner/store';

/**
 * Periodic, jittered background duties: re-enqueue experiments whose owner went silent (orphan
 * scan, also at start-up), stop ephemeral runs whose page went away, delete expired ephemeral runs.
 */
export function startMaintenance(boss: PgBoss, db: Db, config: RunnerConfig) {
  let stopped = false;
  const timers: NodeJS.Timeout[] = [];
  const schedule = (fn: () => Promise<void>, baseMs: number, jitterMs: number, runNow: boolean) => {
    const tick = async () => {
      if (stopped) return;
      try { await fn(); } catch (err) { console.error('[worker] maintenance failed; will retry', err); }
      if (!stopped) timers.push(setTimeout(tick, baseMs + Math.random() * jitterMs));
    };
    timers.push(setTimeout(tick, runNow ? 0 : baseMs + Math.random() * jitterMs));
  };

  schedule(async () => {
    for (const experimentId of await findOrphans(db, config.staleClaimMs)) {
      console.log(`[worker] orphan scan: re-enqueueing experiment ${experimentId}`);
      await sendJob(boss, 'experiment-run', { experimentId });
    }
  }, config.orphanScanMs, config.orphanScanJitterMs, true);

  schedule(async () => {
    const n = await stopAbandonedEphemeral(db, config.ephemeralTimeoutMs);
    if (n) console.log(`[worker] stopped ${n} ephemeral experiment(s) whose page went away`);
  }, Math.min(5_000, config.ephemeralTimeoutMs / 2), 1_000, false);

  schedule(async () => {
    const n = await deleteExpiredEphemeral(db, config.ephemeralRetentionMs);
    if (n) console.log(`[worker] deleted ${n} expired ephemeral experiment(s)`);
  }, Math.min(10 * 60_000, Math.max(1_000, config.ephemeralRetentionMs / 4)), 5_000, true);

  return { stop() { stopped = true; for (const t of timers) clearTimeout(t); } };
}
