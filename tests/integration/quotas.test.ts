import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import type { PgBoss } from 'pg-boss';
import { untilDatabaseTimePasses, type TestDb } from '../helpers/db';
import { startRunnerSuite, stopRunnerSuite, type RunnerSuite } from '../helpers/suite';
import { arithmeticDataset, createTestExperiment, experimentInput, experimentRow, testUser } from '../helpers/fixtures';
import { signedInAs, useDatabaseForAuth } from '../helpers/auth';
import { waitFor } from '../helpers/processes';
import { createExperiment } from '../../lib/experiments/create';
import { resumeExperiment, stopExperiment } from '../../lib/experiments/lifecycle';
import { insertItems } from '../../lib/datasets/items';
import { databaseNow } from '../../lib/db/now';
import { getQuotas, setQuotas } from '../../lib/quotas/quotas';
import { DEFAULT_QUOTAS, type Quotas } from '../../lib/quotas/quota-schema';
import { UserError } from '../../lib/errors';
import { experiments, quotas as quotasTable } from '../../lib/db/schema';
import type { CreateExperimentInput, ExperimentConfig } from '../../lib/experiments/config';
import { getSql } from '../../lib/db/client';
import { getProducerBoss } from '../../lib/queue/boss';
import { appUrl } from '../../lib/config';

// No worker: experiments stay QUEUED until a test moves them, so the counts are exact.
let suite: RunnerSuite;
let t: TestDb;
let boss: PgBoss;
let provider: { id: string };

beforeAll(async () => {
  suite = await startRunnerSuite({ worker: false });
  ({ t, boss, provider } = suite);
});
afterAll(async () => {
  if (process.env.DATABASE_URL === t?.url) {
    await (await getProducerBoss(t.url)).stop({ graceful: false });
    await getSql().end({ timeout: 5 });
  }
  await stopRunnerSuite(suite);
});

const HINT = '(an admin can change quotas in Settings)';

async function useQuotas(changes: Partial<Quotas>) {
  await setQuotas(t.db, { ...DEFAULT_QUOTAS, ...changes });
}

/** The UserError a creation is refused with; fails the test if anything is stored. */
async function refusal(input: CreateExperimentInput, by = testUser()): Promise<UserError> {
  const err = await createExperiment(t.db, boss, input, by).then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(UserError);
  expect((err as UserError).status).toBe(403);
  expect(await t.db.select().from(experiments).where(eq(experiments.name, input.name))).toHaveLength(0);
  return err as UserError;
}

async function statusOf(id: string) {
  return (await experimentRow(t.db, id)).status;
}

