/**
 * The worker process: consumes pg-boss jobs and runs experiments. Any number may run against one
 * database; they coordinate only through PostgreSQL (claims, heartbeats, pg-boss).
 */
import { createDb } from '../lib/db/client';
import { databaseUrl, runnerConfig } from '../lib/config';
import { startBoss, sendJob } from '../lib/queue/boss';
import { ExperimentRunner } from '../lib/runner/experiment-runner';
import { ExperimentEventListener, notifyExperiment } from '../lib/runner/notifications';
import { evaluationRetryScheduler, registerHandlers, webhookAttemptScheduler } from './handlers';
import { startMaintenance } from './maintenance';
import { exitUnlessAppSecretIsStrong } from '../lib/crypto/app-secret';

async function main() {
  exitUnlessAppSecretIsStrong('worker');
  const config = runnerConfig();
  const { db, sql } = createDb(databaseUrl(), { max: 20 });
  const boss = await startBoss(databaseUrl(), { supervise: true, schedule: true, max: 5 });
  const schedule = evaluationRetryScheduler(boss);
  const runner = new ExperimentRunner(db, config, { scheduleEvaluationRetry: schedule });
  runner.start();
  await runner.announce();
  // Its own connection: new work and stops are heard the moment they commit.
  const listener = new ExperimentEventListener({
    url: databaseUrl(), db, workerId: runner.workerId, checkEveryMs: config.heartbeatMs,
    onNotice: (e) => runner.onNotice(e),
    onListen: () => { runner.catchUp().catch((err) => console.error('[worker] catching up after (re)listening failed', (err as Error).message)); },
  });
  await listener.start();
  await registerHandlers(boss, runner, db, config);
  const maintenance = startMaintenance(boss, db, config, {
    schedule, scheduleWebhookAttempt: webhookAttemptScheduler(boss), lastHeartbeatFailureAt: () => runner.lastHeartbeatFailureAt,
  });
  console.log(`[worker] ${runner.workerId} ready (concurrency ${config.maxConcurrency})`);

  let stopping: Promise<void> | null = null;
  const shutdown = (signal: string) => {
    // Playwright and process groups may deliver the signal twice: stop once.
    stopping ??= (async () => {
      console.log(`[worker] ${signal}: finishing in-flight calls, handing experiments back`);
      maintenance.stop();
      await listener.close();
      await boss.offWork('experiment-run').catch(() => {});
      await boss.offWork('evaluation-retry').catch(() => {});
      await boss.offWork('webhook-delivery').catch(() => {});
      const released = await runner.close(10_000).catch((err) => { console.error('[worker] release failed', err); return []; });
      for (const experimentId of released) {
        await sendJob(boss, 'experiment-run', { experimentId }).catch(() => {});
        await notifyExperiment(db, { kind: 'queued', id: experimentId }).catch(() => {});
      }
      await boss.stop({ graceful: true, timeout: 5_000 }).catch(() => {});
      await sql.end({ timeout: 5 }).catch(() => {});
      console.log(`[worker] stopped (${released.length} experiment(s) handed back)`);
      process.exit(0);
    })();
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));
}

// Last line of defence: every experiment's failures are contained where they happen, so a stray
// rejection is a bug to log, not a reason to drop every other experiment's in-flight calls.
process.on('unhandledRejection', (err) => console.error('[worker] BUG: unhandled rejection (contained)', err));

main().catch((err) => {
  console.error('[worker] failed to start:', err instanceof Error ? err.message : err);
  process.exit(1);
});
