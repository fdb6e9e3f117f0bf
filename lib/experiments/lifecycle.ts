import { and, eq, inArray, sql } from 'drizzle-orm';
import type postgres from 'postgres';
import type { PgBoss } from 'pg-boss';
import type { Db, DbOrTx } from '../db/client';
import { experiments, workers } from '../db/schema';
import { leaseMs } from '../config';
import { notifyExperiment, stopAndAwaitOwner } from '../runner/notifications';
import { sendJob } from '../queue/boss';
import { NotFoundError, UserError } from '../errors';
import { getExperiment } from './queries';
import { TOGGLE_COOLDOWN_MS } from './api-schemas';
import { checkConcurrency, getQuotas } from '../quotas/quotas';

export { TOGGLE_COOLDOWN_MS };

/** On the database's clock, which also set toggled_at (a web host's clock may differ). */
async function cooldownLeftMs(db: DbOrTx, id: string): Promise<number> {
  const [row] = await db.select({
    ms: sql<number>`coalesce(greatest(0, extract(epoch from ${experiments.toggledAt} + make_interval(secs => ${TOGGLE_COOLDOWN_MS / 1000}) - now()) * 1000), 0)::float8`,
  }).from(experiments).where(eq(experiments.id, id));
  return Number(row?.ms ?? 0);
}

/** The postgres.js client behind a drizzle handle, to listen on (none for a transaction). */
const clientOf = (db: Db): postgres.Sql | null => (db as { $client?: postgres.Sql }).$client ?? null;

/**
 * User stop: marks it STOPPED atomically and notifies the owner in the same transaction. The owner
 * hears it at once (its claim check is the fallback), dispatches nothing new and confirms; the stop
 * returns after that confirmation (bounded), so no new call starts once it has returned. In-flight
 * calls finish: their writes are fenced by claim_epoch, which a stop leaves alone and only a new
 * claim bumps. The owner keeps its lease until the last of them is recorded, so a quick resume
 * waits for them rather than paying twice.
 */
export async function stopExperiment(db: Db, id: string, opts: { byUser?: boolean; now?: boolean } = { byUser: true }) {
  const { result } = await stopAndAwaitOwner(clientOf(db), id, () => db.transaction(async (tx) => {
    const stopped = await markStopped(tx, id, opts);
    if (!stopped) return { result: null, liveOwner: false };
    await notifyExperiment(tx, { kind: opts.now ? 'revoked' : 'stopped', id });
    return { result: stopped, liveOwner: stopped.owner !== null && await isLiveWorker(tx, stopped.owner) };
  }));
  if (result) return { stopped: true };
  const exp = await getExperiment(db, id);
  if (!exp) throw new NotFoundError('Experiment');
  if (exp.status !== 'QUEUED' && exp.status !== 'RUNNING') throw new UserError(`The experiment is not running (it is ${exp.status})`, {}, 409);
  const wait = await cooldownLeftMs(db, id);
  throw new UserError(`Please wait ${Math.ceil(wait / 1000)} s: an experiment can be stopped or resumed once every 5 seconds`, {}, 429);
}

async function isLiveWorker(db: DbOrTx, workerId: string): Promise<boolean> {
  const [row] = await db.select({ id: workers.id }).from(workers)
    .where(and(eq(workers.id, workerId), sql`${workers.heartbeatAt} > now() - make_interval(secs => ${leaseMs() / 1000})`));
  return !!row;
}

/** The stop itself (in the caller's transaction): the owner it had, or null when it could not stop. */
async function markStopped(db: DbOrTx, id: string, opts: { byUser?: boolean; now?: boolean }) {
  const byUser = opts.byUser ?? true;
  // The owner before the update (Stop now clears it), read under the row lock the update takes anyway.
  const [before] = await db.select({ owner: experiments.claimedBy }).from(experiments).where(eq(experiments.id, id)).for('update');
  if (!before) return null;
  const rows = await db.update(experiments).set({
    status: 'STOPPED',
    // Stop now: the lease is revoked at once, so the owner aborts its calls in flight (their items
    // run again on resume) instead of waiting for them.
    ...(opts.now ? { claimedAt: null, claimedBy: null } : {}),
    ...(byUser ? { toggledAt: sql`now()` } : {}),
  }).where(and(
    eq(experiments.id, id),
    inArray(experiments.status, ['QUEUED', 'RUNNING']),
    byUser ? sql`(${experiments.toggledAt} is null or ${experiments.toggledAt} < now() - make_interval(secs => ${TOGGLE_COOLDOWN_MS / 1000}))` : undefined,
  )).returning({ id: experiments.id });
  return rows.length ? { owner: before.owner } : null;
}

/**
 * Resume: only a non-running experiment; sets QUEUED and sends `experiment-run` in the same
 * transaction. The worker recomputes outstanding work from the database. A resumed experiment
 * runs again, so it counts against its owner's concurrency quota, whoever resumes it; one made
 * before sign-in (no owner) becomes `by`'s.
 */
export async function resumeExperiment(db: Db, boss: PgBoss, id: string, by: { userId: string }) {
  const quotas = await getQuotas(db);
  return db.transaction(async (tx) => {
    const rows = await tx.update(experiments).set({
      // The lease is left alone: a previous owner still draining in-flight calls keeps it (and
      // claims the experiment again itself once they are recorded).
      status: 'QUEUED', toggledAt: sql`now()`, lastError: null, finishedAt: null,
      createdBy: sql`coalesce(${experiments.createdBy}, ${by.userId})`,
    }).where(and(
      eq(experiments.id, id),
      inArray(experiments.status, ['STOPPED', 'ERROR', 'COMPLETED']),
      sql`(${experiments.toggledAt} is null or ${experiments.toggledAt} < now() - make_interval(secs => ${TOGGLE_COOLDOWN_MS / 1000}))`,
    )).returning({ id: experiments.id, record: experiments.record, createdBy: experiments.createdBy });
    if (!rows.length) {
      const exp = await getExperiment(tx, id);
      if (!exp) throw new NotFoundError('Experiment');
      if (exp.status === 'QUEUED' || exp.status === 'RUNNING') throw new UserError('The experiment is already running', {}, 409);
      throw new UserError(`Please wait ${Math.ceil((await cooldownLeftMs(tx, id)) / 1000)} s: an experiment can be stopped or resumed once every 5 seconds`, {}, 429);
    }
    // Refused: the rollback leaves the experiment as it was (status, cooldown and owner).
    const busy = await checkConcurrency(tx, quotas, { ownerId: rows[0].createdBy ?? by.userId, actorId: by.userId });
    if (busy) throw busy;
    if (!rows[0].record) await tx.update(experiments).set({ clientSeenAt: sql`now()` }).where(eq(experiments.id, id));
    await sendJob(boss, 'experiment-run', { experimentId: id }, { tx });
    await notifyExperiment(tx, { kind: 'queued', id });
    return { resumed: true };
  });
}

/** Deletes it; its owner (if any) hears at once and aborts its calls in flight. */
export async function deleteExperiment(db: Db, id: string) {
  return db.transaction(async (tx) => {
    const rows = await tx.delete(experiments).where(eq(experiments.id, id)).returning({ id: experiments.id });
    if (!rows.length) throw new NotFoundError('Experiment');
    await notifyExperiment(tx, { kind: 'revoked', id });
    return { deleted: true };
  });
}

/** The page running an ephemeral experiment calls this every few seconds to keep it alive. */
export async function touchEphemeral(db: DbOrTx, id: string) {
  await db.update(experiments).set({ clientSeenAt: sql`now()` }).where(and(eq(experiments.id, id), eq(experiments.record, false)));
}
