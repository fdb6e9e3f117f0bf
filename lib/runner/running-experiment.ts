import type OpenAI from 'openai';
import { eq } from 'drizzle-orm';
import type { Db } from '../db/client';
import { experiments } from '../db/schema';
import { deferEvaluation, type ScheduleRetry } from '../evaluators/delayed-evaluation';
import type { RunnerConfig } from '../config';
import type { ExperimentConfig } from '../experiments/config';
import type { EvaluatorConfig } from '../evaluators/types';
import type { ProviderCredentials } from '../providers/connections';
import { openaiClient } from '../providers/client';
import { extractVariables } from '../prompts/template';
import type { Clock } from './clock';
import type { AdaptiveTokenBucket, TokenBucketRegistry } from './token-bucket';
import { CircuitBreaker } from './circuit-breaker';
import { WorkQueues } from './work-queues';
import type { Schedulable } from './fair-scheduler';
import { ItemPlanner, pendingEvaluationsPage, type PlannedTask } from './item-planner';
import { buildChatRequest, callChat } from './task-call';
import { isJudge, runEvaluator, type EvalSubject } from '../evaluators/run-evaluator';
import { classifyError, retryDelayMs, type ClassifiedError } from './retry-policy';
import { finishExperiment, LostClaimError, logErrors, markRateLimited, recordEvaluation, recordRun, type Fence } from './store';

export interface TaskWork { kind: 'task'; task: PlannedTask; attempt: number; transientRetries: number; rateLimitRetries: number; internalRetries: number }
export interface EvalWork {
  kind: 'eval'; runId: string; itemId: string; repetition: number; subject: EvalSubject; evaluator: EvaluatorConfig;
  firstAttemptAt?: number; attempt: number; transientRetries: number; rateLimitRetries: number; internalRetries: number;
}
export type Work = TaskWork | EvalWork;
export interface Job { experiment: RunningExperiment; work: Work }

export interface RunnerDeps {
  db: Db; config: RunnerConfig; clock: Clock; buckets: TokenBucketRegistry; workerId: string;
  wake: () => void;
  /** Called once when this experiment leaves the runner (finished, tripped, stopped or lost). */
  onRemoved: (id: string) => void;
  /** Enqueues the delayed pg-boss job of a DELAYED evaluation (the worker wires it to pg-boss). */
  scheduleEvaluationRetry?: ScheduleRetry;
}

interface Provider { creds: ProviderCredentials; client: OpenAI; bucket: AdaptiveTokenBucket }

const MAX_INTERNAL_RETRIES = 10;
/** A judge's rate limits are retried in the runner this often before the evaluation goes DELAYED. */
const EVAL_IN_RUNNER_RETRIES = 3;
const DELAYED_CHECK_MS = 2_000;
const RATE_LIMIT_MARK_EVERY_MS = 5_000;

/** One experiment while this worker owns it: its queues, breakers and outcome handling. */
export class RunningExperiment implements Schedulable<Job> {
  readonly id: string;
  private readonly queues = new WorkQueues<TaskWork, EvalWork>();
  private readonly taskBreaker = new CircuitBreaker({ threshold: 5 });
  private readonly evalBreaker = new CircuitBreaker({ threshold: 5 });
  private readonly planner: ItemPlanner;
  private readonly providers = new Map<string, Provider>();
  private readonly variables: string[];
  private inflight = 0;
  private active = true;
  private removed = false;
  private loading = false;
  private evalBacklog: { afterRunId?: string; exhausted: boolean };
  private lastRateLimitMark = -Infinity;
  private readonly secrets: string[];
  private readonly pausedEvaluators = new Map<string, string>();
  private finishCheck: NodeJS.Timeout | undefined;

