import type { PgBoss } from 'pg-boss';
import type { Db } from '../lib/db/client';
import type { RunnerConfig } from '../lib/config';
import { sendJob } from '../lib/queue/boss';
import { deleteExpiredEphemeral, findOrphans, logErrors, stopAbandonedEphemeral } from '../lib/runner/store';
import { pruneDeadWorkers } from '../lib/runner/worker-registry';
import { reviveDelayedEvaluations, type ScheduleRetry } from '../lib/evaluators/delayed-evaluation';
import { pruneCallCache } from '../lib/runner/call-cache';
import { dispatchDueDeliveries, pruneDeliveries, type ScheduleAttempt } from '../lib/webhooks/deliveries';
import { webhookConfig } from '../lib/webhooks/config';

/**
 * Periodic, jittered background duties: hand experiments whose owner's lease ran out to a worker
 * (orphan scan, also at start-up), reschedule DELAYED evaluations whose retry job was lost, stop
 * ephemeral runs whose page went away, delete expired ephemeral runs, send webhook deliveries.
 */
export function startMaintenance(boss: PgBoss, db: Db, config: RunnerConfig, p: {
  schedule: ScheduleRetry;
  scheduleWebhookAttempt: ScheduleAttempt;
  /** When this worker's own heartbeat last failed (a database outage). */
  lastHeartbeatFailureAt: () => number;
}) {
  let stopped = false;
  let lastScanFailureAt = 0;
  const timers: NodeJS.Timeout[] = [];
  const every = (fn: () => Promise<void>, baseMs: number, jitterMs: number, runNow: boolean, onError?: () => void) => {
    const tick = async () => {
      if (stopped) return;
      try { await fn(); } catch (err) { onError?.(); console.error('[worker] maintenance failed; will retry', (err as Error).message); }
      if (!stopped) timers.push(setTimeout(tick, baseMs + Math.random() * jitterMs));
    };
    timers.push(setTimeout(tick, runNow ? 0 : baseMs + Math.random() * jitterMs));
  };

  every(async () => {
    // Right after a database outage every owner's lease looks stale because nobody could renew
    // it: give them one lease to renew before calling them dead.
    const lastOutage = Math.max(lastScanFailureAt, p.lastHeartbeatFailureAt());
    if (Date.now() - lastOutage < config.leaseMs) return;
    for (const experimentId of await findOrphans(db, config.leaseMs)) {
      console.log(`[worker] orphan scan: re-enqueueing experiment ${experimentId}`);
      await sendJob(boss, 'experiment-run', { experimentId });
    }
  }, config.orphanScanMs, config.orphanScanJitterMs, true, () => { lastScanFailureAt = Date.now(); });

  // Rows of killed workers: dead for ten leases, they are only clutter.
  every(async () => { await pruneDeadWorkers(db, 10 * config.leaseMs); }, Math.max(10_000, config.leaseMs), 2_000, false);

  every(async () => {
    const revived = await reviveDelayedEvaluations(db, p.schedule, { overdueMs: config.repairOverdueMs });
    for (const { experimentId, count } of revived) {
      const message = `Repaired: ${count} delayed evaluation(s) had no retry scheduled; rescheduled them`;
      console.warn(`[worker] experiment ${experimentId}: ${message}`);
      await logErrors(db, { experimentId, epoch: null }, [{ source: 'system', kind: 'repair', message }]);
    }
  }, config.repairScanMs, config.repairScanMs / 4, false);

  every(async () => {
    const n = await stopAbandonedEphemeral(db, config.ephemeralTimeoutMs);
    if (n) console.log(`[worker] stopped ${n} ephemeral experiment(s) whose page went away`);
  }, Math.min(5_000, config.ephemeralTimeoutMs / 2), 1_000, false);

  every(async () => {
    const n = await deleteExpiredEphemeral(db, config.ephemeralRetentionMs);
    if (n) console.log(`[worker] deleted ${n} expired ephemeral experiment(s)`);
  }, Math.min(10 * 60_000, Math.max(1_000, config.ephemeralRetentionMs / 4)), 5_000, true);

  every(async () => {
    const n = await pruneCallCache(db, config.callCacheMaxBytes);
    if (n) console.log(`[worker] call cache over its cap (CALL_CACHE_MAX_MB): evicted ${n} least recently used answer(s)`);
  }, 60_000, 10_000, false);

  // Webhook deliveries the trigger queued when an experiment ended get their job here (and ones
  // whose job or worker was lost get a new one).
  const webhooks = webhookConfig();
  every(async () => {
    await dispatchDueDeliveries(db, p.scheduleWebhookAttempt, { overdueMs: Math.max(60_000, 2 * webhooks.timeoutMs) });
  }, webhooks.scanMs, webhooks.scanMs / 4, true);

  every(async () => { await pruneDeliveries(db); }, 10 * 60_000, 60_000, false);

  return { stop() { stopped = true; for (const t of timers) clearTimeout(t); } };
}
