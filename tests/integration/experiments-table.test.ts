import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, eq, sql } from 'drizzle-orm';
import { createTestDb, type TestDb } from '../helpers/db';
import { arithmeticDataset, simulatorProvider } from '../helpers/fixtures';
import { datasetItems, evaluations, experimentRuns, experiments } from '../../lib/db/schema';
import { decodeChangeCursor } from '../../lib/db/change-cursor';
import { listExperimentChanges, listExperimentsPage, listExperimentRows } from '../../lib/experiments/list';
import { evaluatorAverages } from '../../lib/experiments/evaluator-averages';
import { listRunChanges } from '../../lib/playground/runs';
import type { ExperimentConfig } from '../../lib/experiments/config';

/**
 * The experiments table's read model and the playground's run stream against a real PostgreSQL:
 * paging, search, delta polls (including a write whose transaction commits after a later one) and
 * the score sums kept by trigger. Rows are inserted directly: no worker.
 */

let t: TestDb;
let providerId: string;

beforeAll(async () => {
  t = await createTestDb();
  providerId = (await simulatorProvider(t.db, 'http://127.0.0.1:1')).id;
});
afterAll(async () => {
  await t?.drop();
});

const config = (evaluators: ExperimentConfig['evaluators'] = []): ExperimentConfig => ({
  template: { messages: [{ role: 'user', content: '{{question}}' }] }, providerConnectionId: providerId, model: 'sim-small',
  params: {}, responseSchema: null, repetitions: 1, maxConcurrency: null, evaluators,
});

async function experiment(datasetId: string, name: string, over: Partial<typeof experiments.$inferInsert> = {}) {
  const [row] = await t.db.insert(experiments).values({ datasetId, datasetVersion: new Date(), name, config: config(), status: 'COMPLETED', ...over }).returning();
  return row;
}

const ids = (rows: { id: string }[]) => rows.map((r) => r.id);
const cursorOf = (raw: string) => decodeChangeCursor(raw)!;

/** A transaction on a connection of its own, left open until `commit`. */
async function openTransaction() {
  const conn = await t.sql.reserve();
  await conn`begin`;
  return {
    run: (q: string) => conn.unsafe(q),
    commit: async () => { await conn`commit`; conn.release(); },
  };
}