  constructor(
    private readonly deps: RunnerDeps,
    readonly fence: Fence,
    private readonly exp: { datasetId: string; datasetVersion: Date; config: ExperimentConfig; firstRun: boolean },
    providers: ProviderCredentials[],
  ) {
    this.id = fence.experimentId;
    for (const creds of providers) {
      this.providers.set(creds.id, {
        creds,
        client: openaiClient(creds, { timeoutMs: deps.config.callTimeoutMs }),
        bucket: deps.buckets.get(creds.id, creds.requestsPerMinute
          ? { maxRequestsPerMinute: creds.requestsPerMinute }
          : { initialRequestsPerSecond: 1000, maxRequestsPerSecond: 1000 }),
      });
    }
    this.secrets = providers.map((p) => p.apiKey).filter((k) => k && k !== 'no-key');
    this.variables = extractVariables(exp.config.template.messages);
    this.planner = new ItemPlanner({
      db: deps.db, experimentId: this.id, datasetId: exp.datasetId, version: exp.datasetVersion,
      variables: this.variables, repetitions: exp.config.repetitions, batchSize: deps.config.taskBatchSize,
    });
    this.evalBacklog = { exhausted: exp.config.evaluators.length === 0 };
  }

  get isActive() { return this.active; }
  get inFlight() { return this.inflight; }

  /** Advisor-style: hands out work only when that work's provider bucket has capacity. */
  tryTakeReadyJob(): Job | null {
    if (!this.active) return null;
    const cap = this.exp.config.maxConcurrency;
    if (cap && this.inflight >= cap) return null;
    this.maybeLoadMore();
    const next = this.queues.takeNext(this.deps.clock.now(), (w) => this.bucketOf(w).hasCapacity());
    if (!next) return null;
    this.bucketOf(next.item).tryTake();
    this.inflight++;
    return { experiment: this, work: next.item };
  }

  /** Earliest time a retry becomes due (the runner sleeps until then when nothing else is ready). */
  nextRetryAt(): number | null { return this.queues.nextRetryAt(); }

  async execute(job: Job): Promise<void> {
    try {
      if (job.work.kind === 'task') await this.executeTask(job.work);
      else await this.executeEval(job.work);
    } catch (err) {
      if (err instanceof LostClaimError) this.stopLocally('lost the claim');
      else this.retryAfterInternalError(job.work, err);
    } finally {
      this.inflight--;
      this.deps.wake();
      await this.maybeFinish();
    }
  }

  /** Dispatch nothing more; in-flight calls finish and are recorded (fenced by the claim epoch). */
  stopLocally(reason: string) {
    if (!this.active) return;
    console.log(`[runner] experiment ${this.id}: stopping locally (${reason})`);
    this.active = false;
    this.queues.clear();
    this.remove();
  }

  private remove() {
    if (this.finishCheck) clearTimeout(this.finishCheck);
    if (this.removed) return;
    this.removed = true;
    this.deps.onRemoved(this.id);
  }

  // ---- planning ----

  async start() {
    await this.loadMore();
  }

  private maybeLoadMore() {
    if (this.loading || this.queues.pendingCount >= this.deps.config.taskBatchSize) return;
    if (this.planner.exhausted && this.evalBacklog.exhausted) return;
    void this.loadMore();
  }

  private async loadMore() {
    if (this.loading) return;
    this.loading = true;
    try {
      if (!this.evalBacklog.exhausted) await this.loadEvalBacklog();
      else if (!this.planner.exhausted) await this.loadTasks();
    } catch (err) {
      console.error(`[runner] experiment ${this.id}: planning failed, will retry`, err);
      await new Promise((r) => setTimeout(r, 1000));
    } finally {
      this.loading = false;
      this.deps.wake();
      await this.maybeFinish();
    }
  }

  private async loadTasks() {
    const page = await this.planner.nextPage();
    for (const task of page.tasks) this.queues.pushTask(newTaskWork(task));
    // Skipped items are logged once, on the experiment's first run, never silently.
    if (page.skipped.length && this.exp.firstRun) {
      await logErrors(this.deps.db, this.id, page.skipped.map((s) => ({
        source: 'system', kind: 'skipped_item', datasetItemId: s.item.id,
        message: `Item skipped: its input lacks ${s.missing.map((m) => `{{${m}}}`).join(', ')}`,
      })));
    }
  }

