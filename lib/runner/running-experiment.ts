import type OpenAI from 'openai';
import type { Db } from '../db/client';
import { deferEvaluation, type ScheduleRetry } from '../evaluators/delayed-evaluation';
import type { RunnerConfig } from '../config';
import type { ExperimentConfig } from '../experiments/config';
import type { EvaluatorConfig } from '../evaluators/types';
import type { ProviderCredentials } from '../providers/connections';
import { openaiClient } from '../providers/client';
import { extractVariables } from '../prompts/template';
import type { Clock } from './clock';
import type { AdaptiveTokenBucket, TokenBucketRegistry } from './token-bucket';
import { estimateJudgeTokens, estimateTaskTokens, templateChars, usedTokens } from './token-estimate';
import { CircuitBreaker } from './circuit-breaker';
import { WorkQueues } from './work-queues';
import type { Schedulable } from './fair-scheduler';
import { ItemPlanner, pendingEvaluationsPage, type PlannedTask } from './item-planner';
import { buildChatRequest, callChat } from './task-call';
import { isJudge, runEvaluator, type EvalSubject } from '../evaluators/run-evaluator';
import { classifyError, retryDelayMs, type ClassifiedError } from './retry-policy';
import { finishExperiment, LostClaimError, logErrors, markRateLimited, completionState, recordEvaluation, recordRuns, type ErrorEntry, type Fence, type RunResult } from './store';
import { BatchWriter } from './batch-writer';
import { callCacheKey, lookupCachedAnswers, usesCallCache, type CachedAnswer } from './call-cache';
import { isTransientDbError } from '../db/transient-errors';
import { LIMITS } from '../limits';
import { charged, type PriceMap } from '../costs/charge';
import { ExperimentBudget, type BudgetShare } from './experiment-budget';
import { priceKey } from '../costs/prices';
import { usageOfError, type CallUsage } from '../costs/usage';
import { experimentVariants, variantConfig, type ResolvedVariant } from '../experiments/variants';

export interface TaskWork extends BudgetShare {
  kind: 'task'; task: PlannedTask; attempt: number; transientRetries: number; rateLimitRetries: number; internalRetries: number;
  /** Set when the call may be answered from the call cache; `cached` when it was found there. */
  cacheKey?: string; cached?: CachedAnswer;
}
export interface EvalWork extends BudgetShare {
  kind: 'eval'; runId: string; itemId: string; repetition: number; subject: EvalSubject; evaluator: EvaluatorConfig;
  firstAttemptAt?: number; attempt: number; transientRetries: number; rateLimitRetries: number; internalRetries: number;
}
export type Work = TaskWork | EvalWork;
export interface Job {
  experiment: RunningExperiment; work: Work;
  /** Frees the job's concurrency slot: called as soon as its call has an answer (its write may still be pending). Idempotent. */
  release: () => void;
}

export interface RunnerDeps {
  db: Db; config: RunnerConfig; clock: Clock; buckets: TokenBucketRegistry; workerId: string;
  wake: () => void;
  /** A dispatched job's call has its answer: its concurrency slot is free again. */
  slotFreed: () => void;
  /** Called once when this experiment leaves the runner (finished, tripped, stopped or lost). */
  onRemoved: (id: string) => void;
  /** Called once after a local stop, when the last in-flight call has been recorded. */
  onDrained?: (r: RunningExperiment) => void;
  /** Enqueues the delayed pg-boss job of a DELAYED evaluation (the worker wires it to pg-boss). */
  scheduleEvaluationRetry?: ScheduleRetry;
}

interface Provider { creds: ProviderCredentials; client: OpenAI; bucket: AdaptiveTokenBucket }

/** One variant while it runs: the config its calls are built from, and its own planner and breaker. */
interface VariantState {
  v: ResolvedVariant;
  config: ExperimentConfig;
  variables: string[];
  templateLength: number;
  planner: ItemPlanner;
  /** Per variant, so a variant whose every call fails trips the experiment even between others' successes. */
  breaker: CircuitBreaker;
}

/** An unexpected error (a bug, not the provider) retries the item this often, then fails the run. */
const MAX_INTERNAL_RETRIES = 2;
/** Planning that fails for a reason a retry will not fix (bad data, a bug) fails the experiment after this many attempts. */
const MAX_PLANNING_FAILURES = 3;
const WRITE_RETRY_MAX_MS = 5_000;
/** A judge's rate limits are retried in the runner this often before the evaluation goes DELAYED. */
const EVAL_IN_RUNNER_RETRIES = 3;
const DELAYED_CHECK_MS = 2_000;
const RATE_LIMIT_MARK_EVERY_MS = 5_000;
/** Results written in one statement at most (they are grouped while a write is on the wire). */
const RUN_WRITE_BATCH = 100;

