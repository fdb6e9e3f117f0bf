import crypto from 'node:crypto';
import type { Db } from '../db/client';
import type { RunnerConfig } from '../config';
import { experimentConfigSchema, type ExperimentConfig } from '../experiments/config';
import { validateExperiment } from '../experiments/validate';
import { getProviderCredentials, type ProviderCredentials } from '../providers/connections';
import { isJudge } from '../evaluators/run-evaluator';
import { systemClock, type Clock } from './clock';
import { FairScheduler } from './fair-scheduler';
import { TokenBucketRegistry } from './token-bucket';
import { SharedBudget } from './shared-budget';
import { RunningExperiment, type Job } from './running-experiment';
import { loadModelPrices } from '../costs/prices';
import { pricedModels } from '../costs/charge';
import { experimentVariants } from '../experiments/variants';
import { awaitsClaim, checkClaims, claimExperiment, findClaimable, finishExperiment, logErrors, refreshClaims, releaseClaims, releaseDrained, setPlan, type Fence } from './store';
import { announceWorker, CLAIM_GRACE_MS, removeWorker } from './worker-registry';
import { acknowledgeStop, notifyExperiment, type ExperimentNotice } from './notifications';
import { countEligibleItems } from '../datasets/items';
import { extractVariables } from '../prompts/template';
import { reviveDelayedEvaluations, type ScheduleRetry } from '../evaluators/delayed-evaluation';

const IDLE_POLL_MS = 25;
/** Answers awaiting their write, at most this many times the concurrency. */
const UNWRITTEN_FACTOR = 4;

/**
 * One per worker process. Owns the experiments this worker has claimed, hands out work to a global
 * concurrency limit, fairly (round-robin by last-served time) and only where the provider's token
 * bucket has capacity. Knows nothing of pg-boss or the UI.
 */
export class ExperimentRunner {
  readonly workerId = `worker-${crypto.randomBytes(6).toString('hex')}`;
  private readonly registry = new Map<string, RunningExperiment>();
  /** Stopped locally, with calls still in flight: we keep their lease until they are recorded. */
  private readonly draining = new Map<string, RunningExperiment>();
  /** When a heartbeat last failed: the orphan scan holds back for a lease after an outage. */
  lastHeartbeatFailureAt = 0;
  private readonly scheduler: FairScheduler<Job>;
  private readonly buckets: TokenBucketRegistry;
  /** Shares each provider's budget with the other workers through PostgreSQL (about every 500 ms). */
  private readonly budget: SharedBudget;
  /** Calls waiting for their answer: what RUNNER_MAX_CONCURRENCY limits. */
  private inflight = 0;
  /** Jobs dispatched and not finished (answer received, write pending included). */
  private unfinished = 0;
  private closed = false;
  private wakeResolve: (() => void) | null = null;
  private loopDone: Promise<void> | null = null;
  private timers: NodeJS.Timeout[] = [];
  /** Claimed and being started (not yet in the registry): held all the same. */
  private readonly starting = new Set<string>();
  /** A stop heard while the experiment was starting: applied once it has started. */
  private readonly stopsHeard = new Map<string, ExperimentNotice['kind']>();
  /** Claims and registry writes, one at a time, so the load a claim is judged by is exact. */
  private claims: Promise<unknown> = Promise.resolve();
  private readonly claimRetries = new Set<NodeJS.Timeout>();

  constructor(
    private readonly db: Db,
    private readonly config: RunnerConfig,
    private readonly opts: { clock?: Clock; scheduleEvaluationRetry?: ScheduleRetry } = {},
    private readonly clock: Clock = opts.clock ?? systemClock,
  ) {
    this.scheduler = new FairScheduler<Job>({ clock });
    this.buckets = new TokenBucketRegistry(clock, () => this.budget.syncSoon());
    this.budget = new SharedBudget(db, this.buckets, this.workerId);
  }

  get experimentIds() { return [...this.registry.keys()]; }
  get inFlight() { return this.inflight; }
  get experimentsHeld() { return new Set([...this.registry.keys(), ...this.starting]).size; }

  start() {
    this.loopDone = this.loop();
    this.budget.start();
    this.every(this.config.claimCheckMs, () => this.checkOwnership(false));
    this.every(this.config.heartbeatMs, () => this.heartbeat());
  }

  /** Our row in the live worker registry: alive, and this loaded. */
  announce(): Promise<void> {
    return this.serially(() => announceWorker(this.db, this.workerId, { experimentsHeld: this.experimentsHeld, callsInFlight: this.inflight }));
  }

