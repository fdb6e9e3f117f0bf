import { and, eq, inArray, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/client';
import { evaluations, experimentErrors, experimentRuns, experiments, type EvaluationStatus, type RunStatus } from '../db/schema';

/**
 * The runner's only way to write: every statement that records a result is fenced by the claim
 * epoch, checked in the same transaction under a row lock, so a worker that lost an experiment to
 * another worker writes nothing more for it. A user stop leaves the epoch alone, so in-flight
 * calls that finish after a stop are still recorded.
 */
export interface Fence { experimentId: string; epoch: number; workerId: string }

export const MAX_LOGGED_ERRORS = 5_000;

export class LostClaimError extends Error {
  constructor(experimentId: string) { super(`Lost the claim on experiment ${experimentId}`); }
}

async function lockIfOwned(tx: DbOrTx, f: Fence): Promise<boolean> {
  const rows = await tx.execute(sql`select 1 from ${experiments} where ${experiments.id} = ${f.experimentId} and ${experiments.claimEpoch} = ${f.epoch} for update`);
  return rows.length > 0;
}

/** One atomic UPDATE: the experiment is ours only if nobody holds a fresh claim. */
export async function claimExperiment(db: DbOrTx, p: { experimentId: string; workerId: string; staleMs: number }) {
  const [row] = await db.update(experiments).set({
    status: 'RUNNING', claimedAt: sql`now()`, claimedBy: p.workerId, claimEpoch: sql`${experiments.claimEpoch} + 1`,
    startedAt: sql`coalesce(${experiments.startedAt}, now())`, finishedAt: null, lastError: null,
  }).where(and(
    eq(experiments.id, p.experimentId),
    inArray(experiments.status, ['QUEUED', 'RUNNING']),
    sql`(${experiments.claimedAt} is null or ${experiments.claimedAt} < now() - make_interval(secs => ${p.staleMs / 1000}))`,
  )).returning();
  return row ?? null;
}

/** Heartbeat: refresh our claims; the ids not returned were lost (stopped, deleted or taken over). */
export async function refreshClaims(db: DbOrTx, workerId: string, fences: Fence[]): Promise<Set<string>> {
  if (!fences.length) return new Set();
  const rows = await db.update(experiments).set({ claimedAt: sql`now()` })
    .where(and(eq(experiments.claimedBy, workerId), inArray(experiments.id, fences.map((f) => f.experimentId))))
    .returning({ id: experiments.id, epoch: experiments.claimEpoch });
  return ownedOf(rows, fences);
}

/** The frequent, read-only check that lets an owner notice a stop within about a second. */
export async function checkClaims(db: DbOrTx, workerId: string, fences: Fence[]): Promise<Set<string>> {
  if (!fences.length) return new Set();
  const rows = await db.select({ id: experiments.id, epoch: experiments.claimEpoch }).from(experiments)
    .where(and(eq(experiments.claimedBy, workerId), eq(experiments.status, 'RUNNING'), inArray(experiments.id, fences.map((f) => f.experimentId))));
  return ownedOf(rows, fences);
}

function ownedOf(rows: { id: string; epoch: number }[], fences: Fence[]) {
  const epochs = new Map(fences.map((f) => [f.experimentId, f.epoch]));
  return new Set(rows.filter((r) => epochs.get(r.id) === r.epoch).map((r) => r.id));
}

export async function setPlan(db: DbOrTx, f: Fence, p: { totalRuns: number; itemsSkipped: number }) {
  await db.update(experiments).set({ totalRuns: p.totalRuns, itemsSkipped: p.itemsSkipped })
    .where(and(eq(experiments.id, f.experimentId), eq(experiments.claimEpoch, f.epoch)));
}

export interface RunResult {
  datasetItemId: string; repetition: number; status: RunStatus;
  output?: unknown; error?: string | null; attempts: number; latencyMs?: number | null;
  promptTokens?: number | null; completionTokens?: number | null; request?: unknown; response?: unknown;
}

/**
 * Upserts a run and adjusts the progress counters in one transaction. A succeeded run is never
 * overwritten. Returns the run id, or null when the fence failed (claim lost) or it was already done.
 */
export async function recordRun(db: Db, f: Fence, r: RunResult): Promise<{ runId: string } | null> {
  return db.transaction(async (tx) => {
    if (!(await lockIfOwned(tx, f))) throw new LostClaimError(f.experimentId);
    const [prev] = await tx.select({ status: experimentRuns.status }).from(experimentRuns).where(and(
      eq(experimentRuns.experimentId, f.experimentId), eq(experimentRuns.datasetItemId, r.datasetItemId), eq(experimentRuns.repetition, r.repetition)));
    if (prev?.status === 'SUCCEEDED') return null;
    const values = {
      status: r.status, output: r.output ?? null, error: r.error ?? null, attempts: r.attempts, latencyMs: r.latencyMs ?? null,
      promptTokens: r.promptTokens ?? null, completionTokens: r.completionTokens ?? null,
      request: r.request ?? null, response: r.response ?? null, updatedAt: sql`clock_timestamp()`,
    };
    const [run] = await tx.insert(experimentRuns)
      .values({ experimentId: f.experimentId, datasetItemId: r.datasetItemId, repetition: r.repetition, ...values })
      .onConflictDoUpdate({ target: [experimentRuns.experimentId, experimentRuns.datasetItemId, experimentRuns.repetition], set: values })
      .returning({ id: experimentRuns.id });
    const succ = (r.status === 'SUCCEEDED' ? 1 : 0);
    const fail = (r.status === 'FAILED' ? 1 : 0) - (prev?.status === 'FAILED' ? 1 : 0);
    if (succ || fail) {
      await tx.update(experiments).set({
        runsSucceeded: sql`${experiments.runsSucceeded} + ${succ}`,
        runsFailed: sql`${experiments.runsFailed} + ${fail}`,
      }).where(eq(experiments.id, f.experimentId));
    }
    return { runId: run.id };
  });
}

export interface EvaluationResultRow {
  runId: string; evaluatorName: string; status: EvaluationStatus;
  score?: number | null; label?: string | null; explanation?: string | null; error?: string | null;
  attempts: number; firstAttemptAt?: Date | null; nextRetryAt?: Date | null;
}

const evalCounter: Partial<Record<EvaluationStatus, 'evalsCompleted' | 'evalsFailed' | 'evalsDelayed'>> = {
  COMPLETED: 'evalsCompleted', ERROR: 'evalsFailed', DELAYED: 'evalsDelayed',
};

/** Upserts an evaluation and moves its counter (completed / failed / delayed) in one transaction. */
export async function recordEvaluation(db: Db, f: Fence | { experimentId: string; epoch: null }, e: EvaluationResultRow): Promise<{ id: string } | null> {
  return db.transaction(async (tx) => {
    if (f.epoch !== null && !(await lockIfOwned(tx, f as Fence))) throw new LostClaimError(f.experimentId);
    if (f.epoch === null) await tx.execute(sql`select 1 from ${experiments} where ${experiments.id} = ${f.experimentId} for update`);
    const [prev] = await tx.select({ status: evaluations.status }).from(evaluations)
      .where(and(eq(evaluations.runId, e.runId), eq(evaluations.evaluatorName, e.evaluatorName)));
    if (prev?.status === 'COMPLETED') return null;
    const values = {
      status: e.status, score: e.score ?? null, label: e.label ?? null, explanation: e.explanation ?? null, error: e.error ?? null,
      attempts: e.attempts, nextRetryAt: e.nextRetryAt ?? null, updatedAt: sql`clock_timestamp()`,
      ...(e.firstAttemptAt ? { firstAttemptAt: e.firstAttemptAt } : {}),
    };
    const [row] = await tx.insert(evaluations)
      .values({ runId: e.runId, experimentId: f.experimentId, evaluatorName: e.evaluatorName, ...values })
      .onConflictDoUpdate({ target: [evaluations.runId, evaluations.evaluatorName], set: values })
      .returning({ id: evaluations.id });
    const deltas: Record<string, number> = {};
    const before = prev ? evalCounter[prev.status] : undefined;
    const after = evalCounter[e.status];
    if (before !== after) {
      if (before) deltas[before] = -1;
      if (after) deltas[after] = (deltas[after] ?? 0) + 1;
    }
    if (Object.keys(deltas).length) {
      await tx.update(experiments).set(Object.fromEntries(Object.entries(deltas).map(([k, d]) =>
        [k, sql`${experiments[k as 'evalsCompleted']} + ${d}`]))).where(eq(experiments.id, f.experimentId));
    }
    return { id: row.id };
  });
}

export interface ErrorEntry {
  source: string; kind?: string; message: string; datasetItemId?: string | null; repetition?: number | null; attempt?: number | null;
}

/** Append-only error log, bounded per experiment (the counter keeps the true total). */
export async function logErrors(db: DbOrTx, experimentId: string, entries: ErrorEntry[]) {
  if (!entries.length) return;
  const [row] = await db.update(experiments).set({ errorsLogged: sql`${experiments.errorsLogged} + ${entries.length}` })
    .where(eq(experiments.id, experimentId)).returning({ logged: experiments.errorsLogged });
  if (!row) return;
  const room = MAX_LOGGED_ERRORS - (row.logged - entries.length);
  if (room <= 0) return;
  await db.insert(experimentErrors).values(entries.slice(0, room).map((e) => ({
    experimentId, source: e.source, kind: e.kind ?? null, message: e.message.slice(0, 8000),
    datasetItemId: e.datasetItemId ?? null, repetition: e.repetition ?? null, attempt: e.attempt ?? null,
  })));
}

/** Hands experiments back (worker shutdown): QUEUED with no claim, so any worker may take them now. */
export async function releaseClaims(db: DbOrTx, workerId: string, fences: Fence[]): Promise<string[]> {
  if (!fences.length) return [];
  const rows = await db.update(experiments).set({ status: 'QUEUED', claimedAt: null, claimedBy: null })
    .where(and(eq(experiments.claimedBy, workerId), eq(experiments.status, 'RUNNING'), inArray(experiments.id, fences.map((f) => f.experimentId))))
    .returning({ id: experiments.id });
  return rows.map((r) => r.id);
}

/** Ends our claim: COMPLETED or ERROR. Fenced, so a lost experiment is not touched. */
export async function finishExperiment(db: DbOrTx, f: Fence, p: { status: 'COMPLETED' | 'ERROR'; lastError?: string | null }) {
  const rows = await db.update(experiments).set({
    status: p.status, lastError: p.lastError ?? null, claimedAt: null, claimedBy: null, finishedAt: sql`now()`,
  }).where(and(eq(experiments.id, f.experimentId), eq(experiments.claimEpoch, f.epoch), eq(experiments.status, 'RUNNING')))
    .returning({ id: experiments.id });
  return rows.length > 0;
}

export async function markRateLimited(db: DbOrTx, experimentIds: string[]) {
  if (!experimentIds.length) return;
  await db.update(experiments).set({ rateLimitedAt: sql`now()` }).where(inArray(experiments.id, experimentIds));
}

/** Experiments whose owner went silent (or that were queued long ago and never picked up). */
export async function findOrphans(db: DbOrTx, staleMs: number): Promise<string[]> {
  const rows = await db.select({ id: experiments.id }).from(experiments).where(and(
    inArray(experiments.status, ['QUEUED', 'RUNNING']),
    sql`coalesce(${experiments.claimedAt}, ${experiments.toggledAt}, ${experiments.createdAt}) < now() - make_interval(secs => ${staleMs / 1000})`,
  ));
  return rows.map((r) => r.id);
}

/** Ephemeral runs whose page stopped sending its heartbeat are stopped (not by a user: no cooldown). */
export async function stopAbandonedEphemeral(db: DbOrTx, timeoutMs: number): Promise<number> {
  const rows = await db.update(experiments).set({ status: 'STOPPED', claimedAt: null, claimedBy: null })
    .where(and(eq(experiments.record, false), inArray(experiments.status, ['QUEUED', 'RUNNING']),
      sql`${experiments.clientSeenAt} < now() - make_interval(secs => ${timeoutMs / 1000})`))
    .returning({ id: experiments.id });
  return rows.length;
}

export async function deleteExpiredEphemeral(db: DbOrTx, retentionMs: number): Promise<number> {
  const rows = await db.delete(experiments).where(and(eq(experiments.record, false),
    inArray(experiments.status, ['STOPPED', 'COMPLETED', 'ERROR']),
    sql`${experiments.createdAt} < now() - make_interval(secs => ${retentionMs / 1000})`))
    .returning({ id: experiments.id });
  return rows.length;
}
