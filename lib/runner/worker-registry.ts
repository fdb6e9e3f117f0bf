import { and, eq, lt, ne, sql, type SQL } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { workers } from '../db/schema';

/**
 * The live worker registry: each worker's row says it is alive (heartbeat_at, database time) and
 * how loaded it is. New work goes to the least-loaded live worker; a row older than a lease is dead
 * and counts for nothing.
 */
export interface WorkerLoad { experimentsHeld: number; callsInFlight: number }

/**
 * How long the least-loaded worker has to take new work before any worker may: a registry that
 * is wrong (a worker that hangs, or never heard of the experiment) delays a claim, never blocks it.
 */
export const CLAIM_GRACE_MS = 1_000;

/** The heartbeat: this worker is alive and holds this much. */
export async function announceWorker(db: DbOrTx, workerId: string, load: WorkerLoad) {
  await db.insert(workers).values({ id: workerId, ...load }).onConflictDoUpdate({
    target: workers.id,
    set: { heartbeatAt: sql`now()`, experimentsHeld: load.experimentsHeld, callsInFlight: load.callsInFlight },
  });
}

/** A graceful close: the worker takes no more work. */
export async function removeWorker(db: DbOrTx, workerId: string) {
  await db.delete(workers).where(eq(workers.id, workerId));
}

/** Rows of workers dead this long (killed, not closed) are only clutter. */
export async function pruneDeadWorkers(db: DbOrTx, deadForMs: number): Promise<number> {
  const rows = await db.delete(workers)
    .where(lt(workers.heartbeatAt, sql`now() - make_interval(secs => ${deadForMs / 1000})`))
    .returning({ id: workers.id });
  return rows.length;
}

export async function liveWorkers(db: DbOrTx, leaseMs: number) {
  return db.select().from(workers).where(sql`${workers.heartbeatAt} > now() - make_interval(secs => ${leaseMs / 1000})`);
}

/** A claim condition: no live worker other than `workerId` holds fewer than `held` experiments (ties allowed). */
export function noLessLoadedWorker(workerId: string, held: number, leaseMs: number): SQL {
  return sql`not exists (select 1 from ${workers} where ${and(
    ne(workers.id, workerId),
    lt(workers.experimentsHeld, held),
    sql`${workers.heartbeatAt} > now() - make_interval(secs => ${leaseMs / 1000})`,
  )})`;
}
