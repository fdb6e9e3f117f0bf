import { and, eq, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/client';
import { datasetItems, evaluations, experimentRuns, experiments } from '../db/schema';
import type { ExperimentConfig } from '../experiments/config';
import { getProviderCredentials } from '../providers/connections';
import { openaiClient } from '../providers/client';
import { classifyError } from '../runner/retry-policy';
import { logErrors, recordEvaluation, type Fence } from '../runner/store';
import { delayedRetryDelayMs, delayedRetryExpired } from './delayed-retry';
import { isJudge, runEvaluator } from './run-evaluator';
import type { LlmJudgeConfig } from './types';
import { findModelPrice, priceKey } from '../costs/prices';
import { charged } from '../costs/charge';
import { usageOfError, type CallUsage } from '../costs/usage';

/** Enqueues the next attempt's job; with `tx`, inside the caller's transaction (row and job commit together). */
export type ScheduleRetry = (p: { evaluationId: string; attempt: number; firstAttemptAt: number; delayMs: number }, tx?: DbOrTx) => Promise<void>;
export interface DelayedConfig { unitMs: number; windowMs: number; callTimeoutMs: number; now?: () => number }

/**
 * Sets an evaluation DELAYED and schedules its next attempt (a new delayed job), or ends it in
 * ERROR once the next attempt would fall past the 24 h window from the first one.
 */
export async function deferEvaluation(db: Db, fence: Fence | { experimentId: string; epoch: null }, p: {
  runId: string; evaluatorName: string; delayedAttempt: number; totalAttempts: number; firstAttemptAt: number; reason: string;
}, schedule: ScheduleRetry, cfg: DelayedConfig): Promise<'DELAYED' | 'ERROR'> {
  const now = cfg.now?.() ?? Date.now();
  const delayMs = delayedRetryDelayMs(p.delayedAttempt, { unitMs: cfg.unitMs });
  const base = { runId: p.runId, evaluatorName: p.evaluatorName, attempts: p.totalAttempts, firstAttemptAt: new Date(p.firstAttemptAt) };
  if (delayedRetryExpired(p.firstAttemptAt, now, delayMs, cfg.windowMs)) {
    await recordEvaluation(db, fence, { ...base, status: 'ERROR', error: `Gave up after retrying for ${Math.round(cfg.windowMs / 3600_000)} h: ${p.reason}` });
    return 'ERROR';
  }
  // One transaction: a DELAYED row always has its job (nothing can leave it waiting forever).
  await db.transaction(async (tx) => {
    const row = await recordEvaluation(tx, fence, { ...base, status: 'DELAYED', error: p.reason, nextRetryAt: new Date(now + delayMs) });
    if (row) await schedule({ evaluationId: row.id, attempt: p.delayedAttempt, firstAttemptAt: p.firstAttemptAt, delayMs }, tx);
  });
  return 'DELAYED';
}

/** The `evaluation-retry` job: one more attempt at a DELAYED evaluation. */
export async function runDelayedEvaluation(db: Db, job: { evaluationId: string; attempt: number; firstAttemptAt: number }, schedule: ScheduleRetry, cfg: DelayedConfig) {
  const [row] = await db.select({
    evaluation: evaluations, output: experimentRuns.output, input: datasetItems.input, expected: datasetItems.expectedOutput,
    config: experiments.config, status: experiments.status, itemId: datasetItems.id,
  }).from(evaluations)
    .innerJoin(experimentRuns, eq(experimentRuns.id, evaluations.runId))
    .innerJoin(datasetItems, eq(datasetItems.id, experimentRuns.datasetItemId))
    .innerJoin(experiments, eq(experiments.id, evaluations.experimentId))
    .where(eq(evaluations.id, job.evaluationId));
  // Gone, already settled, or overtaken by a newer attempt: nothing to do.
  if (!row || row.evaluation.status !== 'DELAYED') return;
  // Resumed but not yet claimed: try again shortly. Stopped or ended: the job ends and the
  // evaluation is parked (no next_retry_at); the next claim revives it (reviveDelayedEvaluations).
  if (row.status === 'QUEUED') {
    await schedule({ ...job, delayMs: Math.min(cfg.unitMs, 10_000) });
    return;
  }
  if (row.status !== 'RUNNING') {
    await db.update(evaluations).set({ nextRetryAt: null }).where(and(eq(evaluations.id, row.evaluation.id), eq(evaluations.status, 'DELAYED')));
    return;
  }

  const e = row.evaluation;
  const unfenced = { experimentId: e.experimentId, epoch: null };
  const source = `evaluator:${e.evaluatorName}`;
  const evaluator = (row.config as ExperimentConfig).evaluators.find((x) => x.name === e.evaluatorName);
  if (!evaluator || !isJudge(evaluator)) {
    await recordEvaluation(db, unfenced, { runId: e.runId, evaluatorName: e.evaluatorName, status: 'ERROR', attempts: e.attempts, error: 'The evaluator was removed from the experiment' });
    return;
  }
  const creds = await getProviderCredentials(db, evaluator.providerConnectionId);
  if (!creds) {
    await recordEvaluation(db, unfenced, { runId: e.runId, evaluatorName: e.evaluatorName, status: 'ERROR', attempts: e.attempts, error: "The evaluator's provider connection no longer exists" });
    return;
  }
  const attempts = e.attempts + 1;
  try {
    const result = await runEvaluator(evaluator, { input: row.input, expected: row.expected, output: row.output }, {
      client: openaiClient(creds, { timeoutMs: cfg.callTimeoutMs }), timeoutMs: cfg.callTimeoutMs, headers: { 'x-experiment-id': e.experimentId },
    });
    await recordEvaluation(db, unfenced, {
      runId: e.runId, evaluatorName: e.evaluatorName, status: 'COMPLETED', attempts,
      score: result.score, label: result.label, explanation: result.explanation, ...await judgeCharge(db, evaluator, result.usage),
    });
  } catch (err) {
    const c = classifyError(err, { knownSecrets: [creds.apiKey] });
    if (c.internal) {
      await recordEvaluation(db, unfenced, { runId: e.runId, evaluatorName: e.evaluatorName, status: 'ERROR', attempts, error: 'internal error' });
      console.error('[evaluation-retry] internal error', err);
      throw err; // pg-boss retries the job
    }
    await logErrors(db, unfenced, [{ source, kind: c.kind, attempt: attempts, datasetItemId: row.itemId, message: `${c.status ? `HTTP ${c.status}: ` : ''}${c.message}` }]);
    if (c.kind === 'rate_limit' || c.kind === 'transient') {
      await deferEvaluation(db, unfenced, {
        runId: e.runId, evaluatorName: e.evaluatorName, delayedAttempt: job.attempt + 1, totalAttempts: attempts,
        firstAttemptAt: job.firstAttemptAt, reason: c.message,
      }, schedule, cfg);
    } else {
      await recordEvaluation(db, unfenced, {
        runId: e.runId, evaluatorName: e.evaluatorName, status: 'ERROR', attempts, error: c.message,
        explanation: (err as { rawText?: string }).rawText ?? null, ...await judgeCharge(db, evaluator, usageOfError(err)),
      });
    }
  }
}

/**
 * Sends a new retry job for DELAYED evaluations of RUNNING experiments that have none: parked ones
 * (their experiment was stopped; next_retry_at is null) and ones whose job should have run
 * `overdueMs` ago but did not. Row and job change in one transaction. Returns how many.
 */
export async function reviveDelayedEvaluations(db: Db, schedule: ScheduleRetry, p: { experimentId?: string; overdueMs: number }): Promise<{ experimentId: string; count: number }[]> {
  return db.transaction(async (tx) => {
    const rows = await tx.execute<{ id: string; experiment_id: string; first_attempt_at: Date | string | null }>(sql`
      update evaluations e set next_retry_at = now()
      from experiments x
      where x.id = e.experiment_id and x.status = 'RUNNING' and e.status = 'DELAYED'
        ${p.experimentId ? sql`and e.experiment_id = ${p.experimentId}` : sql``}
        and (e.next_retry_at is null or e.next_retry_at < now() - make_interval(secs => ${p.overdueMs / 1000}))
      returning e.id, e.experiment_id, e.first_attempt_at`);
    const perExperiment = new Map<string, number>();
    for (const r of rows) {
      const first = r.first_attempt_at ? new Date(r.first_attempt_at).getTime() : Date.now();
      await schedule({ evaluationId: r.id, attempt: 1, firstAttemptAt: first, delayMs: 0 }, tx);
      perExperiment.set(r.experiment_id, (perExperiment.get(r.experiment_id) ?? 0) + 1);
    }
    return [...perExperiment].map(([experimentId, count]) => ({ experimentId, count }));
  });
}

/** A delayed retry owns no claim-time price map: it is charged at the judge model's price of now. */
async function judgeCharge(db: Db, evaluator: LlmJudgeConfig, usage: CallUsage | null | undefined) {
  if (!usage) return {};
  const price = await findModelPrice(db, evaluator.providerConnectionId, evaluator.model);
  return charged(new Map([[priceKey(evaluator.providerConnectionId, evaluator.model), price]]), evaluator.providerConnectionId, evaluator.model, usage);
}