  private async loadEvalBacklog() {
    const evaluators = this.exp.config.evaluators;
    const page = await pendingEvaluationsPage(this.deps.db, {
      experimentId: this.id, evaluatorNames: evaluators.map((e) => e.name), variables: this.variables,
      afterRunId: this.evalBacklog.afterRunId, limit: this.deps.config.taskBatchSize,
    });
    this.evalBacklog = { afterRunId: page.lastRunId, exhausted: page.exhausted };
    for (const row of page.rows) {
      for (const name of row.evaluatorNames) {
        const evaluator = evaluators.find((e) => e.name === name)!;
        this.queues.pushEval(newEvalWork(row.runId, row.itemId, row.repetition, evaluator,
          { input: row.input, expected: row.expected, output: row.output }));
      }
    }
  }

  // ---- tasks ----

  private async executeTask(w: TaskWork) {
    const provider = this.providers.get(this.exp.config.providerConnectionId)!;
    const body = buildChatRequest(this.exp.config, w.task.vars);
    let outcome;
    try {
      outcome = await callChat(provider.client, body, {
        timeoutMs: this.deps.config.callTimeoutMs, responseSchema: this.exp.config.responseSchema,
        headers: { 'x-experiment-id': this.id },
      });
    } catch (err) {
      await this.onTaskError(w, classifyError(err, { knownSecrets: this.secrets }), body);
      return;
    }
    provider.bucket.onSuccess();
    this.taskBreaker.recordSuccess();
    const recorded = await recordRun(this.deps.db, this.fence, {
      datasetItemId: w.task.item.id, repetition: w.task.repetition, status: 'SUCCEEDED', attempts: w.attempt,
      output: outcome.output, latencyMs: outcome.latencyMs, promptTokens: outcome.promptTokens,
      completionTokens: outcome.completionTokens, request: outcome.request, response: outcome.response,
    });
    if (recorded && this.active) {
      for (const evaluator of this.exp.config.evaluators) {
        this.queues.pushEval(newEvalWork(recorded.runId, w.task.item.id, w.task.repetition, evaluator,
          { input: w.task.item.input, expected: w.task.item.expectedOutput, output: outcome.output }));
      }
    }
  }

  private async onTaskError(w: TaskWork, c: ClassifiedError, request: unknown) {
    const provider = this.providers.get(this.exp.config.providerConnectionId)!;
    if (c.kind === 'rate_limit') {
      if (c.limitRequestsPerMinute) provider.bucket.learnLimit(c.limitRequestsPerMinute);
      provider.bucket.onRateLimited(c.retryAfterMs);
      await this.markRateLimited();
      this.retryLater(w, retryDelayMs('rate_limit', ++w.rateLimitRetries, { retryAfterMs: c.retryAfterMs })!);
      return;
    }
    if (c.kind === 'transient') {
      const delay = retryDelayMs('transient', w.transientRetries + 1, { retryAfterMs: c.retryAfterMs, baseMs: this.deps.config.retryBaseMs });
      await this.log('task', c, w, delay === null ? 'giving up after 3 retries' : `retrying in ${(delay / 1000).toFixed(1)} s`);
      if (delay !== null) {
        w.transientRetries++;
        this.retryLater(w, delay);
        return;
      }
    } else {
      await this.log('task', c, w);
    }
    await recordRun(this.deps.db, this.fence, {
      datasetItemId: w.task.item.id, repetition: w.task.repetition, status: 'FAILED', attempts: w.attempt,
      error: c.message, request,
    });
    // A rejected key fails every item alike: stop at once rather than after five more calls.
    const tripped = this.taskBreaker.recordFailure(c.message) || (c.kind === 'auth' && c.status === 401);
    if (tripped) await this.trip(`Stopped after ${this.taskBreaker.consecutiveFailures} consecutive task failure(s): ${c.message}`);
  }

  // ---- evaluations ----