describe('per-experiment quotas at creation', () => {
  it('the defaults are in force until an admin saves quotas', async () => {
    expect(await getQuotas(t.db)).toEqual(DEFAULT_QUOTAS);
    expect(DEFAULT_QUOTAS).toEqual({ maxRepetitions: 10, maxTokens: 16_384, maxItemsPerExperiment: 100_000, maxConcurrentExperimentsPerUser: 5 });
  });

  it('refuses the attack from the issue, 100 repetitions of 1,000,000 max tokens, naming both limits', async () => {
    const ds = await arithmeticDataset(t.db, 3);
    const err = await refusal(experimentInput(ds.id, provider.id, { config: { repetitions: 100, params: { maxTokens: 1_000_000 } } }));
    expect(err.message).toBe(`Repetitions: 100 asked, the limit is 10; Max tokens: 1,000,000 asked, the limit is 16,384 ${HINT}`);
    expect(err.fieldErrors).toEqual({ 'config.repetitions': 'At most 10 (quota)', 'config.params.maxTokens': 'At most 16,384 (quota)' });
  });

  it('repetitions: one over the limit is refused, the limit itself passes', async () => {
    await useQuotas({ maxRepetitions: 3 });
    const ds = await arithmeticDataset(t.db, 2);
    const err = await refusal(experimentInput(ds.id, provider.id, { config: { repetitions: 4 } }));
    expect(err.message).toBe(`Repetitions: 4 asked, the limit is 3 ${HINT}`);
    const { id } = await createTestExperiment(t.db, boss, ds.id, provider.id, { config: { repetitions: 3 } });
    expect(await statusOf(id)).toBe('QUEUED');
  });

  it('max tokens: over the limit is refused; an experiment that sets none runs with the limit', async () => {
    await useQuotas({ maxTokens: 1_000 });
    const ds = await arithmeticDataset(t.db, 2);
    const err = await refusal(experimentInput(ds.id, provider.id, { config: { params: { maxTokens: 1_001 } } }));
    expect(err.message).toBe(`Max tokens: 1,001 asked, the limit is 1,000 ${HINT}`);

    const unset = await createTestExperiment(t.db, boss, ds.id, provider.id);
    expect(((await experimentRow(t.db, unset.id)).config as ExperimentConfig).params.maxTokens).toBe(1_000);
    const lower = await createTestExperiment(t.db, boss, ds.id, provider.id, { config: { params: { maxTokens: 50 } } });
    expect(((await experimentRow(t.db, lower.id)).config as ExperimentConfig).params.maxTokens).toBe(50);

    await useQuotas({ maxTokens: null });
    const unlimited = await createTestExperiment(t.db, boss, ds.id, provider.id, { config: { params: { maxTokens: 1_000_000 } } });
    expect(((await experimentRow(t.db, unlimited.id)).config as ExperimentConfig).params.maxTokens).toBe(1_000_000);
    const noCap = await createTestExperiment(t.db, boss, ds.id, provider.id);
    expect(((await experimentRow(t.db, noCap.id)).config as ExperimentConfig).params.maxTokens).toBeUndefined();
  });

  it('items per experiment: items at the chosen dataset version × repetitions', async () => {
    await useQuotas({ maxItemsPerExperiment: 50 });
    const ds = await arithmeticDataset(t.db, 25);
    const v25 = await databaseNow(t.db);
    await untilDatabaseTimePasses(t.db, v25);
    await insertItems(t.db, ds.id, Array.from({ length: 5 }, (_, i) => ({ input: { question: `extra ${i}` } })));

    const err = await refusal(experimentInput(ds.id, provider.id, { config: { repetitions: 2 } }));
    expect(err.message).toBe(`Items per experiment: 60 asked (30 items × 2 repetitions), the limit is 50 ${HINT}`);
    // The version of 25 items makes exactly the limit.
    const { id } = await createTestExperiment(t.db, boss, ds.id, provider.id, { datasetVersion: v25, config: { repetitions: 2 } });
    expect(await statusOf(id)).toBe('QUEUED');
  });

  it('with every quota off, only the fixed caps of the experiment schema remain', async () => {
    await setQuotas(t.db, { maxRepetitions: null, maxTokens: null, maxItemsPerExperiment: null, maxConcurrentExperimentsPerUser: null });
    const ds = await arithmeticDataset(t.db, 1);
    const { id } = await createTestExperiment(t.db, boss, ds.id, provider.id, { config: { repetitions: 100, params: { maxTokens: 1_000_000 } } });
    expect(await statusOf(id)).toBe('QUEUED');
    await expect(createTestExperiment(t.db, boss, ds.id, provider.id, { config: { repetitions: 101 } })).rejects.toThrow('repetitions must be 1 to 100');
  });
});

