import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, eq, sql } from 'drizzle-orm';
import { createTestDb, type TestDb } from '../helpers/db';
import { arithmeticDataset, experimentRow } from '../helpers/fixtures';
import { datasetItems, experimentErrors, experimentRuns, experiments, runAttempts } from '../../lib/db/schema';
import { LostClaimError, claimExperiment, logErrors, recordRun, recordRuns, type Fence } from '../../lib/runner/store';
import { listErrorLog } from '../../lib/experiments/error-log';
import { getRunDetail } from '../../lib/experiments/results';

/**
 * History is kept: the error log is fenced and keeps the newest entries (saying how many were
 * dropped); every recorded outcome of a run stays as an attempt. Real database, no worker.
 */

let t: TestDb;

beforeAll(async () => {
  t = await createTestDb();
});
afterAll(async () => {
  await t?.drop();
});

/** A claimed experiment over a small dataset, and the fence of its owner. */
async function claimed(items = 1) {
  const ds = await arithmeticDataset(t.db, items);
  const [exp] = await t.db.insert(experiments).values({
    datasetId: ds.id, datasetVersion: new Date(), name: `history-${Math.random().toString(36).slice(2, 8)}`, config: {}, status: 'QUEUED',
  }).returning();
  const row = await claimExperiment(t.db, { experimentId: exp.id, workerId: 'w1', leaseMs: 60_000 });
  const fence: Fence = { experimentId: exp.id, epoch: row!.claimEpoch, workerId: 'w1' };
  const list = await t.db.select().from(datasetItems).where(eq(datasetItems.datasetId, ds.id)).orderBy(asc(datasetItems.seq));
  return { id: exp.id, fence, items: list };
}

async function storedMessages(experimentId: string) {
  const rows = await t.db.select({ message: experimentErrors.message, seq: experimentErrors.seq }).from(experimentErrors)
    .where(eq(experimentErrors.experimentId, experimentId)).orderBy(asc(experimentErrors.id));
  return rows;
}

const entries = (from: number, n: number) => Array.from({ length: n }, (_, i) => ({ source: 'task', kind: 'permanent', message: `error ${from + i}` }));

describe('error log', () => {
  it('keeps the newest entries under the cap and says how many older ones were dropped', async () => {
    const { id, fence } = await claimed();
    const cap = 5;
    expect(await logErrors(t.db, fence, entries(0, 3), cap)).toBe(true);
    expect(await logErrors(t.db, fence, entries(3, 4), cap)).toBe(true);
    // A writer without a claim (the delayed-evaluation job, the web) appends too.
    expect(await logErrors(t.db, { experimentId: id, epoch: null }, entries(7, 1), cap)).toBe(true);

    expect((await storedMessages(id)).map((r) => [r.message, r.seq])).toEqual(
      [3, 4, 5, 6, 7].map((i) => [`error ${i}`, i + 1]),
    );
    expect((await experimentRow(t.db, id)).errorsLogged).toBe(8);

    const page = (await listErrorLog(t.db, id))!;
    expect(page.entries.map((e) => e.message)).toEqual(['error 7', 'error 6', 'error 5', 'error 4', 'error 3']);
    expect(page).toMatchObject({ total: 8, stored: 5, dropped: 3, matching: 5 });
    expect(page.droppedNote).toBe('Showing the newest 5 of 8 errors (3 older ones dropped)');

    // More than the cap in one batch: the newest of the batch are kept.
    await logErrors(t.db, fence, entries(8, 12), cap);
    expect((await storedMessages(id)).map((r) => r.message)).toEqual([15, 16, 17, 18, 19].map((i) => `error ${i}`));
    const after = (await listErrorLog(t.db, id, { source: 'system' }))!;
    expect(after).toMatchObject({ total: 20, stored: 5, dropped: 15, matching: 0 });
  });

  it('says nothing was dropped while under the cap, and words the real numbers', async () => {
    const { id, fence } = await claimed();
    await logErrors(t.db, fence, entries(0, 2));
    const page = (await listErrorLog(t.db, id))!;
    expect(page).toMatchObject({ total: 2, stored: 2, dropped: 0, droppedNote: null });

    // The default cap is the app's limit: 7,310 logged leaves the newest 5,000.
    await logErrors(t.db, fence, entries(2, 7_308));
    const big = (await listErrorLog(t.db, id))!;
    expect(big.droppedNote).toBe('Showing the newest 5,000 of 7,310 errors (2,310 older ones dropped)');
    expect(big.entries[0].message).toBe('error 7309');
  });

  it('a writer that lost the claim appends nothing and counts nothing', async () => {
    const { id, fence } = await claimed();
    await logErrors(t.db, fence, entries(0, 1));
    // Another worker takes the experiment over: the epoch moves on.
    await t.db.update(experiments).set({ claimEpoch: sql`${experiments.claimEpoch} + 1` }).where(eq(experiments.id, id));
    expect(await logErrors(t.db, fence, entries(1, 3))).toBe(false);
    expect((await storedMessages(id)).map((r) => r.message)).toEqual(['error 0']);
    expect((await experimentRow(t.db, id)).errorsLogged).toBe(1);
    expect(await logErrors(t.db, { ...fence, epoch: fence.epoch + 1 }, entries(4, 1))).toBe(true);
    expect((await storedMessages(id)).map((r) => r.message)).toEqual(['error 0', 'error 4']);
  });

  it('concurrent writers get distinct positions; the next append trims to exactly the newest', async () => {
    const { id, fence } = await claimed();
    const cap = 4;
    await Promise.all(Array.from({ length: 10 }, (_, i) => logErrors(t.db, fence, entries(i * 2, 2), cap)));
    const seqs = (await storedMessages(id)).map((r) => r.seq);
    expect(new Set(seqs).size).toBe(seqs.length);
    expect(seqs.every((s) => s >= 1 && s <= 20)).toBe(true);
    expect((await experimentRow(t.db, id)).errorsLogged).toBe(20);

    await logErrors(t.db, fence, entries(20, 1), cap);
    expect((await storedMessages(id)).map((r) => r.seq).sort((a, b) => a - b)).toEqual([18, 19, 20, 21]);
    expect((await listErrorLog(t.db, id))!).toMatchObject({ total: 21, stored: 4, dropped: 17 });
  });

  it('refuses a cap that is not a positive integer', async () => {
    const { fence } = await claimed();
    await expect(logErrors(t.db, fence, entries(0, 1), 0)).rejects.toThrow(/cap must be a positive integer/);
  });
});

