import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { createTestDb, type TestDb } from '../helpers/db';
import { arithmeticDataset } from '../helpers/fixtures';
import { experiments, workers } from '../../lib/db/schema';
import { awaitsClaim, claimExperiment } from '../../lib/runner/store';
import { announceWorker, pruneDeadWorkers, removeWorker } from '../../lib/runner/worker-registry';

// The least-loaded rule of the claim, against the database alone (no worker processes).
let t: TestDb;
const LEASE_MS = 4_000;
const GRACE_MS = 1_000;

beforeAll(async () => { t = await createTestDb(); });
afterAll(() => t?.drop());

async function queuedExperiment() {
  const ds = await arithmeticDataset(t.db, 1);
  const [row] = await t.db.insert(experiments).values({ datasetId: ds.id, datasetVersion: new Date(), name: 'x', config: {}, status: 'QUEUED' }).returning();
  return row.id;
}

const claim = (experimentId: string, workerId: string, held: number) =>
  claimExperiment(t.db, { experimentId, workerId, leaseMs: LEASE_MS, balance: { held, graceMs: GRACE_MS } });

async function resetRegistry(rows: { id: string; held: number; deadForMs?: number }[]) {
  await t.db.delete(workers);
  for (const r of rows) {
    await announceWorker(t.db, r.id, { experimentsHeld: r.held, callsInFlight: 0 });
    if (r.deadForMs) await t.db.update(workers).set({ heartbeatAt: sql`now() - make_interval(secs => ${r.deadForMs / 1000})` }).where(eq(workers.id, r.id));
  }
}

describe('claiming with the live worker registry', () => {
  it('refuses a worker while a live one holds fewer experiments; that one (or a tie) gets it', async () => {
    await resetRegistry([{ id: 'busy', held: 2 }, { id: 'idle', held: 0 }, { id: 'also-idle', held: 0 }]);
    const id = await queuedExperiment();
    expect(await claim(id, 'busy', 2)).toBeNull();
    // Nobody holds it: the refusal must be visible, so someone else is told to take it.
    expect(await awaitsClaim(t.db, { experimentId: id, leaseMs: LEASE_MS })).toBe(true);
    const won = await claim(id, 'idle', 0); // ties with also-idle are allowed
    expect(won?.claimedBy).toBe('idle');
    expect(await awaitsClaim(t.db, { experimentId: id, leaseMs: LEASE_MS })).toBe(false);
  });

  it('a dead worker (heartbeat older than a lease) counts for nothing', async () => {
    await resetRegistry([{ id: 'busy', held: 3 }, { id: 'dead', held: 0, deadForMs: LEASE_MS + 1_000 }]);
    const id = await queuedExperiment();
    expect((await claim(id, 'busy', 3))?.claimedBy).toBe('busy');
  });

  it('after the grace anyone may claim it, so a wrong registry never strands an experiment', async () => {
    await resetRegistry([{ id: 'busy', held: 5 }, { id: 'idle-but-deaf', held: 0 }]);
    const id = await queuedExperiment();
    expect(await claim(id, 'busy', 5)).toBeNull();
    await t.db.update(experiments).set({ createdAt: sql`now() - interval '2 seconds'` }).where(eq(experiments.id, id));
    expect((await claim(id, 'busy', 5))?.claimedBy).toBe('busy');
  });

  it('a resumed experiment waits for the least-loaded worker from its resume, not its creation', async () => {
    await resetRegistry([{ id: 'busy', held: 1 }, { id: 'idle', held: 0 }]);
    const id = await queuedExperiment();
    await t.db.update(experiments).set({ createdAt: sql`now() - interval '1 hour'`, toggledAt: sql`now()` }).where(eq(experiments.id, id));
    expect(await claim(id, 'busy', 1)).toBeNull();
  });

  it('a takeover of a stale lease also goes to the least-loaded worker first', async () => {
    await resetRegistry([{ id: 'busy', held: 1 }, { id: 'idle', held: 0 }]);
    const id = await queuedExperiment();
    // The owner's lease ran out just now (claimed a lease and a bit ago).
    await t.db.update(experiments).set({ status: 'RUNNING', claimedBy: 'gone', claimedAt: sql`now() - make_interval(secs => ${(LEASE_MS + 200) / 1000})` })
      .where(eq(experiments.id, id));
    expect(await claim(id, 'busy', 1)).toBeNull();
    expect((await claim(id, 'idle', 0))?.claimedBy).toBe('idle');
  });

  it('a graceful close leaves the registry; rows dead long enough are pruned', async () => {
    await resetRegistry([{ id: 'closing', held: 0 }, { id: 'long-dead', held: 0, deadForMs: 60_000 }, { id: 'live', held: 1 }]);
    await removeWorker(t.db, 'closing');
    expect(await pruneDeadWorkers(t.db, 30_000)).toBe(1);
    expect((await t.db.select({ id: workers.id }).from(workers)).map((r) => r.id)).toEqual(['live']);
  });
});