  private async heartbeat() {
    await this.announce().catch((err) => console.error('[runner] could not renew the worker registry row', (err as Error).message));
    await this.checkOwnership(true);
  }

  private serially<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.claims.then(fn, fn);
    this.claims = run.catch(() => {});
    return run;
  }

  /**
   * Claims the experiment (one atomic UPDATE) if no live worker holds fewer experiments (or the
   * least-loaded one let the grace pass), validates its config again and starts it.
   * Returns false when another worker owns it or should take it. `heard`: we learned of it from a
   * notice every worker got (else from the queue, which only we got).
   */
  async claimAndRun(experimentId: string, opts: { heard?: boolean } = {}): Promise<boolean> {
    if (this.closed || this.registry.has(experimentId)) return this.registry.has(experimentId);
    if (this.draining.has(experimentId)) return false; // claimed again by us once its calls are recorded
    if (this.starting.has(experimentId)) return false;
    const row = await this.serially(async () => {
      const claimed = await claimExperiment(this.db, {
        experimentId, workerId: this.workerId, leaseMs: this.config.leaseMs, balance: { held: this.experimentsHeld, graceMs: CLAIM_GRACE_MS },
      });
      if (!claimed) return null;
      this.starting.add(experimentId);
      await announceWorker(this.db, this.workerId, { experimentsHeld: this.experimentsHeld, callsInFlight: this.inflight })
        .catch((err) => console.error('[runner] could not update the worker registry', (err as Error).message));
      return claimed;
    });
    if (!row) {
      await this.afterRefusal(experimentId, opts.heard ?? false);
      return false;
    }
    const fence: Fence = { experimentId, epoch: row.claimEpoch, workerId: this.workerId };
    try {
      await this.startClaimed(row, fence);
    } catch (err) {
      // Unexpected (e.g. the database went away): hand the claim back and let pg-boss retry the job.
      this.registry.get(experimentId)?.stopLocally('start failed');
      await releaseClaims(this.db, this.workerId, [fence]).catch(() => {});
      throw err;
    } finally {
      this.starting.delete(experimentId);
    }
    const heard = this.stopsHeard.get(experimentId);
    this.stopsHeard.delete(experimentId);
    if (heard) this.onNotice({ kind: heard, id: experimentId });
    return true;
  }

  /**
   * Refused for our load (nobody holds it): a less-loaded worker should take it. If only we knew
   * of it (a queue job), tell every worker; and try once more after the grace, when anyone may, so
   * a registry that is wrong never strands it (the orphan scan is the last resort).
   */
  private async afterRefusal(experimentId: string, heard: boolean) {
    if (this.closed || !(await awaitsClaim(this.db, { experimentId, leaseMs: this.config.leaseMs }))) return;
    if (!heard) await notifyExperiment(this.db, { kind: 'queued', id: experimentId });
    const timer = setTimeout(() => {
      this.claimRetries.delete(timer);
      this.claimAndRun(experimentId, { heard: true }).catch((err) => console.error(`[runner] experiment ${experimentId}: claim retry failed`, (err as Error).message));
    }, CLAIM_GRACE_MS + 50 + Math.random() * 200);
    timer.unref();
    this.claimRetries.add(timer);
  }

  /**
   * A notice from the web side. Queued: try to claim it (least-loaded wins). Stopped / revoked:
   * if it is ours, stop dispatching at once (as the claim check would) and confirm to the stopper.
   */
  onNotice(e: ExperimentNotice) {
    if (this.closed) return;
    if (e.kind === 'queued') {
      this.claimAndRun(e.id, { heard: true }).catch((err) => console.error(`[runner] experiment ${e.id}: claim failed`, (err as Error).message));
      return;
    }
    const r = this.registry.get(e.id) ?? this.draining.get(e.id);
    if (!r) {
      if (this.starting.has(e.id)) this.stopsHeard.set(e.id, e.kind);
      return;
    }
    this.stopsHeard.delete(e.id);
    this.applyClaimState(r, e.kind);
    acknowledgeStop(this.db, e.id).catch((err) => console.error(`[runner] experiment ${e.id}: could not confirm the stop`, (err as Error).message));
  }

  /** After a time deaf to notices (a new LISTEN connection): check our claims and claim what waits. */
  async catchUp() {
    if (this.closed) return;
    await this.checkOwnership(false);
    for (const id of await findClaimable(this.db, this.config.leaseMs)) this.onNotice({ kind: 'queued', id });
  }

  private async startClaimed(row: NonNullable<Awaited<ReturnType<typeof claimExperiment>>>, fence: Fence) {
    const { id: experimentId } = row;
    const firstRun = row.claimEpoch === 1;
    const problem = await this.configProblem(row.datasetId, row.datasetVersion, row.config);
    if (problem) {
      await logErrors(this.db, fence, [{ source: 'system', kind: 'configuration', message: problem }]);
      await finishExperiment(this.db, fence, { status: 'ERROR', lastError: problem });
      return;
    }
    const config = row.config as ExperimentConfig;
    const providers = await this.loadProviders(config);
    // Every call of this experiment is charged at the prices of now (a later edit changes no record).
    const prices = await loadModelPrices(this.db, pricedModels(config));
    await setPlan(this.db, fence, await this.plan(row.datasetId, row.datasetVersion, config));
    // Evaluations left DELAYED when it was stopped get their retry job back.
    if (this.opts.scheduleEvaluationRetry) {
      await reviveDelayedEvaluations(this.db, this.opts.scheduleEvaluationRetry, { experimentId, overdueMs: this.config.repairOverdueMs });
    }

    const running = new RunningExperiment({
      db: this.db, config: this.config, clock: this.clock, buckets: this.buckets, workerId: this.workerId,
      wake: () => this.wake(),
      slotFreed: () => { this.inflight--; this.wake(); },
      scheduleEvaluationRetry: this.opts.scheduleEvaluationRetry,
      onRemoved: (id) => {
        this.registry.delete(id);
        this.scheduler.remove(id);
        if (running.isDraining) this.draining.set(id, running);
      },
      onDrained: (r) => void this.afterDrain(r),
    }, fence, { datasetId: row.datasetId, datasetVersion: row.datasetVersion, config, firstRun, prices, spentUsd: row.costUsd }, providers);
    this.registry.set(experimentId, running);
    this.scheduler.add(running);
    await running.start();
    this.wake();
  }

  /**
   * Runs per variant (its eligible items x repetitions). Skipped = items some variant cannot run
   * (an input lacking one of its variables).
   */
  private async plan(datasetId: string, version: Date, config: ExperimentConfig) {
    const variants = experimentVariants(config);
    const needs = variants.map((v) => [...new Set(extractVariables(v.template.messages))].sort());
    const counted = new Map<string, ReturnType<typeof countEligibleItems>>();
    // Variants with the same variables share one count.
    const count = (vars: string[]) => {
      const key = vars.join('\n');
      if (!counted.has(key)) counted.set(key, countEligibleItems(this.db, datasetId, version, vars));
      return counted.get(key)!;
    };
    const perVariant = await Promise.all(needs.map(count));
    const every = await count([...new Set(needs.flat())].sort());
    return {
      variants: variants.map((v, i) => ({ variant: v.index, name: v.name, providerConnectionId: v.providerConnectionId, model: v.model, runs: perVariant[i].eligible * config.repetitions })),
      itemsSkipped: every.total - every.eligible,
    };
  }

  /** Validation again in the worker: the config may have gone stale since creation. */
  private async configProblem(datasetId: string, version: Date, rawConfig: unknown): Promise<string | null> {
    const parsed = experimentConfigSchema.safeParse(rawConfig);
    if (!parsed.success) return `Invalid configuration: ${parsed.error.issues[0]?.message}`;
    const { problems } = await validateExperiment(this.db, { datasetId, version, config: parsed.data });
    return problems.length ? problems.join('; ') : null;
  }

  private async loadProviders(config: ExperimentConfig): Promise<ProviderCredentials[]> {
    const ids = new Set([...experimentVariants(config).map((v) => v.providerConnectionId), ...config.evaluators.filter(isJudge).map((e) => e.providerConnectionId)]);
    const out: ProviderCredentials[] = [];
    for (const id of ids) {
      const creds = await getProviderCredentials(this.db, id);
      if (creds) {
        this.buckets.update(creds.id, creds.requestsPerMinute, creds.tokensPerMinute);
        out.push(creds);
      }
    }
    return out;
  }

  /**
   * A locally stopped experiment's last call is recorded: hand its lease back, and if it was
   * resumed meanwhile, claim it again (its new run sees every answer the old one paid for).
   */
  private async afterDrain(r: RunningExperiment) {
    if (this.draining.get(r.id) === r) this.draining.delete(r.id);
    try {
      const status = await releaseDrained(this.db, r.fence);
      if (status === 'QUEUED' && !this.closed) await this.claimAndRun(r.id);
    } catch (err) {
      // The lease runs out by itself and the orphan scan hands the experiment to a worker.
      console.error(`[runner] experiment ${r.id}: could not hand back the lease after a stop`, (err as Error).message);
    }
  }

  private async loop() {
    while (!this.closed) {
      try {
        // A slot is free as soon as its answer arrives; answers waiting for their write are
        // bounded too, so a slow database holds the provider back instead of filling memory.
        if (this.inflight >= this.config.maxConcurrency || this.unfinished >= this.config.maxConcurrency * UNWRITTEN_FACTOR) {
          await this.sleep(1000);
          continue;
        }
        const next = this.scheduler.next();
        if (!next) { await this.sleep(this.registry.size ? IDLE_POLL_MS : 1000); continue; }
        this.inflight++;
        this.unfinished++;
        void next.job.experiment.execute(next.job).catch((err) => console.error('[runner] BUG: execute threw', err)).finally(() => {
          next.job.release();
          this.unfinished--;
          this.wake();
        });
      } catch (err) {
        // One experiment's fault must never end the loop that serves all the others.
        console.error('[runner] BUG: scheduler loop error (contained)', err);
        await this.sleep(100);
      }
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => { this.wakeResolve = null; resolve(); }, ms);
      this.wakeResolve = () => { clearTimeout(timer); this.wakeResolve = null; resolve(); };
    });
  }

  private wake() { this.wakeResolve?.(); }

  /**
   * Claim check (frequent, read-only) and heartbeat (refreshes claimed_at). An experiment we hold
   * in memory but no longer own (stopped by a user, deleted, taken over) is stopped locally.
   */
  private async checkOwnership(refresh: boolean) {
    const fences = [...this.registry.values()].map((r) => r.fence);
    if (refresh) {
      const all = [...fences, ...[...this.draining.values()].map((r) => r.fence)];
      if (!all.length) return;
      let owned: Set<string>;
      try {
        owned = await refreshClaims(this.db, this.workerId, all);
      } catch (err) {
        this.lastHeartbeatFailureAt = Date.now();
        throw err;
      }
      // Our lease is gone (Stop now, deleted, or taken over): nothing in flight could be kept.
      for (const r of [...this.registry.values(), ...this.draining.values()]) {
        if (!owned.has(r.id)) r.stopLocally('lease lost at heartbeat', { abort: true });
      }
      return;
    }
    const held = [...this.registry.values(), ...this.draining.values()];
    if (!held.length) return;
    const states = await checkClaims(this.db, this.workerId, held.map((r) => r.fence));
    for (const r of held) this.applyClaimState(r, states.get(r.id));
  }

  private applyClaimState(r: RunningExperiment, state: 'owned' | 'stopped' | 'revoked' | undefined) {
    if (state === 'revoked') r.stopLocally('no longer ours (Stop now, deleted or taken over)', { abort: true });
    else if (state === 'stopped') r.stopLocally('stopped');
  }

  private every(ms: number, fn: () => Promise<void>) {
    const timer = setInterval(() => {
      fn().catch((err) => console.error('[runner] background check failed; will retry', err));
    }, ms);
    timer.unref();
    this.timers.push(timer);
  }

  /**
   * Graceful: dispatch nothing more, let in-flight calls finish (bounded), then hand our experiments
   * back as QUEUED. Returns their ids so the caller re-enqueues them for the next worker at once.
   */
  async close(timeoutMs = 10_000): Promise<string[]> {
    if (this.closed) return [];
    this.closed = true;
    this.wake();
    for (const t of this.timers) clearInterval(t);
    const budgetStopped = this.budget.stop();
    for (const t of this.claimRetries) clearTimeout(t);
    const fences = [...this.registry.values(), ...this.draining.values()].map((r) => r.fence);
    for (const r of [...this.registry.values()]) r.stopLocally('worker shutting down');
    const deadline = Date.now() + timeoutMs;
    while (this.unfinished > 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    await this.loopDone;
    const released = await releaseClaims(this.db, this.workerId, fences);
    // Stopped experiments we were draining: hand the lease back; resumed ones go to another worker.
    for (const f of fences) {
      if (released.includes(f.experimentId)) continue;
      if ((await releaseDrained(this.db, f).catch(() => null)) === 'QUEUED') released.push(f.experimentId);
    }
    await removeWorker(this.db, this.workerId).catch((err) => console.error('[runner] could not leave the worker registry', (err as Error).message));
    await budgetStopped;
    return released;
  }
}