  private async executeEval(w: EvalWork) {
    const name = w.evaluator.name;
    if (this.pausedEvaluators.has(name)) return; // left unscored: a resume after the fix scores it
    const judgeProvider = isJudge(w.evaluator) ? this.providers.get(w.evaluator.providerConnectionId) : undefined;
    w.firstAttemptAt ??= this.deps.clock.now();
    const firstAttemptAt = new Date(w.firstAttemptAt);
    try {
      const result = await runEvaluator(w.evaluator, w.subject, judgeProvider && {
        client: judgeProvider.client, timeoutMs: this.deps.config.callTimeoutMs, headers: { 'x-experiment-id': this.id },
      });
      judgeProvider?.bucket.onSuccess();
      this.evalBreaker.recordSuccess();
      await recordEvaluation(this.deps.db, this.fence, {
        runId: w.runId, evaluatorName: name, status: 'COMPLETED', attempts: w.attempt, firstAttemptAt,
        score: result.score, label: result.label, explanation: result.explanation,
      });
    } catch (err) {
      if (err instanceof LostClaimError) throw err;
      await this.onEvalError(w, classifyError(err, { knownSecrets: this.secrets }), err, judgeProvider?.bucket);
    }
  }

  private async onEvalError(w: EvalWork, c: ClassifiedError, err: unknown, bucket: AdaptiveTokenBucket | undefined) {
    const name = w.evaluator.name;
    const source = `evaluator:${name}`;
    // Seed 003: a judge account problem pauses that evaluator for this experiment, not burns retries.
    if (c.kind === 'auth' && bucket) {
      if (!this.pausedEvaluators.has(name)) {
        const message = `Evaluator "${name}" paused: its provider refused the request (${c.status ? `HTTP ${c.status}: ` : ''}${c.message}). Fix the provider connection, then resume to score the remaining runs.`;
        this.pausedEvaluators.set(name, message);
        await logErrors(this.deps.db, this.id, [{ source, kind: 'auth', attempt: w.attempt, datasetItemId: w.itemId, message }]);
      }
      return;
    }
    if (c.kind === 'rate_limit' && bucket) {
      if (c.limitRequestsPerMinute) bucket.learnLimit(c.limitRequestsPerMinute);
      bucket.onRateLimited(c.retryAfterMs);
      await this.markRateLimited();
      if (++w.rateLimitRetries <= EVAL_IN_RUNNER_RETRIES) {
        this.retryLater(w, retryDelayMs('rate_limit', w.rateLimitRetries, { retryAfterMs: c.retryAfterMs })!);
        return;
      }
      await this.defer(w, c);
      return;
    }
    if (c.kind === 'transient' && bucket) {
      const delay = retryDelayMs('transient', w.transientRetries + 1, { retryAfterMs: c.retryAfterMs, baseMs: this.deps.config.retryBaseMs });
      await this.log(source, c, w, delay !== null ? `retrying in ${(delay / 1000).toFixed(1)} s` : 'delaying');
      if (delay !== null) {
        w.transientRetries++;
        this.retryLater(w, delay);
      } else {
        await this.defer(w, c);
      }
      return;
    }
    await this.log(source, c, w);
    await recordEvaluation(this.deps.db, this.fence, {
      runId: w.runId, evaluatorName: name, status: 'ERROR', attempts: w.attempt, firstAttemptAt: new Date(w.firstAttemptAt!),
      error: c.message, explanation: (err as { rawText?: string }).rawText ?? null,
    });
    if (this.evalBreaker.recordFailure(c.message)) {
      await this.trip(`Stopped after 5 consecutive evaluation failures: ${c.message}`);
    }
  }

  /** Keeps failing on 429/5xx: hand it to a delayed pg-boss job (DELAYED), the runner moves on. */
  private async defer(w: EvalWork, c: ClassifiedError) {
    const schedule = this.deps.scheduleEvaluationRetry;
    if (!schedule) throw new Error('No scheduler for delayed evaluations');
    await deferEvaluation(this.deps.db, this.fence, {
      runId: w.runId, evaluatorName: w.evaluator.name, delayedAttempt: 1, totalAttempts: w.attempt,
      firstAttemptAt: w.firstAttemptAt!, reason: c.message,
    }, schedule, { unitMs: this.deps.config.evalRetryUnitMs, windowMs: this.deps.config.evalRetryWindowMs, callTimeoutMs: this.deps.config.callTimeoutMs, now: () => this.deps.clock.now() });
  }