describe('concurrent experiments per user', () => {
  it('counts only QUEUED and RUNNING experiments of that user', async () => {
    await useQuotas({ maxConcurrentExperimentsPerUser: 2 });
    const ds = await arithmeticDataset(t.db, 2);
    const alice = testUser();
    const bob = testUser();
    const a1 = await createTestExperiment(t.db, boss, ds.id, provider.id, {}, alice);
    const a2 = await createTestExperiment(t.db, boss, ds.id, provider.id, {}, alice);
    await t.db.update(experiments).set({ status: 'RUNNING' }).where(eq(experiments.id, a2.id));

    const err = await refusal(experimentInput(ds.id, provider.id), alice);
    expect(err.message).toBe(`Concurrent experiments per user: you have 2 queued or running, the limit is 2 (stop one or wait for one to finish; an admin can change quotas in Settings)`);
    // Another user's count is their own.
    await createTestExperiment(t.db, boss, ds.id, provider.id, {}, bob);

    // Stopped, completed and failed experiments do not count.
    await stopExperiment(t.db, a1.id, { byUser: false });
    const a3 = await createTestExperiment(t.db, boss, ds.id, provider.id, {}, alice);
    await t.db.update(experiments).set({ status: 'COMPLETED' }).where(eq(experiments.id, a2.id));
    const a4 = await createTestExperiment(t.db, boss, ds.id, provider.id, {}, alice);
    await t.db.update(experiments).set({ status: 'ERROR' }).where(eq(experiments.id, a3.id));
    await createTestExperiment(t.db, boss, ds.id, provider.id, {}, alice);
    await refusal(experimentInput(ds.id, provider.id), alice);
    expect((await experimentRow(t.db, a4.id)).createdBy).toBe(alice.userId);
  });

  it('two creates at once for the last slot: exactly one is queued', async () => {
    await useQuotas({ maxConcurrentExperimentsPerUser: 1 });
    const ds = await arithmeticDataset(t.db, 1);
    const carol = testUser();
    // Line both creates up at their insert (its foreign key check waits for this row lock), then
    // let them go together: each would see only itself unless the count is serialised.
    let release!: () => void;
    const released = new Promise<void>((r) => { release = r; });
    let locked!: () => void;
    const isLocked = new Promise<void>((r) => { locked = r; });
    const holder = t.db.transaction(async (tx) => {
      await tx.execute(sql`select id from datasets where id = ${ds.id} for update`);
      locked();
      await released;
    });
    await isLocked;
    const creates = [0, 1].map(() => createTestExperiment(t.db, boss, ds.id, provider.id, {}, carol));
    await waitFor(async () => {
      const [row] = await t.db.execute<{ n: number }>(sql`select count(*)::int as n from pg_stat_activity
        where datname = current_database() and wait_event_type = 'Lock' and query ilike 'insert into "experiments"%'`);
      return row.n === 2;
    }, { what: 'both creates to wait at their insert', intervalMs: 20 });
    release();
    await holder;
    const results = await Promise.allSettled(creates);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.find((r) => r.status === 'rejected') as PromiseRejectedResult;
    expect(rejected.reason).toMatchObject({ status: 403, message: expect.stringContaining('Concurrent experiments per user') });
    expect(await t.db.select().from(experiments).where(eq(experiments.createdBy, carol.userId))).toHaveLength(1);
  });

  it('resume counts against the owner, and a refused resume leaves the experiment as it was', async () => {
    await useQuotas({ maxConcurrentExperimentsPerUser: 1 });
    const ds = await arithmeticDataset(t.db, 1);
    const dave = testUser();
    const erin = testUser();
    const first = await createTestExperiment(t.db, boss, ds.id, provider.id, {}, dave);
    await stopExperiment(t.db, first.id, { byUser: false });
    const second = await createTestExperiment(t.db, boss, ds.id, provider.id, {}, dave);

    const before = await experimentRow(t.db, first.id);
    await expect(resumeExperiment(t.db, boss, first.id, dave)).rejects.toMatchObject({
      status: 403, message: expect.stringContaining('Concurrent experiments per user: you have 1 queued or running, the limit is 1'),
    });
    // Whoever resumes it, it runs on its owner's quota.
    await expect(resumeExperiment(t.db, boss, first.id, erin)).rejects.toThrow('its owner has 1 queued or running');
    expect(await experimentRow(t.db, first.id)).toEqual(before);

    await stopExperiment(t.db, second.id, { byUser: false });
    await resumeExperiment(t.db, boss, first.id, erin);
    const resumed = await experimentRow(t.db, first.id);
    expect(resumed.status).toBe('QUEUED');
    expect(resumed.createdBy).toBe(dave.userId);
  });

  it('an experiment made before sign-in (no owner) becomes the resumer\'s and counts for them', async () => {
    await useQuotas({ maxConcurrentExperimentsPerUser: 1 });
    const ds = await arithmeticDataset(t.db, 1);
    const frank = testUser();
    const legacy = await createTestExperiment(t.db, boss, ds.id, provider.id);
    await t.db.update(experiments).set({ status: 'STOPPED', createdBy: null }).where(eq(experiments.id, legacy.id));
    const busy = await createTestExperiment(t.db, boss, ds.id, provider.id, {}, frank);

    await expect(resumeExperiment(t.db, boss, legacy.id, frank)).rejects.toThrow('you have 1 queued or running');
    expect((await experimentRow(t.db, legacy.id)).createdBy).toBeNull();
    await stopExperiment(t.db, busy.id, { byUser: false });
    await resumeExperiment(t.db, boss, legacy.id, frank);
    expect(await experimentRow(t.db, legacy.id)).toMatchObject({ status: 'QUEUED', createdBy: frank.userId });
  });
});

