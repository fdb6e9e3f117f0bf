import 'server-only';
import { PgBoss, fromDrizzle } from 'pg-boss';
import { sql } from 'drizzle-orm';
import { jobs, JOB_NAMES, type JobInput, type JobName, type JobPayload } from './jobs';
import type { DbOrTx } from '../db/client';

export type Boss = PgBoss;

export async function startBoss(url: string, opts: { migrate?: boolean; supervise?: boolean; schedule?: boolean; max?: number } = {}) {
  const boss = new PgBoss({
    connectionString: url,
    max: opts.max ?? 5,
    migrate: opts.migrate ?? false,
    supervise: opts.supervise ?? false,
    schedule: opts.schedule ?? false,
  });
  // During a database outage this fires on every poll: one line each, not the client object.
  boss.on('error', (err) => console.error('[pg-boss]', err instanceof Error ? err.message : err));
  await boss.start();
  if (opts.migrate) {
    for (const name of JOB_NAMES) await boss.createQueue(name, { ...jobs[name].queue });
  }
  return boss;
}

/** Enqueue a job (stamped with its payload version), optionally inside the caller's drizzle transaction (row and job commit together). */
export async function sendJob<N extends JobName>(
  boss: PgBoss, name: N, data: JobInput<N>,
  options: { tx?: DbOrTx; startAfter?: Date | number } = {},
): Promise<string | null> {
  const payload = jobs[name].schema.parse(data);
  const def = jobs[name];
  const singletonKey = (def.singletonKey as (d: JobPayload<N>) => string)(payload as JobPayload<N>);
  return boss.send(name, payload, {
    singletonKey,
    ...(options.startAfter !== undefined ? { startAfter: options.startAfter as Date } : {}),
    ...(options.tx ? { db: fromDrizzle(options.tx as never, sql as never) } : {}),
  });
}

const globalForBoss = globalThis as unknown as { __appBoss?: Promise<PgBoss> };

/** The web process's single producer: no supervision, no schedule, no migrations from a request. */
export function getProducerBoss(url: string): Promise<PgBoss> {
  globalForBoss.__appBoss ??= startBoss(url, { max: 3 }).catch((err) => {
    globalForBoss.__appBoss = undefined;
    throw err;
  });
  return globalForBoss.__appBoss;
}
