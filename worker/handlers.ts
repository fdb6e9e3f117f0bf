import type { PgBoss } from 'pg-boss';
import type { Db } from '../lib/db/client';
import type { RunnerConfig } from '../lib/config';
import { jobs, parseJobPayload, type JobName } from '../lib/queue/jobs';
import { sendJob } from '../lib/queue/boss';
import type { ExperimentRunner } from '../lib/runner/experiment-runner';
import { runDelayedEvaluation, type ScheduleRetry } from '../lib/evaluators/delayed-evaluation';
import { attemptDelivery, type ScheduleAttempt } from '../lib/webhooks/deliveries';
import { webhookConfig } from '../lib/webhooks/config';

type Handler = (data: unknown) => Promise<void>;

/** A DELAYED evaluation's next attempt is a new delayed job carrying its retry baggage. */
export function evaluationRetryScheduler(boss: PgBoss): ScheduleRetry {
  return async ({ evaluationId, attempt, firstAttemptAt, delayMs }, tx) => {
    await sendJob(boss, 'evaluation-retry', { evaluationId, attempt, firstAttemptAt }, { startAfter: new Date(Date.now() + delayMs), tx });
  };
}

/** A webhook delivery's next attempt is a job of its own, sent after the retry delay. */
export function webhookAttemptScheduler(boss: PgBoss): ScheduleAttempt {
  return async ({ deliveryId, attempt, delayMs }, tx) => {
    await sendJob(boss, 'webhook-delivery', { deliveryId, attempt }, { startAfter: new Date(Date.now() + delayMs), tx });
  };
}

/**
 * Every job name must have a handler: the `satisfies` makes a missing one a compile error.
 * Handlers are thin: parse the payload, call lib/.
 */
export function handlersFor(boss: PgBoss, runner: ExperimentRunner, db: Db, config: RunnerConfig) {
  const schedule = evaluationRetryScheduler(boss);
  const scheduleAttempt = webhookAttemptScheduler(boss);
  const webhooks = webhookConfig();
  return {
    // Claim and hand over to the in-process runner; the claim, not the job, tracks it from here.
    'experiment-run': async (data) => {
      const { experimentId } = parseJobPayload('experiment-run', data);
      await runner.claimAndRun(experimentId);
    },
    'evaluation-retry': async (data) => {
      const payload = parseJobPayload('evaluation-retry', data);
      await runDelayedEvaluation(db, payload, schedule, {
        unitMs: config.evalRetryUnitMs, windowMs: config.evalRetryWindowMs, callTimeoutMs: config.callTimeoutMs,
      });
    },
    'webhook-delivery': async (data) => {
      const payload = parseJobPayload('webhook-delivery', data);
      await attemptDelivery(db, payload, { config: webhooks, schedule: scheduleAttempt });
    },
  } satisfies Record<JobName, Handler>;
}

export async function registerHandlers(boss: PgBoss, runner: ExperimentRunner, db: Db, config: RunnerConfig) {
  const handlers = handlersFor(boss, runner, db, config);
  for (const name of Object.keys(handlers) as JobName[]) {
    await boss.createQueue(name, { ...jobs[name].queue });
    await boss.work(name, { batchSize: 1, pollingIntervalSeconds: 0.5, localConcurrency: 4 }, async (batch) => {
      for (const job of batch) await handlers[name](job.data);
    });
  }
}