  // ---- shared ----

  private retryLater(w: Work, delayMs: number) {
    if (!this.active) return;
    w.attempt++;
    this.queues.scheduleRetry(w, w.kind, this.deps.clock.now() + delayMs);
  }

  private retryAfterInternalError(w: Work, err: unknown) {
    console.error(`[runner] experiment ${this.id}: internal error`, err);
    if (++w.internalRetries > MAX_INTERNAL_RETRIES) {
      // Left for the next resume or recovery: the planner finds it outstanding.
      void logErrors(this.deps.db, this.id, [{ source: 'system', kind: 'internal', message: 'internal error (see worker log); item left for resume', datasetItemId: itemOf(w) }]).catch(() => {});
      return;
    }
    this.retryLater(w, 2000);
  }

  private async markRateLimited() {
    const now = this.deps.clock.now();
    if (now - this.lastRateLimitMark < RATE_LIMIT_MARK_EVERY_MS) return;
    this.lastRateLimitMark = now;
    await markRateLimited(this.deps.db, [this.id]);
  }

  private async log(source: string, c: ClassifiedError, w: Work, note?: string) {
    await logErrors(this.deps.db, this.id, [{
      source, kind: c.kind, attempt: w.attempt, datasetItemId: itemOf(w),
      repetition: w.kind === 'task' ? w.task.repetition : w.repetition,
      message: `${c.status ? `HTTP ${c.status}: ` : ''}${c.message}${note ? ` (${note})` : ''}`,
    }]);
  }

  private async trip(reason: string) {
    if (!this.active) return;
    this.active = false;
    this.queues.clear();
    await logErrors(this.deps.db, this.id, [{ source: 'system', kind: 'circuit_breaker', message: reason }]);
    await finishExperiment(this.deps.db, this.fence, { status: 'ERROR', lastError: reason });
    this.remove();
  }

  private async maybeFinish() {
    if (!this.active || this.loading || this.inflight > 0 || !this.queues.isEmpty()) return;
    if (!this.planner.exhausted || !this.evalBacklog.exhausted) return;
    // Seed 003: RUNNING ("evaluations delayed") until every delayed evaluation has ended.
    const [row] = await this.deps.db.select({ delayed: experiments.evalsDelayed }).from(experiments).where(eq(experiments.id, this.id));
    if (row && row.delayed > 0) {
      if (!this.finishCheck) {
        this.finishCheck = setTimeout(() => { this.finishCheck = undefined; void this.maybeFinish(); }, DELAYED_CHECK_MS);
        this.finishCheck.unref();
      }
      return;
    }
    if (!this.active || this.inflight > 0 || !this.queues.isEmpty()) return;
    this.active = false;
    const paused = [...this.pausedEvaluators.values()];
    await finishExperiment(this.deps.db, this.fence, paused.length ? { status: 'ERROR', lastError: paused.join(' ') } : { status: 'COMPLETED' });
    this.remove();
  }

  private bucketOf(w: Work): AdaptiveTokenBucket | { hasCapacity(): boolean; tryTake(): boolean } {
    if (w.kind === 'task') return this.providers.get(this.exp.config.providerConnectionId)!.bucket;
    if (isJudge(w.evaluator)) return this.providers.get(w.evaluator.providerConnectionId)!.bucket;
    return ALWAYS;
  }
}

const ALWAYS = { hasCapacity: () => true, tryTake: () => true };

function itemOf(w: Work) { return w.kind === 'task' ? w.task.item.id : w.itemId; }

function newTaskWork(task: PlannedTask): TaskWork {
  return { kind: 'task', task, attempt: 1, transientRetries: 0, rateLimitRetries: 0, internalRetries: 0 };
}

function newEvalWork(runId: string, itemId: string, repetition: number, evaluator: EvaluatorConfig, subject: EvalSubject): EvalWork {
  return { kind: 'eval', runId, itemId, repetition, evaluator, subject, attempt: 1, transientRetries: 0, rateLimitRetries: 0, internalRetries: 0 };
}
