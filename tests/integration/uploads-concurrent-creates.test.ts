import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import type { PgBoss } from 'pg-boss';
import { createTestDb, type TestDb } from '../helpers/db';
import { arithmeticDataset, experimentInput, producer, simulatorProvider, testUser } from '../helpers/fixtures';
import { waitFor } from '../helpers/processes';
import { createDataset } from '../../lib/datasets/items';
import { assertDatasetNameFree } from '../../lib/datasets/queries';
import { createExperiment } from '../../lib/experiments/create';
import { UserError } from '../../lib/errors';

let t: TestDb;
let boss: PgBoss;
beforeAll(async () => {
  t = await createTestDb();
  boss = await producer(t.url);
});
afterAll(async () => {
  await boss?.stop({ graceful: false });
  await t?.drop();
});

/**
 * Runs two identical creates so that both pass their "name taken?" check before either inserts:
 * a SHARE lock on the table lets reads through and holds both inserts until both wait on it.
 */
async function raceTwo<T>(table: 'datasets' | 'experiments', create: () => Promise<T>): Promise<PromiseSettledResult<T>[]> {
  let both!: Promise<PromiseSettledResult<T>[]>;
  await t.sql.begin(async (lock) => {
    await lock.unsafe(`lock table ${table} in share mode`);
    both = Promise.allSettled([create(), create()]);
    await waitFor(async () => {
      const rows = await t.db.execute<{ n: number }>(sql`select count(*)::int as n from pg_stat_activity
        where datname = current_database() and wait_event_type = 'Lock' and query ilike ${`insert into "${table}"%`}`);
      return Number(rows[0].n) === 2;
    }, { what: `both creates to wait on the ${table} lock` });
  });
  return both; // the lock went with the transaction: now the unique index decides
}

function expectOneCreatedOneConflict<T>(results: PromiseSettledResult<T>[], message: string) {
  const created = results.filter((r) => r.status === 'fulfilled');
  const refused = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
  expect(created).toHaveLength(1);
  expect(refused).toHaveLength(1);
  expect(refused[0].reason).toBeInstanceOf(UserError);
  expect(refused[0].reason).toMatchObject({ status: 409, message, fieldErrors: { name: 'Name is taken' } });
}

describe('two identical creates at once: one is created, the other is a 409', () => {
  it('datasets', async () => {
    const results = await raceTwo('datasets', async () => {
      await assertDatasetNameFree(t.db, 'twins'); // what the create action checks first
      return createDataset(t.db, { name: 'twins' });
    });
    expectOneCreatedOneConflict(results, 'A dataset named "twins" already exists');
    const rows = await t.db.execute<{ n: number }>(sql`select count(*)::int as n from datasets where name = 'twins'`);
    expect(Number(rows[0].n)).toBe(1);
    // Not racing, the check answers first, with the same 409.
    await expect(createDataset(t.db, { name: 'twins' })).rejects.toMatchObject({ status: 409 });
    await expect(assertDatasetNameFree(t.db, 'twins')).rejects.toMatchObject({ status: 409 });
  });

  it('experiments, and the loser leaves no job behind', async () => {
    const ds = await arithmeticDataset(t.db, 2);
    const provider = await simulatorProvider(t.db, 'http://127.0.0.1:9/v1');
    const input = experimentInput(ds.id, provider.id, { name: 'same name' });
    const results = await raceTwo('experiments', () => createExperiment(t.db, boss, input, testUser()));
    expectOneCreatedOneConflict(results, 'An experiment named "same name" already exists in this dataset');
    const [winner] = results.filter((r) => r.status === 'fulfilled').map((r) => r.value);
    const jobs = await t.db.execute<{ experiment_id: string }>(sql`select data ->> 'experimentId' as experiment_id from pgboss.job where name = 'experiment-run'`);
    expect(jobs.map((j) => j.experiment_id)).toEqual([winner.id]);
    await expect(createExperiment(t.db, boss, input, testUser())).rejects.toMatchObject({ status: 409 });
  });
});