describe('run attempts', () => {
  it('a failed run resumed later adds attempt 2 and keeps attempt 1 error and response', async () => {
    const { id, fence, items: [item] } = await claimed();
    const first = await recordRun(t.db, fence, {
      datasetItemId: item.id, repetition: 1, status: 'FAILED', attempts: 3, error: 'HTTP 503: provider down',
      request: { model: 'sim-small', messages: [] }, response: { error: { message: 'down' } },
    });
    expect(first).not.toBeNull();
    expect(await experimentRow(t.db, id)).toMatchObject({ runsFailed: 1, runsSucceeded: 0 });

    // Resume: a new claim moves the epoch; the old fence is out and records no attempt.
    await t.db.update(experiments).set({ claimEpoch: sql`${experiments.claimEpoch} + 1`, claimedBy: 'w2' }).where(eq(experiments.id, id));
    const resumed: Fence = { experimentId: id, epoch: fence.epoch + 1, workerId: 'w2' };
    await expect(recordRun(t.db, fence, {
      datasetItemId: item.id, repetition: 1, status: 'SUCCEEDED', attempts: 1, output: 'late',
    })).rejects.toBeInstanceOf(LostClaimError);
    expect(await t.db.select().from(runAttempts).where(eq(runAttempts.runId, first!.runId))).toHaveLength(0);

    const second = await recordRun(t.db, resumed, {
      datasetItemId: item.id, repetition: 1, status: 'SUCCEEDED', attempts: 1, output: '42', latencyMs: 120,
      promptTokens: 10, completionTokens: 2, request: { model: 'sim-small', messages: [] }, response: { id: 'cmpl-2' },
    });
    expect(second).toEqual(first);

    const attempts = await t.db.select().from(runAttempts).where(eq(runAttempts.runId, first!.runId)).orderBy(asc(runAttempts.attempt));
    // Only the superseded outcome is copied; the run row itself is the latest attempt.
    expect(attempts.map((a) => [a.attempt, a.status, a.error, a.response, a.calls])).toEqual([
      [1, 'FAILED', 'HTTP 503: provider down', { error: { message: 'down' } }, 3],
    ]);
    // The run row shows the latest outcome; the counters moved the run from failed to succeeded.
    const [run] = await t.db.select().from(experimentRuns).where(eq(experimentRuns.id, first!.runId));
    expect(run).toMatchObject({ status: 'SUCCEEDED', error: null, output: '42', attemptCount: 2 });
    expect(await experimentRow(t.db, id)).toMatchObject({ runsFailed: 0, runsSucceeded: 1 });

    // A succeeded run is never overwritten, and no attempt is added for the discarded outcome.
    expect(await recordRun(t.db, resumed, { datasetItemId: item.id, repetition: 1, status: 'FAILED', attempts: 1, error: 'late' })).toBeNull();
    expect(await t.db.select().from(runAttempts).where(eq(runAttempts.runId, first!.runId))).toHaveLength(1);

    const detail = (await getRunDetail(t.db, id, first!.runId))!;
    expect(detail.history.map((a) => [a.attempt, a.status, a.error, a.response])).toEqual([
      [1, 'FAILED', 'HTTP 503: provider down', { error: { message: 'down' } }],
      [2, 'SUCCEEDED', null, { id: 'cmpl-2' }],
    ]);
    expect(Date.parse(detail.history[1].at)).toBeGreaterThanOrEqual(Date.parse(detail.history[0].at));
  });

  it('a run failed on every resume keeps each failure, numbered in order', async () => {
    const { id, fence, items: [item] } = await claimed();
    let runId = '';
    for (let i = 1; i <= 4; i++) {
      const r = await recordRun(t.db, fence, { datasetItemId: item.id, repetition: 1, status: 'FAILED', attempts: 1, error: `failure ${i}` });
      runId = r!.runId;
    }
    const detail = (await getRunDetail(t.db, id, runId))!;
    expect(detail.history.map((a) => [a.attempt, a.error])).toEqual([[1, 'failure 1'], [2, 'failure 2'], [3, 'failure 3'], [4, 'failure 4']]);
    expect(await experimentRow(t.db, id)).toMatchObject({ runsFailed: 1, runsSucceeded: 0 });
  });

  it('many runs in one statement: new, failed-then-succeeded and already-succeeded pairs each get the right outcome and counters', async () => {
    const { id, fence, items } = await claimed(4);
    const [a, b, c, d] = items;
    await recordRuns(t.db, fence, [
      { datasetItemId: a.id, repetition: 1, status: 'FAILED', attempts: 1, error: 'first failure' },
      { datasetItemId: b.id, repetition: 1, status: 'SUCCEEDED', attempts: 1, output: 'b1' },
    ]);
    expect(await experimentRow(t.db, id)).toMatchObject({ runsFailed: 1, runsSucceeded: 1 });

    const out = await recordRuns(t.db, fence, [
      { datasetItemId: a.id, repetition: 1, status: 'SUCCEEDED', attempts: 1, output: { answer: 'a1' }, response: { id: 'cmpl-a' } },
      { datasetItemId: b.id, repetition: 1, status: 'FAILED', attempts: 1, error: 'must not overwrite' },
      { datasetItemId: c.id, repetition: 2, status: 'FAILED', attempts: 2, error: 'c failed' },
      { datasetItemId: d.id, repetition: 1, status: 'SUCCEEDED', attempts: 1, output: null },
    ]);
    expect(out[1]).toBeNull();
    expect(out.filter((o) => o !== null)).toHaveLength(3);
    const runs = await t.db.select().from(experimentRuns).where(eq(experimentRuns.experimentId, id));
    const byItem = new Map(runs.map((r) => [`${r.datasetItemId}:${r.repetition}`, r]));
    expect(byItem.get(`${a.id}:1`)).toMatchObject({ id: out[0]!.runId, status: 'SUCCEEDED', output: { answer: 'a1' }, error: null, attemptCount: 2 });
    expect(byItem.get(`${b.id}:1`)).toMatchObject({ status: 'SUCCEEDED', output: 'b1', attemptCount: 1 });
    expect(byItem.get(`${c.id}:2`)).toMatchObject({ id: out[2]!.runId, status: 'FAILED', error: 'c failed', attempts: 2 });
    expect(byItem.get(`${d.id}:1`)).toMatchObject({ id: out[3]!.runId, status: 'SUCCEEDED', output: null });
    // a moved from failed to succeeded, c is a new failure, d a new success, b was left alone.
    expect(await experimentRow(t.db, id)).toMatchObject({ runsFailed: 1, runsSucceeded: 3 });
    const kept = await t.db.select().from(runAttempts).where(eq(runAttempts.experimentId, id));
    expect(kept.map((k) => [k.runId, k.status, k.error])).toEqual([[out[0]!.runId, 'FAILED', 'first failure']]);

    await t.db.update(experiments).set({ claimEpoch: sql`${experiments.claimEpoch} + 1` }).where(eq(experiments.id, id));
    await expect(recordRuns(t.db, fence, [{ datasetItemId: c.id, repetition: 1, status: 'SUCCEEDED', attempts: 1 }])).rejects.toBeInstanceOf(LostClaimError);
  });
});
