import { expect } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import type { PgBoss } from 'pg-boss';
import type { Db } from '../../lib/db/client';
import { experimentRuns, experiments } from '../../lib/db/schema';
import { resumeExperiment } from '../../lib/experiments/lifecycle';
import { UserError } from '../../lib/errors';
import { testUser } from './fixtures';

/** Exactly one run per (item, repetition, variant), all succeeded: nothing lost, nothing run twice. */
export async function expectExactlyOneSucceededRunPerPair(db: Db, id: string, pairs: number) {
  const [row] = await db.select({
    runs: sql<number>`count(*)::int`, distinctPairs: sql<number>`count(distinct (dataset_item_id, repetition, variant))::int`,
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

/**
 * Logs every change of an experiment's claim epoch with the database time it happened, so a test
 * can assert on when a takeover happened rather than on when it noticed it. Test databases only.
 */
export async function logClaimChanges(db: Db) {
  await db.execute(sql`create table if not exists test_claim_changes (experiment_id uuid not null, epoch int not null, claimed_by text, at timestamptz not null)`);
  await db.execute(sql`create or replace function test_log_claim_change() returns trigger language plpgsql as $$
    begin
      insert into test_claim_changes values (new.id, new.claim_epoch, new.claimed_by, now());
      return new;
    end $$`);
  await db.execute(sql`drop trigger if exists test_claim_changes on experiments`);
  await db.execute(sql`create trigger test_claim_changes after update of claim_epoch on experiments
    for each row when (old.claim_epoch is distinct from new.claim_epoch) execute function test_log_claim_change()`);
}

/** When another claim first replaced claim `epoch` of the experiment (database clock, ms), or null. */
export async function claimReplacedAt(db: Db, experimentId: string, epoch: number): Promise<number | null> {
  const [row] = await db.execute<{ at: Date | string | null }>(sql`select min(at) as at from test_claim_changes where experiment_id = ${experimentId} and epoch > ${epoch}`);
  return row?.at ? new Date(row.at).getTime() : null;
}
