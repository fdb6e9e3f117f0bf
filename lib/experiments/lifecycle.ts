import { and, eq, inArray, sql } from 'drizzle-orm';
import type { PgBoss } from 'pg-boss';
import type { Db, DbOrTx } from '../db/client';
import { experiments } from '../db/schema';
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

/**
 * User stop: marks it STOPPED atomically. The owner notices at its next claim check (about a
 * second), dispatches nothing new and lets in-flight calls finish: their writes are fenced by
 * claim_epoch, which a stop leaves alone and only a new claim bumps. The owner keeps its lease
 * until the last of them is recorded, so a quick resume waits for them rather than paying twice.
 */
export async function stopExperiment(db: DbOrTx, id: string, opts: { byUser?: boolean; now?: boolean } = { byUser: true }) {
  const byUser = opts.byUser ?? true;
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
  if (rows.length) return { stopped: true };
  const exp = await getExperiment(db, id);
  if (!exp) throw new NotFoundError('Experiment');
  if (exp.status !== 'QUEUED' && exp.status !== 'RUNNING') throw new UserError(`The experiment is not running (it is ${exp.status})`, {}, 409);
  const wait = await cooldownLeftMs(db, id);
  throw new UserError(`Please wait ${Math.ceil(wait / 1000)} s: an experiment can be stopped or resumed once every 5 seconds`, {}, 429);
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
    return { resumed: true };
  });
}

export async function deleteExperiment(db: DbOrTx, id: string) {
  const rows = await db.delete(experiments).where(eq(experiments.id, id)).returning({ id: experiments.id });
  if (!rows.length) throw new NotFoundError('Experiment');
  return { deleted: true };
}

/** The page running an ephemeral experiment calls this every few seconds to keep it alive. */
export async function touchEphemeral(db: DbOrTx, id: string) {
  await db.update(experiments).set({ clientSeenAt: sql`now()` }).where(and(eq(experiments.id, id), eq(experiments.record, false)));
}