/** One experiment while this worker owns it: its queues, breakers and outcome handling. */
export class RunningExperiment implements Schedulable<Job> {
  readonly id: string;
  private readonly queues = new WorkQueues<TaskWork, EvalWork>();
  private readonly evalBreaker = new CircuitBreaker({ threshold: 5 });
  private readonly variants: VariantState[];
  private readonly providers = new Map<string, Provider>();
  /** Jobs dispatched and not yet finished (answer recorded): a stop drains these. */
  private inflight = 0;
  /** Jobs whose call has no answer yet: what the per-experiment concurrency cap counts. */
  private calling = 0;
  private active = true;
  private removed = false;
  private draining = false;
  /** Set by a hard stop or a lost lease: calls in flight are aborted and nothing of them is recorded. */
  private aborted = false;
  private readonly calls = new Set<AbortController>();
  private planningFailures = 0;
  private repaired = false;
  private loading = false;
  private evalBacklog: { afterRunId?: string; exhausted: boolean };
  private lastRateLimitMark = -Infinity;
  /** Rate-limit waits not yet counted in the database (written with the next mark). */
  private pendingWaits = 0;
  private waitsFlush: NodeJS.Timeout | undefined;
  private readonly secrets: string[];
  private readonly pausedEvaluators = new Map<string, string>();
  private finishCheck: NodeJS.Timeout | undefined;
  private readonly runs: BatchWriter<RunResult, { runId: string } | null>;
  private readonly budget: ExperimentBudget | null;

  constructor(
    private readonly deps: RunnerDeps,
    readonly fence: Fence,
    private readonly exp: {
      datasetId: string; datasetVersion: Date; config: ExperimentConfig; firstRun: boolean; prices?: PriceMap;
      /** What its recorded calls cost so far (a budget cap counts from there). */
      spentUsd?: number;
    },
    providers: ProviderCredentials[],
  ) {
    this.id = fence.experimentId;
    for (const creds of providers) {
      this.providers.set(creds.id, {
        creds,
        client: openaiClient(creds, { timeoutMs: deps.config.callTimeoutMs }),
        bucket: deps.buckets.get(creds.id, {
          maxRequestsPerMinute: creds.requestsPerMinute, maxTokensPerMinute: creds.tokensPerMinute,
          // An unknown limit: slow start from what the concurrency allows in a ~200 ms round trip.
          initialRequestsPerSecond: deps.config.maxConcurrency * 5,
          // Only a runaway guard: the concurrency bounds what is in flight (a fast or cached provider goes past 1,000/s).
          maxRequestsPerSecond: Math.max(10_000, deps.config.maxConcurrency * 500),
        }),
      });
    }
    this.secrets = providers.map((p) => p.apiKey).filter((k) => k && k !== 'no-key');
    this.variants = experimentVariants(exp.config).map((v) => {
      const config = variantConfig(exp.config, v);
      const variables = extractVariables(v.template.messages);
      return { v, config, variables, templateLength: templateChars(config), breaker: new CircuitBreaker({ threshold: 5 }), planner: this.newPlanner(v.index, variables) };
    });
    this.evalBacklog = { exhausted: exp.config.evaluators.length === 0 };
    this.budget = exp.config.budgetUsd ? new ExperimentBudget(exp.config.budgetUsd, exp.spentUsd ?? 0, exp.config.params.maxTokens) : null;
    this.runs = new BatchWriter<RunResult, { runId: string } | null>(
      (runs) => recordRuns(deps.db, fence, runs),
      { maxBatch: RUN_WRITE_BATCH, key: (r) => `${r.datasetItemId}:${r.repetition}:${r.variant ?? 0}` },
      (err) => !(err instanceof LostClaimError) && !isTransientDbError(err),
    );
  }

  private newPlanner(variant: number, variables: string[], opts: { skipFailed?: boolean } = {}) {
    return new ItemPlanner({
      db: this.deps.db, experimentId: this.id, datasetId: this.exp.datasetId, version: this.exp.datasetVersion, variant,
      variables, repetitions: this.exp.config.repetitions, batchSize: this.deps.config.taskBatchSize, ...opts,
    });
  }

  private variantOf(w: TaskWork): VariantState {
    return this.variants[w.task.variant];
  }

