import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDb, type TestDb } from '../../tests/helpers/db';
import { datasetItems, datasets, evaluations, experimentRuns, experiments, providerConnections } from '../db/schema';
import { decodeChangeCursor as decodeCursor } from '../db/change-cursor';
import { listRunChanges } from './runs';

// Against a real PostgreSQL: the change stream is SQL (keyset on a computed time, microsecond
// cursors, evaluations folded in), so it is tested where it runs.
let t: TestDb;
let experimentId: string;
let items: { id: string }[];

const at = (s: string) => new Date(`2026-01-01T00:00:${s}Z`);

async function run(itemIndex: number, updatedAt: string, p: { status?: 'SUCCEEDED' | 'FAILED'; output?: unknown; error?: string; repetition?: number; variant?: number } = {}) {
  const [row] = await t.db.insert(experimentRuns).values({
    experimentId, datasetItemId: items[itemIndex].id, repetition: p.repetition ?? 1, variant: p.variant ?? 0, status: p.status ?? 'SUCCEEDED',
    output: 'output' in p ? p.output : `answer ${itemIndex}`, error: p.error ?? null, latencyMs: 100 + itemIndex,
  }).returning();
  // Exact times (with microseconds) instead of clock_timestamp(), so the order is known.
  await t.db.execute(sql`update experiment_runs set updated_at = ${updatedAt}::timestamptz where id = ${row.id}`);
  return row.id;
}

async function evaluation(runId: string, name: string, score: number, updatedAt: string) {
  await t.db.insert(evaluations).values({ runId, experimentId, evaluatorName: name, status: 'COMPLETED', score, label: score ? 'match' : 'mismatch' });
  await t.db.execute(sql`update evaluations set updated_at = ${updatedAt}::timestamptz where run_id = ${runId} and evaluator_name = ${name}`);
}

beforeAll(async () => {
  t = await createTestDb();
  const [ds] = await t.db.insert(datasets).values({ name: 'ds' }).returning();
  items = await t.db.insert(datasetItems).values([0, 1, 2, 3].map((i) => ({
    datasetId: ds.id, input: { question: `q${i}` }, expectedOutput: { answer: `a${i}` },
  }))).returning();
  const [provider] = await t.db.insert(providerConnections).values({ name: 'p', baseUrl: 'http://127.0.0.1:1/v1' }).returning();
  const [e] = await t.db.insert(experiments).values({
    datasetId: ds.id, datasetVersion: at('59'), name: 'e',
    config: { template: { messages: [{ role: 'user', content: '{{question}}' }] }, providerConnectionId: provider.id, model: 'm' },
  }).returning();
  experimentId = e.id;
});
afterAll(async () => {
  await t?.drop();
});

describe('listRunChanges', () => {
  let r0: string, r1: string, r2: string;

  it('lists runs with their item and evaluations, oldest change first', async () => {
    r1 = await run(1, '2026-01-01T00:00:01.000002Z');
    r0 = await run(0, '2026-01-01T00:00:01.000001Z');
    r2 = await run(2, '2026-01-01T00:00:02Z', { status: 'FAILED', output: null, error: 'HTTP 400: bad request' });
    await evaluation(r0, 'exact_match', 1, '2026-01-01T00:00:01.000001Z');
    await evaluation(r0, 'contains', 0, '2026-01-01T00:00:01.000001Z');

    const { runs, more } = await listRunChanges(t.db, experimentId);
    expect(more).toBe(false);
    expect(runs.map((r) => r.id)).toEqual([r0, r1, r2]);
    expect(runs[0]).toMatchObject({
      itemId: items[0].id, repetition: 1, status: 'SUCCEEDED', input: { question: 'q0' }, expected: { answer: 'a0' },
      output: 'answer 0', error: null, latencyMs: 100,
      evaluations: [
        { name: 'contains', status: 'COMPLETED', score: 0, label: 'mismatch', explanation: null, error: null },
        { name: 'exact_match', status: 'COMPLETED', score: 1, label: 'match', explanation: null, error: null },
      ],
    });
    expect(runs[1].evaluations).toEqual([]);
    expect(runs[2]).toMatchObject({ status: 'FAILED', output: null, error: 'HTTP 400: bad request' });
    expect(runs[0].itemSeq).toBeLessThan(runs[1].itemSeq);
    // Cursors keep the database's microseconds.
    expect(decodeCursor(runs[0].cursor)).toEqual({ at: '2026-01-01T00:00:01.000001Z', id: r0 });
    expect(decodeCursor(runs[1].cursor)?.at).toBe('2026-01-01T00:00:01.000002Z');
  });

  it('pages on exactly from a cursor, a microsecond apart included', async () => {
    const first = await listRunChanges(t.db, experimentId, { limit: 1 });
    expect(first.runs.map((r) => r.id)).toEqual([r0]);
    expect(first.more).toBe(true);
    const second = await listRunChanges(t.db, experimentId, { after: decodeCursor(first.runs[0].cursor), limit: 1 });
    expect(second.runs.map((r) => r.id)).toEqual([r1]);
    expect(second.more).toBe(true);
    const third = await listRunChanges(t.db, experimentId, { after: decodeCursor(second.runs[0].cursor), limit: 5 });
    expect(third.runs.map((r) => r.id)).toEqual([r2]);
    expect(third.more).toBe(false);
    expect((await listRunChanges(t.db, experimentId, { after: decodeCursor(third.runs[0].cursor) })).runs).toEqual([]);
  });

  it('returns a run again when one of its evaluations changes', async () => {
    const { runs } = await listRunChanges(t.db, experimentId);
    const cursor = decodeCursor(runs[runs.length - 1].cursor);
    await evaluation(r1, 'exact_match', 0, '2026-01-01T00:00:03Z');
    const changed = await listRunChanges(t.db, experimentId, { after: cursor });
    expect(changed.runs.map((r) => r.id)).toEqual([r1]);
    expect(changed.runs[0].evaluations.map((e) => e.score)).toEqual([0]);
    expect(decodeCursor(changed.runs[0].cursor)?.at).toBe('2026-01-01T00:00:03.000000Z');
  });

  it('re-reads the overlap before the cursor, for writes that committed late', async () => {
    const after = { at: '2026-01-01T00:00:03.000000Z', id: r1 };
    // Stamped before the cursor, visible only now.
    const late = await run(3, '2026-01-01T00:00:02.500000Z');
    expect((await listRunChanges(t.db, experimentId, { after })).runs).toEqual([]);
    const again = await listRunChanges(t.db, experimentId, { after, overlapMs: 1_000 });
    expect(again.runs.map((r) => r.id)).toEqual([late, r1]);
  });

  it('sees only the runs of its experiment', async () => {
    const other = await t.db.insert(experiments).values({
      datasetId: (await t.db.select().from(datasets))[0].id, datasetVersion: at('59'), name: 'other', config: {},
    }).returning();
    expect((await listRunChanges(t.db, other[0].id)).runs).toEqual([]);
  });

  it('says which variant made each run, for the same item and repetition', async () => {
    const after = { at: '2026-01-01T00:00:03.000000Z', id: r1 };
    const second = await run(0, '2026-01-01T00:00:04Z', { variant: 1, output: 'from variant 1' });
    const { runs } = await listRunChanges(t.db, experimentId, { after });
    expect(runs.map((r) => [r.id, r.itemId, r.repetition, r.variant, r.output])).toEqual([[second, items[0].id, 1, 1, 'from variant 1']]);
    expect((await listRunChanges(t.db, experimentId)).runs.find((r) => r.id === r0)?.variant).toBe(0);
  });
});