describe('the experiments table', () => {
  it('pages newest first, counts the matches, and shows the last page for a page past the end', async () => {
    const ds = await arithmeticDataset(t.db, 1, { name: 'paging' });
    const made = [];
    // A second apart: two made in the same millisecond would tie on created_at and order by id instead.
    const at = Date.now() - 60_000;
    for (let i = 0; i < 5; i++) made.push(await experiment(ds.id, `paged ${i}`, { createdAt: new Date(at + i * 1000) }));
    const newestFirst = ids(made).reverse();
    const scope = { datasetId: ds.id };
    const first = await listExperimentsPage(t.db, { scope, pageSize: 2 });
    expect(first).toMatchObject({ total: 5, page: 1, pageSize: 2, pages: 3 });
    expect(ids(first.experiments)).toEqual(newestFirst.slice(0, 2));
    expect(ids((await listExperimentsPage(t.db, { scope, pageSize: 2, page: 2 })).experiments)).toEqual(newestFirst.slice(2, 4));
    const past = await listExperimentsPage(t.db, { scope, pageSize: 2, page: 9 });
    expect(past.page).toBe(3);
    expect(ids(past.experiments)).toEqual(newestFirst.slice(4));
    // Ephemeral (unrecorded) experiments are never listed.
    await experiment(ds.id, 'paged hidden', { record: false });
    // Made in the same millisecond, rows still come in one order: by id, newest first.
    const tied = new Date(at + 10_000);
    const twins = [await experiment(ds.id, 'twin a', { createdAt: tied }), await experiment(ds.id, 'twin b', { createdAt: tied })];
    expect(ids((await listExperimentsPage(t.db, { scope, pageSize: 2 })).experiments)).toEqual(ids(twins).sort().reverse());
    await t.db.delete(experiments).where(sql`${experiments.id} in (${sql.join(twins.map((w) => sql`${w.id}::uuid`), sql`, `)})`);
    expect((await listExperimentsPage(t.db, { scope })).total).toBe(5);
    // The cross-dataset list names each row's dataset.
    const all = await listExperimentRows(t.db, { scope: {}, q: 'paged 4', limit: 10, offset: 0 });
    expect(all).toEqual([expect.objectContaining({ id: made[4].id, datasetName: 'paging' })]);
  });

  it('searches names as a case-insensitive substring in which % and _ are plain characters', async () => {
    const ds = await arithmeticDataset(t.db, 1, { name: 'searching' });
    const percent = await experiment(ds.id, 'Discount 50% OFF');
    const underscore = await experiment(ds.id, 'run_a');
    const plain = await experiment(ds.id, 'runXa');
    const backslash = await experiment(ds.id, 'path\\to');
    const scope = { datasetId: ds.id };
    const search = async (q: string) => ids((await listExperimentsPage(t.db, { scope, q })).experiments).sort();
    expect(await search('50% off')).toEqual([percent.id]);
    expect(await search('%')).toEqual([percent.id]);
    expect(await search('n_a')).toEqual([underscore.id]);
    expect(await search('RUN')).toEqual([underscore.id, plain.id].sort());
    expect(await search('h\\t')).toEqual([backslash.id]);
    expect(await search('nothing like it')).toEqual([]);
    expect((await listExperimentsPage(t.db, { scope, q: '_' })).total).toBe(1);
  });

  it('polls only what changed since the cursor: changed rows, running rows, and deleted ids', async () => {
    const ds = await arithmeticDataset(t.db, 1, { name: 'delta' });
    const scope = { datasetId: ds.id };
    const [idle, changing, doomed] = [await experiment(ds.id, 'idle'), await experiment(ds.id, 'changing'), await experiment(ds.id, 'doomed')];
    const running = await experiment(ds.id, 'running', { status: 'RUNNING', claimedAt: new Date() });
    const page = await listExperimentsPage(t.db, { scope });

    const quiet = await listExperimentChanges(t.db, { scope, after: cursorOf(page.cursor) });
    // A running row comes every time (its worker-lease flag moves with the clock); idle ones do not.
    expect(ids(quiet.experiments)).toEqual([running.id]);
    expect(quiet).toMatchObject({ removed: [], total: 4, more: false, reset: false });

    await t.db.update(experiments).set({ runsSucceeded: 3 }).where(eq(experiments.id, changing.id));
    await t.db.delete(experiments).where(eq(experiments.id, doomed.id));
    const delta = await listExperimentChanges(t.db, { scope, after: cursorOf(quiet.cursor) });
    expect(ids(delta.experiments).sort()).toEqual([changing.id, running.id].sort());
    expect(delta.experiments.find((r) => r.id === changing.id)).toMatchObject({ runsSucceeded: 3 });
    expect(delta.experiments.map((r) => r.id)).not.toContain(idle.id);
    expect(delta.removed).toEqual([doomed.id]);
    expect(delta.total).toBe(3);

    const after = await listExperimentChanges(t.db, { scope, after: cursorOf(delta.cursor) });
    expect(ids(after.experiments)).toEqual([running.id]);
    expect(after.removed).toEqual([]);
  });

  it('still returns a change whose transaction commits after a later change was polled', async () => {
    const ds = await arithmeticDataset(t.db, 1, { name: 'late' });
    const scope = { datasetId: ds.id };
    const [slow, quick] = [await experiment(ds.id, 'slow writer'), await experiment(ds.id, 'quick writer')];
    const start = await listExperimentsPage(t.db, { scope });

    const late = await openTransaction();
    await late.run(`update experiments set runs_succeeded = 7 where id = '${slow.id}'`);
    await t.db.update(experiments).set({ runsSucceeded: 1 }).where(eq(experiments.id, quick.id));
    const seen = await listExperimentChanges(t.db, { scope, after: cursorOf(start.cursor) });
    expect(ids(seen.experiments)).toEqual([quick.id]);
    await late.commit();

    // The slow write is stamped before the quick one: a cursor at "the newest change seen" would skip it.
    const [stamps] = await t.db.execute<{ slow_first: boolean }>(sql`select
      (select updated_at from experiments where id = ${slow.id}) < (select updated_at from experiments where id = ${quick.id}) as slow_first`);
    expect(stamps.slow_first).toBe(true);
    const next = await listExperimentChanges(t.db, { scope, after: cursorOf(seen.cursor) });
    expect(next.experiments.find((r) => r.id === slow.id)).toMatchObject({ runsSucceeded: 7 });
  });

  it('pages a long catch-up and ends it on the horizon', async () => {
    const ds = await arithmeticDataset(t.db, 1, { name: 'catch-up' });
    const scope = { datasetId: ds.id };
    const start = await listExperimentsPage(t.db, { scope });
    const made = [];
    for (let i = 0; i < 5; i++) made.push(await experiment(ds.id, `catch ${i}`));
    const got: string[] = [];
    let cursor = cursorOf(start.cursor);
    for (let n = 0; n < 10; n++) {
      const page = await listExperimentChanges(t.db, { scope, after: cursor, limit: 2 });
      got.push(...ids(page.experiments));
      cursor = cursorOf(page.cursor);
      if (!page.more) break;
    }
    expect([...new Set(got)].sort()).toEqual(ids(made).sort());
    expect(cursor.horizon).toBeUndefined();
  });

  it('answers a cursor too old for the deletion log with the page itself', async () => {
    const ds = await arithmeticDataset(t.db, 1, { name: 'stale' });
    const e = await experiment(ds.id, 'still here');
    const changes = await listExperimentChanges(t.db, { scope: { datasetId: ds.id }, after: { at: '2000-01-01T00:00:00Z', id: '00000000-0000-0000-0000-000000000000' } });
    expect(changes).toMatchObject({ reset: true, total: 1, removed: [] });
    expect(ids(changes.experiments)).toEqual([e.id]);
  });

  it('reads evaluator averages from sums the evaluations keep up to date', async () => {
    const ds = await arithmeticDataset(t.db, 2, { name: 'scores' });
    const items = await t.db.select().from(datasetItems).where(eq(datasetItems.datasetId, ds.id)).orderBy(asc(datasetItems.seq));
    const e = await experiment(ds.id, 'scored', { config: config([{ type: 'exact_match', name: 'exact', expectedField: 'answer' }]) });
    const runs = await t.db.insert(experimentRuns).values(items.map((i) => ({ experimentId: e.id, datasetItemId: i.id, repetition: 1, status: 'SUCCEEDED' as const }))).returning();
    await t.db.insert(evaluations).values([
      { experimentId: e.id, runId: runs[0].id, evaluatorName: 'exact', status: 'COMPLETED', score: 1 },
      { experimentId: e.id, runId: runs[1].id, evaluatorName: 'exact', status: 'PENDING' },
    ]);
    expect((await evaluatorAverages(t.db, [e.id])).get(e.id)).toEqual([{ evaluator: 'exact', average: 1, count: 1 }]);
    await t.db.update(evaluations).set({ status: 'COMPLETED', score: 0 }).where(eq(evaluations.runId, runs[1].id));
    expect((await evaluatorAverages(t.db, [e.id])).get(e.id)).toEqual([{ evaluator: 'exact', average: 0.5, count: 2 }]);
    // A completed evaluation re-opened (e.g. by a repair) leaves the mean.
    await t.db.update(evaluations).set({ status: 'PENDING', score: null }).where(eq(evaluations.runId, runs[0].id));
    expect((await evaluatorAverages(t.db, [e.id])).get(e.id)).toEqual([{ evaluator: 'exact', average: 0, count: 1 }]);
    const [row] = (await listExperimentsPage(t.db, { scope: { datasetId: ds.id } })).experiments;
    expect(row.evaluatorAverages).toEqual([{ evaluator: 'exact', average: 0, count: 1 }]);
  });
});