describe('setQuotas', () => {
  it('refuses what is not a whole number in range, naming the quota, and keeps what was saved', async () => {
    await useQuotas({ maxRepetitions: 7 });
    const cases: [Partial<Record<keyof Quotas, unknown>>, string][] = [
      [{ maxRepetitions: 0 }, 'Repetitions: a whole number from 1 to 100, or empty for no limit'],
      [{ maxRepetitions: 101 }, 'Repetitions: a whole number from 1 to 100, or empty for no limit'],
      [{ maxTokens: 1.5 }, 'Max tokens: a whole number from 1 to 1,000,000, or empty for no limit'],
      [{ maxItemsPerExperiment: Number.NaN }, 'Items per experiment: a whole number from 1 to 100,000,000, or empty for no limit'],
      [{ maxConcurrentExperimentsPerUser: '3' }, 'Concurrent experiments per user: a whole number from 1 to 10,000, or empty for no limit'],
      [{ maxConcurrentExperimentsPerUser: undefined }, 'Concurrent experiments per user: a whole number from 1 to 10,000, or empty for no limit'],
    ];
    for (const [change, message] of cases) {
      const err = await setQuotas(t.db, { ...DEFAULT_QUOTAS, ...change } as Quotas).then(() => null, (e: unknown) => e);
      expect(err, JSON.stringify(change)).toBeInstanceOf(UserError);
      expect((err as UserError).message).toContain(message);
      expect(Object.keys((err as UserError).fieldErrors)).toEqual(Object.keys(change));
    }
    expect((await getQuotas(t.db)).maxRepetitions).toBe(7);
  });

  it('saves all four in one row, null meaning no limit, and records who saved them', async () => {
    const saved = { maxRepetitions: 20, maxTokens: null, maxItemsPerExperiment: 5_000, maxConcurrentExperimentsPerUser: 3 };
    await setQuotas(t.db, saved, { userId: 'admin-1' });
    expect(await getQuotas(t.db)).toEqual(saved);
    const rows = await t.db.select().from(quotasTable);
    expect(rows).toHaveLength(1);
    expect(rows[0].updatedBy).toBe('admin-1');
    // The table cannot grow a second row that would make "the quotas" ambiguous.
    await expect(t.db.execute(sql`insert into quotas (id) values (2)`)).rejects.toThrow();
  });
});

describe('the JSON API', () => {
  it('POST /api/experiments is refused with 403 and the limit named; a create counts for the key\'s user', async () => {
    await useQuotas({});
    useDatabaseForAuth(t.url);
    const { POST } = await import('../../app/api/experiments/route');
    const member = await signedInAs('member');
    const ds = await arithmeticDataset(t.db, 2);
    const post = (body: unknown) => POST(new Request(`${appUrl()}/api/experiments`, {
      method: 'POST', body: JSON.stringify(body), headers: { ...member.headers, 'content-type': 'application/json' },
    }), {});

    const refused = await post(experimentInput(ds.id, provider.id, { name: 'api-over', config: { repetitions: 100, params: { maxTokens: 1_000_000 } } }));
    expect(refused.status).toBe(403);
    expect((await refused.json()).error).toBe(`Repetitions: 100 asked, the limit is 10; Max tokens: 1,000,000 asked, the limit is 16,384 ${HINT}`);

    const created = await post(experimentInput(ds.id, provider.id, { name: 'api-ok' }));
    expect(created.status).toBe(201);
    const { id } = await created.json();
    expect((await experimentRow(t.db, id)).createdBy).toBe(member.user.id);
  });
});