  /** The variant whose planner should load next: the one with the fewest tasks waiting, if it has room. */
  private variantToLoad(): VariantState | undefined {
    let best: VariantState | undefined;
    for (const vs of this.variants) {
      if (vs.planner.exhausted) continue;
      const waiting = this.queues.tasksIn(vs.v.index);
      if (waiting >= this.deps.config.taskBatchSize) continue;
      if (!best || waiting < this.queues.tasksIn(best.v.index)) best = vs;
    }
    return best;
  }

  private get plannersExhausted(): boolean {
    return this.variants.every((vs) => vs.planner.exhausted);
  }

  get isActive() { return this.active; }
  /** Stopped locally with calls still in flight (their lease is kept until they are recorded). */
  get isDraining() { return this.draining; }
  get inFlight() { return this.inflight; }

  /** Advisor-style: hands out work only when that work's provider bucket has capacity. */
  tryTakeReadyJob(): Job | null {
    if (!this.active) return null;
    try {
      const cap = this.exp.config.maxConcurrency;
      if (cap && this.calling >= cap) return null;
      this.maybeLoadMore();
      const next = this.queues.takeNext(this.deps.clock.now(), (w) => this.bucketOf(w).hasCapacity() && this.reserveBudget(w));
      if (!next) {
        if (this.budget?.reached && this.inflight === 0) void this.stopForBudget();
        return null;
      }
      this.bucketOf(next.item).tryTake();
      this.inflight++;
      this.calling++;
      let released = false;
      const release = () => {
        if (released) return;
        released = true;
        this.calling--;
        this.deps.slotFreed();
      };
      return { experiment: this, work: next.item, release };
    } catch (err) {
      // Containment: whatever this experiment holds, it ends this experiment only.
      void this.failInternal(err);
      return null;
    }
  }

  async execute(job: Job): Promise<void> {
    try {
      if (job.work.kind === 'task') await this.executeTask(job.work, job.release);
      else await this.executeEval(job.work, job.release);
    } catch (err) {
      if (err instanceof LostClaimError) this.stopLocally('lost the claim');
      else await this.retryAfterInternalError(job.work, err).catch((e) => console.error(`[runner] experiment ${this.id}: could not record an internal error`, e));
    } finally {
      job.release();
      this.budget?.settle(job.work);
      this.inflight--;
      this.deps.wake();
      this.notifyIfDrained();
      await this.maybeFinish();
    }
  }

  /**
   * Dispatch nothing more. Graceful (a user's Stop): in-flight calls finish and are recorded
   * (fenced by the claim epoch). With `abort` (Stop now, or the lease is gone): they are aborted
   * and left for the next run.
   */
  stopLocally(reason: string, opts: { abort?: boolean } = {}) {
    if (opts.abort && !this.aborted) {
      this.aborted = true;
      for (const c of this.calls) c.abort();
    }
    if (!this.active) return;
    console.log(`[runner] experiment ${this.id}: stopping locally (${reason})`);
    this.active = false;
    this.draining = true;
    this.queues.clear();
    this.remove();
    this.notifyIfDrained();
  }

  private notifyIfDrained() {
    if (!this.draining || this.inflight > 0) return;
    this.draining = false;
    this.deps.onDrained?.(this);
  }

