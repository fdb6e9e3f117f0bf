import { sql } from 'drizzle-orm';
import type { DbOrTx } from './client';
import { dbNowMs } from './schema';

/**
 * "Now" as the database sees it, to the millisecond: the one clock for times that the web
 * process and the workers both compare (dataset versions, leases, cooldowns).
 */
export async function databaseNow(db: DbOrTx): Promise<Date> {
  const rows = await db.execute<{ now: string }>(sql`select ${dbNowMs}::text as now`);
  return new Date(rows[0].now);
}