describe("the playground's run stream", () => {
  it('reads only runs changed since its cursor, and a run or evaluation that commits late', async () => {
    const ds = await arithmeticDataset(t.db, 3, { name: 'stream' });
    const items = await t.db.select().from(datasetItems).where(eq(datasetItems.datasetId, ds.id)).orderBy(asc(datasetItems.seq));
    const e = await experiment(ds.id, 'streamed', { status: 'RUNNING' });
    const insertRun = async (i: number) => (await t.db.insert(experimentRuns).values({ experimentId: e.id, datasetItemId: items[i].id, repetition: 1, status: 'SUCCEEDED', output: `out ${i}` }).returning())[0];
    const r0 = await insertRun(0);
    const first = await listRunChanges(t.db, e.id);
    expect(ids(first.runs)).toEqual([r0.id]);

    // Nothing changed: nothing comes back (the run written before the cursor's horizon is not re-read).
    const idle = await listRunChanges(t.db, e.id, { after: cursorOf(first.cursor) });
    expect(idle.runs).toEqual([]);

    // A run written in a transaction that stays open while a later run is written and polled.
    const late = await openTransaction();
    await late.run(`insert into experiment_runs (experiment_id, dataset_item_id, repetition, status, output)
      values ('${e.id}', '${items[1].id}', 1, 'SUCCEEDED', '"late"')`);
    const r2 = await insertRun(2);
    const seen = await listRunChanges(t.db, e.id, { after: cursorOf(idle.cursor) });
    expect(ids(seen.runs)).toEqual([r2.id]);
    await late.commit();
    const next = await listRunChanges(t.db, e.id, { after: cursorOf(seen.cursor) });
    expect(next.runs.map((r) => r.output)).toContain('late');

    // An evaluation changes its run: the run comes back with it.
    await t.db.insert(evaluations).values({ experimentId: e.id, runId: r0.id, evaluatorName: 'exact', status: 'COMPLETED', score: 1 });
    const evaluated = await listRunChanges(t.db, e.id, { after: cursorOf(next.cursor) });
    expect(evaluated.runs.find((r) => r.id === r0.id)?.evaluations).toEqual([expect.objectContaining({ name: 'exact', score: 1 })]);
  });
});