  /**
   * A result that could not be written because the database is unreachable is kept (this call
   * holds it) and written when the database is back: never a second paid call, never dropped.
   */
  private async persist<T>(write: () => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await write();
      } catch (err) {
        if (err instanceof LostClaimError || !isTransientDbError(err)) throw err;
        if (attempt === 1) console.warn(`[runner] experiment ${this.id}: database unavailable, keeping a result until it is back (${(err as Error).message})`);
        await new Promise((r) => setTimeout(r, Math.min(WRITE_RETRY_MAX_MS, 100 * 2 ** attempt)));
      }
    }
  }

  /** The error log is best effort: a database outage must not turn into a repeated paid call. */
  private async appendErrors(entries: ErrorEntry[]) {
    try {
      await logErrors(this.deps.db, this.fence, entries);
    } catch (err) {
      console.error(`[runner] experiment ${this.id}: could not write to the error log`, (err as Error).message);
    }
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
    if (this.loading) return;
    if (this.evalBacklog.exhausted ? !this.variantToLoad() : this.queues.pendingCount >= this.deps.config.taskBatchSize) return;
    void this.loadMore();
  }

  private async loadMore() {
    if (this.loading) return;
    this.loading = true;
    try {
      if (!this.evalBacklog.exhausted) await this.loadEvalBacklog();
      else {
        const vs = this.variantToLoad();
        if (vs) await this.loadTasks(vs);
      }
    } catch (err) {
      if (!isTransientDbError(err) && ++this.planningFailures >= MAX_PLANNING_FAILURES) {
        await this.failInternal(err);
        return;
      }
      console.error(`[runner] experiment ${this.id}: planning failed, will retry`, err);
      await new Promise((r) => setTimeout(r, 1000));
    } finally {
      this.loading = false;
      this.deps.wake();
      await this.maybeFinish();
    }
  }

  private async loadTasks(vs: VariantState) {
    const page = await vs.planner.nextPage();
    const tasks = page.tasks.map(newTaskWork);
    await this.attachCachedAnswers(tasks, vs);
    for (const task of tasks) this.queues.pushTask(task, vs.v.index);
    // Skipped items are logged once, on the experiment's first run, never silently.
    if (page.skipped.length && this.exp.firstRun) {
      const which = this.variants.length > 1 ? ` for variant "${vs.v.name}"` : '';
      await this.appendErrors(page.skipped.map((s) => ({
        source: 'system', kind: 'skipped_item', datasetItemId: s.item.id, variant: vs.v.index,
        message: `Item skipped${which}: its input lacks ${s.missing.map((m) => `{{${m}}}`).join(', ')}`,
      })));
    }
  }

  /** One lookup per page: calls answered before are recorded from the cache, with no provider call. */
  private async attachCachedAnswers(tasks: TaskWork[], vs: VariantState) {
    const cacheable = tasks.filter((t) => usesCallCache(vs.config, t.task.repetition));
    if (!cacheable.length) return;
    const endpoint = `${this.provider(vs.config.providerConnectionId).creds.baseUrl}/chat/completions`;
    for (const t of cacheable) t.cacheKey = callCacheKey(endpoint, buildChatRequest(vs.config, t.task.vars));
    try {
      const answers = await lookupCachedAnswers(this.deps.db, cacheable.map((t) => t.cacheKey!));
      for (const t of cacheable) t.cached = answers.get(t.cacheKey!);
    } catch (err) {
      // The page is already planned: without the cache its calls simply go to the provider.
      console.warn(`[runner] experiment ${this.id}: call cache lookup failed, calling the provider`, (err as Error).message);
    }
  }

  private async loadEvalBacklog() {
    const evaluators = this.exp.config.evaluators;
    const page = await pendingEvaluationsPage(this.deps.db, {
      experimentId: this.id, evaluatorNames: evaluators.map((e) => e.name),
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

  private async executeTask(w: TaskWork, release: () => void) {
    if (w.cached) { await this.recordCachedAnswer(w, w.cached, release); return; }
    const vs = this.variantOf(w);
    const provider = this.provider(vs.config.providerConnectionId);
    const body = buildChatRequest(vs.config, w.task.vars);
    const size = JSON.stringify(body).length;
    if (size > LIMITS.requestChars) {
      // An item far larger than any upload allows (written some other way): fail it, unpaid.
      await this.persist(() => this.runs.write({
        ...runKey(w), status: 'FAILED', attempts: w.attempt,
        error: `The request is ${size.toLocaleString('en-US')} characters; the limit is ${LIMITS.requestChars.toLocaleString('en-US')} (not sent)`,
      }));
      return;
    }
    let outcome;
    const call = this.newCall();
    try {
      outcome = await callChat(provider.client, body, {
        timeoutMs: this.deps.config.callTimeoutMs, responseSchema: vs.config.responseSchema,
        headers: { 'x-experiment-id': this.id }, signal: call.signal,
      });
    } catch (err) {
      release();
      if (this.aborted) return; // Stop now: the item is left for the next run
      await this.onTaskError(w, classifyError(err, { knownSecrets: this.secrets }), body, usageOfError(err));
      return;
    } finally {
      this.calls.delete(call);
    }
    release();
    provider.bucket.onSuccess(provider.bucket.maxTokensPerMinute === null ? undefined
      : { estimated: this.tokenEstimate(w), used: usedTokens(outcome.promptTokens, outcome.completionTokens) }, outcome.latencyMs);
    vs.breaker.recordSuccess();
    let recorded;
    try {
      recorded = await this.persist(() => this.runs.write({
        ...runKey(w), status: 'SUCCEEDED', attempts: w.attempt,
        output: outcome.output, latencyMs: outcome.latencyMs, request: outcome.request, response: outcome.response, cacheKey: w.cacheKey,
        ...this.charge(w, vs.config.providerConnectionId, vs.config.model, outcome),
      }));
    } catch (err) {
      if (err instanceof LostClaimError) throw err;
      // The database refused this answer itself (not an outage): keep the run, as FAILED, with why.
      console.error(`[runner] experiment ${this.id}: could not store a result`, err);
      await this.persist(() => this.runs.write({
        ...runKey(w), status: 'FAILED', attempts: w.attempt,
        error: `The answer could not be stored: ${(err as Error).message.slice(0, 500)}`, latencyMs: outcome.latencyMs,
      }));
      return;
    }
    this.queueEvaluations(recorded, w, outcome.output);
  }

  /** Answered from the call cache: no provider call, no rate-limit token, nothing spent. */
  private async recordCachedAnswer(w: TaskWork, answer: CachedAnswer, release: () => void) {
    release();
    const recorded = await this.persist(() => this.runs.write({
      ...runKey(w), status: 'SUCCEEDED', attempts: w.attempt,
      output: answer.output, latencyMs: 0, request: buildChatRequest(this.variantOf(w).config, w.task.vars), cached: true,
    }));
    this.queueEvaluations(recorded, w, answer.output);
  }

  private queueEvaluations(recorded: { runId: string } | null, w: TaskWork, output: unknown) {
    if (!recorded || !this.active) return;
    for (const evaluator of this.exp.config.evaluators) {
      this.queues.pushEval(newEvalWork(recorded.runId, w.task.item.id, w.task.repetition, evaluator,
        { input: w.task.item.input, expected: w.task.item.expectedOutput, output }));
    }
  }

  private async onTaskError(w: TaskWork, c: ClassifiedError, request: unknown, usage: CallUsage | null = null) {
    const vs = this.variantOf(w);
    const provider = this.provider(vs.config.providerConnectionId);
    if (c.kind === 'rate_limit') {
      if (c.limitRequestsPerMinute) provider.bucket.learnLimit(c.limitRequestsPerMinute);
      if (c.limitTokensPerMinute) provider.bucket.learnTokenLimit(c.limitTokensPerMinute);
      provider.bucket.refundTokens(this.tokenEstimate(w));
      provider.bucket.onRateLimited(c.retryAfterMs);
      await this.markRateLimited();
      this.retryLater(w, retryDelayMs('rate_limit', ++w.rateLimitRetries, { retryAfterMs: c.retryAfterMs })!);
      return;
    }
    if (c.kind === 'transient') {
      const delay = retryDelayMs('transient', w.transientRetries + 1, { retryAfterMs: c.retryAfterMs, baseMs: this.deps.config.retryBaseMs });
      // Due `delay` after the failure, however long its log line takes to write.
      const failedAt = this.deps.clock.now();
      await this.log('task', c, w, delay === null ? 'giving up after 3 retries' : `retrying in ${(delay / 1000).toFixed(1)} s`);
      if (delay !== null) {
        w.transientRetries++;
        this.retryLater(w, delay, failedAt);
        return;
      }
    } else {
      await this.log('task', c, w);
    }
    await this.persist(() => this.runs.write({
      ...runKey(w), status: 'FAILED', attempts: w.attempt,
      error: c.message, request,
      ...this.charge(w, vs.config.providerConnectionId, vs.config.model, usage),
    }));
    // A rejected key fails every item alike: stop at once rather than after five more calls.
    const tripped = vs.breaker.recordFailure(c.message) || (c.kind === 'auth' && c.status === 401);
    const which = this.variants.length > 1 ? ` of variant "${vs.v.name}"` : '';
    if (tripped) await this.trip(`Stopped after ${vs.breaker.consecutiveFailures} consecutive task failure(s)${which}: ${c.message}`);
  }

  // ---- evaluations ----

  private async executeEval(w: EvalWork, release: () => void) {
    const name = w.evaluator.name;
    if (this.pausedEvaluators.has(name)) return; // left unscored: a resume after the fix scores it
    const judgeProvider = isJudge(w.evaluator) ? this.provider(w.evaluator.providerConnectionId) : undefined;
    w.firstAttemptAt ??= this.deps.clock.now();
    const firstAttemptAt = new Date(w.firstAttemptAt);
    const call = this.newCall();
    try {
      const result = await runEvaluator(w.evaluator, w.subject, judgeProvider && {
        client: judgeProvider.client, timeoutMs: this.deps.config.callTimeoutMs, headers: { 'x-experiment-id': this.id }, signal: call.signal,
      });
      release();
      judgeProvider?.bucket.onSuccess();
      this.evalBreaker.recordSuccess();
      await this.persist(() => recordEvaluation(this.deps.db, this.fence, {
        runId: w.runId, evaluatorName: name, status: 'COMPLETED', attempts: w.attempt, firstAttemptAt,
        score: result.score, label: result.label, explanation: result.explanation,
        ...(isJudge(w.evaluator) ? this.charge(w, w.evaluator.providerConnectionId, w.evaluator.model, result.usage) : {}),
      }));
    } catch (err) {
      release();
      if (err instanceof LostClaimError) throw err;
      if (this.aborted) return;
      await this.onEvalError(w, classifyError(err, { knownSecrets: this.secrets }), err, judgeProvider?.bucket);
    } finally {
      this.calls.delete(call);
    }
  }

  private newCall(): AbortController {
    const c = new AbortController();
    if (this.aborted) c.abort();
    this.calls.add(c);
    return c;
  }

  private async onEvalError(w: EvalWork, c: ClassifiedError, err: unknown, bucket: AdaptiveTokenBucket | undefined) {
    const name = w.evaluator.name;
    const source = `evaluator:${name}`;
    // A judge account problem pauses that evaluator for this experiment rather than burning retries.
    if (c.kind === 'auth' && bucket) {
      if (!this.pausedEvaluators.has(name)) {
        const message = `Evaluator "${name}" paused: its provider refused the request (${c.status ? `HTTP ${c.status}: ` : ''}${c.message}). Fix the provider connection, then resume to score the remaining runs.`;
        this.pausedEvaluators.set(name, message);
        await this.appendErrors([{ source, kind: 'auth', attempt: w.attempt, datasetItemId: w.itemId, message }]);
      }
      return;
    }
    if (c.kind === 'rate_limit' && bucket) {
      if (c.limitRequestsPerMinute) bucket.learnLimit(c.limitRequestsPerMinute);
      if (c.limitTokensPerMinute) bucket.learnTokenLimit(c.limitTokensPerMinute);
      bucket.refundTokens(this.tokenEstimate(w));
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
    await this.persist(() => recordEvaluation(this.deps.db, this.fence, {
      runId: w.runId, evaluatorName: name, status: 'ERROR', attempts: w.attempt, firstAttemptAt: new Date(w.firstAttemptAt!),
      error: c.message, explanation: (err as { rawText?: string }).rawText ?? null,
      ...(isJudge(w.evaluator) ? this.charge(w, w.evaluator.providerConnectionId, w.evaluator.model, usageOfError(err)) : {}),
    }));
    if (this.evalBreaker.recordFailure(c.message)) {
      await this.trip(`Stopped after 5 consecutive evaluation failures: ${c.message}`);
    }
  }

  /** Keeps failing on 429/5xx: hand it to a delayed pg-boss job (DELAYED), the runner moves on. */
  private async defer(w: EvalWork, c: ClassifiedError) {
    const schedule = this.deps.scheduleEvaluationRetry;
    if (!schedule) throw new Error('No scheduler for delayed evaluations');
    await this.persist(() => deferEvaluation(this.deps.db, this.fence, {
      runId: w.runId, evaluatorName: w.evaluator.name, delayedAttempt: 1, totalAttempts: w.attempt,
      firstAttemptAt: w.firstAttemptAt!, reason: c.message,
    }, schedule, { unitMs: this.deps.config.evalRetryUnitMs, windowMs: this.deps.config.evalRetryWindowMs, callTimeoutMs: this.deps.config.callTimeoutMs, now: () => this.deps.clock.now() }));
  }

  // ---- shared ----

  private retryLater(w: Work, delayMs: number, from = this.deps.clock.now()) {
    if (!this.active) return;
    w.attempt++;
    this.queues.scheduleRetry(w, w.kind, from + delayMs);
  }

  private async retryAfterInternalError(w: Work, err: unknown) {
    console.error(`[runner] experiment ${this.id}: internal error`, err);
    if (++w.internalRetries <= MAX_INTERNAL_RETRIES) {
      this.retryLater(w, 2000);
      return;
    }
    // Recorded as failed with the reason, so the experiment can end with exact counts; the
    // breaker ends it in ERROR when every item fails alike.
    const message = `Internal error: ${(err as Error)?.message ?? String(err)}`.slice(0, 1000);
    await this.appendErrors([{ source: 'system', kind: 'internal', message, datasetItemId: itemOf(w) }]);
    if (w.kind === 'task') {
      await this.persist(() => this.runs.write({
        ...runKey(w), status: 'FAILED', attempts: w.attempt, error: message,
      }));
      if (this.variantOf(w).breaker.recordFailure(message)) await this.trip(`Stopped after 5 consecutive task failures: ${message}`);
    } else {
      await this.persist(() => recordEvaluation(this.deps.db, this.fence, {
        runId: w.runId, evaluatorName: w.evaluator.name, status: 'ERROR', attempts: w.attempt, error: message,
      }));
      if (this.evalBreaker.recordFailure(message)) await this.trip(`Stopped after 5 consecutive evaluation failures: ${message}`);
    }
  }

  /** A bug or a broken configuration inside this experiment: it ends in ERROR, nothing else is touched. */
  private async failInternal(err: unknown) {
    console.error(`[runner] experiment ${this.id}: failed`, err);
    await this.trip(`Internal error: ${(err as Error)?.message ?? String(err)}`.slice(0, 1000)).catch((e) =>
      console.error(`[runner] experiment ${this.id}: could not record the failure`, e));
  }

  /** Counts one rate-limit wait; the mark and the count are written at most once per 5 s. */
  private async markRateLimited(waits = 1) {
    this.pendingWaits += waits;
    const now = this.deps.clock.now();
    if (now - this.lastRateLimitMark < RATE_LIMIT_MARK_EVERY_MS) {
      // Written with the next mark, or by this timer if none comes: no wait goes uncounted.
      this.waitsFlush ??= setTimeout(() => { this.waitsFlush = undefined; if (this.pendingWaits) void this.markRateLimited(0); },
        RATE_LIMIT_MARK_EVERY_MS);
      this.waitsFlush.unref();
      return;
    }
    this.lastRateLimitMark = now;
    const count = this.pendingWaits;
    this.pendingWaits = 0;
    await markRateLimited(this.deps.db, [this.id], count).catch((err) => {
      this.pendingWaits += count;
      console.error(`[runner] could not mark rate limiting`, (err as Error).message);
    });
  }

  /** The tokens a call is assumed to use before it is sent (tokens-per-minute limits only). */
  private tokenEstimate(w: Work): number {
    if (w.kind === 'task') {
      const vs = this.variantOf(w);
      return estimateTaskTokens(vs.config, vs.templateLength, w.task.vars);
    }
    return estimateJudgeTokens(w.subject);
  }

  /** The usage fields of a call's record, noting its cost for the budget cap. */
  private charge(w: Work, providerConnectionId: string, model: string, usage: CallUsage | null | undefined) {
    const fields = charged(this.exp.prices, providerConnectionId, model, usage);
    if (this.budget && usage) this.budget.noteCost(w, usage, fields.price ?? null);
    return fields;
  }

  /** Under a cap, a call is dispatched only if what it may cost fits beside everything spent and reserved. */
  private reserveBudget(w: Work): boolean {
    if (!this.budget) return true;
    const priced = w.kind === 'task' ? (w.cached ? null : { id: this.variantOf(w).config.providerConnectionId, model: this.variantOf(w).config.model })
      : isJudge(w.evaluator) ? { id: w.evaluator.providerConnectionId, model: w.evaluator.model } : null;
    return this.budget.reserve(w, priced && this.exp.prices?.get(priceKey(priced.id, priced.model)), this.tokenEstimate(w));
  }

  /** The cap is reached with nothing in flight: STOPPED with the reason; raise the cap and resume to go on. */
  private async stopForBudget() {
    if (!this.active || !this.budget) return;
    const reason = this.budget.reason;
    this.active = false;
    this.queues.clear();
    this.remove();
    await this.appendErrors([{ source: 'system', kind: 'budget', message: `${reason}. Raise the cap and resume to run the rest.` }]);
    await this.persist(() => finishExperiment(this.deps.db, this.fence, { status: 'STOPPED', lastError: reason }));
  }

  private async log(source: string, c: ClassifiedError, w: Work, note?: string) {
    await this.appendErrors([{
      source, kind: c.kind, attempt: w.attempt, datasetItemId: itemOf(w),
      repetition: w.kind === 'task' ? w.task.repetition : w.repetition, variant: w.kind === 'task' ? w.task.variant : undefined,
      message: `${c.status ? `HTTP ${c.status}: ` : ''}${c.message}${note ? ` (${note})` : ''}`,
    }]);
  }

  private async trip(reason: string) {
    if (!this.active) return;
    this.active = false;
    this.queues.clear();
    this.remove();
    await this.appendErrors([{ source: 'system', kind: reason.startsWith('Internal') ? 'internal' : 'circuit_breaker', message: reason }]);
    await this.persist(() => finishExperiment(this.deps.db, this.fence, { status: 'ERROR', lastError: reason }));
  }

  /** Never throws: a failed check (the database is away) is simply tried again shortly. */
  private async maybeFinish() {
    try {
      await this.finishIfDone();
    } catch (err) {
      if (err instanceof LostClaimError) { this.stopLocally('lost the claim'); return; }
      console.error(`[runner] experiment ${this.id}: completion check failed, will retry`, (err as Error).message);
      this.checkAgainIn(DELAYED_CHECK_MS);
    }
  }

  private checkAgainIn(ms: number) {
    if (this.finishCheck || !this.active) return;
    this.finishCheck = setTimeout(() => { this.finishCheck = undefined; void this.maybeFinish(); }, ms);
    this.finishCheck.unref();
  }

  private async finishIfDone() {
    if (!this.active || this.loading || this.inflight > 0 || !this.queues.isEmpty()) return;
    if (!this.plannersExhausted || !this.evalBacklog.exhausted) return;
    const state = await completionState(this.deps.db, this.id);
    // RUNNING ("evaluations delayed") until every delayed evaluation has ended.
    if (state && state.delayed > 0) { this.checkAgainIn(DELAYED_CHECK_MS); return; }
    // Never COMPLETED with a run missing: plan the missing pairs again once (failed ones are final).
    const missing = state?.missing ?? 0;
    if (missing > 0 && !this.repaired) {
      this.repaired = true;
      console.warn(`[runner] experiment ${this.id}: ${missing} run(s) missing at completion; planning them again`);
      await this.appendErrors([{ source: 'system', kind: 'repair', message: `${missing} run(s) were missing at completion and were planned again` }]);
      for (const vs of this.variants) vs.planner = this.newPlanner(vs.v.index, vs.variables, { skipFailed: true });
      this.deps.wake();
      return;
    }
    if (!this.active || this.loading || this.inflight > 0 || !this.queues.isEmpty()) return;
    this.active = false;
    const problems = [...this.pausedEvaluators.values()];
    // Still missing after the repair pass: say so rather than claim COMPLETED (a resume retries them).
    if (missing > 0) problems.push(`${missing} run(s) could not be recorded; resume to run them.`);
    await this.persist(() => finishExperiment(this.deps.db, this.fence, problems.length ? { status: 'ERROR', lastError: problems.join(' ') } : { status: 'COMPLETED' }));
    this.remove();
  }

  private bucketOf(w: Work): AdaptiveTokenBucket | { hasCapacity(): boolean; tryTake(): boolean } {
    const bucket = w.kind === 'task' ? (w.cached ? null : this.provider(this.variantOf(w).config.providerConnectionId).bucket)
      : isJudge(w.evaluator) ? this.provider(w.evaluator.providerConnectionId).bucket : null;
    if (!bucket) return ALWAYS;
    if (bucket.maxTokensPerMinute === null) return bucket;
    // A tokens-per-minute limit: the call reserves its estimate as it takes its request token.
    return { hasCapacity: () => bucket.hasCapacity(), tryTake: () => bucket.tryTake(this.tokenEstimate(w)) };
  }

  private provider(id: string): Provider {
    const p = this.providers.get(id);
    if (!p) throw new Error(`The provider connection ${id} does not exist (it may have been deleted)`);
    return p;
  }
}

const ALWAYS = { hasCapacity: () => true, tryTake: () => true };

function itemOf(w: Work) { return w.kind === 'task' ? w.task.item.id : w.itemId; }

/** What identifies a task's run: (item, repetition, variant), and the item's position. */
function runKey(w: TaskWork) {
  return { datasetItemId: w.task.item.id, itemSeq: w.task.item.seq, repetition: w.task.repetition, variant: w.task.variant };
}

function newTaskWork(task: PlannedTask): TaskWork {
  return { kind: 'task', task, attempt: 1, transientRetries: 0, rateLimitRetries: 0, internalRetries: 0 };
}

function newEvalWork(runId: string, itemId: string, repetition: number, evaluator: EvaluatorConfig, subject: EvalSubject): EvalWork {
  return { kind: 'eval', runId, itemId, repetition, evaluator, subject, attempt: 1, transientRetries: 0, rateLimitRetries: 0, internalRetries: 0 };
}
