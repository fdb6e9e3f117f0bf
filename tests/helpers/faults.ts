import { expect } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import type { PgBoss } from 'pg-boss';
import type { Db } from '../../lib/db/client';
import { experimentRuns, experiments } from '../../lib/db/schema';
import { resumeExperiment } from '../../lib/experiments/lifecycle';
import { UserError } from '../../lib/errors';
import { testUser } from './fixtures';

/** Exactly one run per (item, repetition), all succeeded: nothing lost, nothing run twice. */
export async function expectExactlyOneSucceededRunPerPair(db: Db, id: string, pairs: number) {
  const [row] = await db.select({
    runs: sql<number>`count(*)::int`, distinctPairs: sql<number>`count(distinct (dataset_item_id, repetition))::int`,
    succeeded: sql<number>`count(*) filter (where status = 'SUCCEEDED')::int`,
  }).from(experimentRuns).where(eq(experimentRuns.experimentId, id));
  expect(row).toEqual({ runs: pairs, distinctPairs: pairs, succeeded: pairs });
}

/** The experiment's counters agree with its runs table. */
export async function expectCountersMatchRuns(db: Db, id: string) {
  const [counted] = await db.select({
    succeeded: sql<number>`count(*) filter (where status = 'SUCCEEDED')::int`,
    failed: sql<number>`count(*) filter (where status = 'FAILED')::int`,
  }).from(experimentRuns).where(eq(experimentRuns.experimentId, id));
  const [row] = await db.select({ succeeded: experiments.runsSucceeded, failed: experiments.runsFailed }).from(experiments).where(eq(experiments.id, id));
  expect(row).toEqual(counted);
}

/** Resume at the first moment the 5 s toggle cooldown allows (a gate, not a fixed sleep). */
export async function resumeWhenAllowed(db: Db, boss: PgBoss, id: string, timeoutMs = 15_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      return await resumeExperiment(db, boss, id, testUser());
    } catch (err) {
      if (!(err instanceof UserError && err.status === 429) || Date.now() > deadline) throw err;
      await new Promise((r) => setTimeout(r, 50));
    }
  }
}

/** The database's clock, so intervals are measured on the same clock as claimed_at. */
export async function dbNow(db: Db): Promise<number> {
  const [row] = await db.execute<{ now: Date | string }>(sql`select clock_timestamp() as now`);
  return new Date(row.now).getTime();
}
