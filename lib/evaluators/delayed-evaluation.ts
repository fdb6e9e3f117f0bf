import { eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { datasetItems, evaluations, experimentRuns, experiments } from '../db/schema';
import type { ExperimentConfig } from '../experiments/config';
import { getProviderCredentials } from '../providers/connections';
import { openaiClient } from '../providers/client';
import { classifyError } from '../runner/retry-policy';
import { logErrors, recordEvaluation, type Fence } from '../runner/store';
import { delayedRetryDelayMs, delayedRetryExpired } from './delayed-retry';
import { isJudge, runEvaluator } from './run-evaluator';

export type ScheduleRetry = (p: { evaluationId: string; attempt: number; firstAttemptAt: number; delayMs: number }) => Promise<void>;
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
  const row = await recordEvaluation(db, fence, { ...base, status: 'DELAYED', error: p.reason, nextRetryAt: new Date(now + delayMs) });
  if (row) await schedule({ evaluationId: row.id, attempt: p.delayedAttempt, firstAttemptAt: p.firstAttemptAt, delayMs });
  return 'DELAYED';
}

/** The `evaluation-retry` job: one more attempt at a DELAYED evaluation (seed 003). */
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
  // A stopped experiment makes no calls; the attempt waits (same attempt number) until it runs again.
  if (row.status !== 'RUNNING') {
    await schedule({ ...job, delayMs: cfg.unitMs });
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
    await recordEvaluation(db, unfenced, { runId: e.runId, evaluatorName: e.evaluatorName, status: 'COMPLETED', attempts, ...result });
  } catch (err) {
    const c = classifyError(err, { knownSecrets: [creds.apiKey] });
    if (c.internal) {
      await recordEvaluation(db, unfenced, { runId: e.runId, evaluatorName: e.evaluatorName, status: 'ERROR', attempts, error: 'internal error' });
      console.error('[evaluation-retry] internal error', err);
      throw err; // pg-boss retries the job
    }
    await logErrors(db, e.experimentId, [{ source, kind: c.kind, attempt: attempts, datasetItemId: row.itemId, message: `${c.status ? `HTTP ${c.status}: ` : ''}${c.message}` }]);
    if (c.kind === 'rate_limit' || c.kind === 'transient') {
      await deferEvaluation(db, unfenced, {
        runId: e.runId, evaluatorName: e.evaluatorName, delayedAttempt: job.attempt + 1, totalAttempts: attempts,
        firstAttemptAt: job.firstAttemptAt, reason: c.message,
      }, schedule, cfg);
    } else {
      await recordEvaluation(db, unfenced, {
        runId: e.runId, evaluatorName: e.evaluatorName, status: 'ERROR', attempts, error: c.message,
        explanation: (err as { rawText?: string }).rawText ?? null,
      });
    }
  }
}
