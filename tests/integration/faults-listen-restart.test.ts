import { describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { stopExperiment } from '../../lib/experiments/lifecycle';
import { EXPERIMENT_EVENTS_CHANNEL } from '../../lib/runner/notifications';
import { arithmeticDataset, createTestExperiment, experimentRow, fastWorkerEnv, simulatorProvider } from '../helpers/fixtures';
import { startWorker, waitFor, waitForOutput } from '../helpers/processes';
import { ownPostgres } from '../helpers/own-postgres';

// Its own PostgreSQL: it is restarted.
const own = ownPostgres('listen');

/** Backends listening on the workers' channel (postgres.js names the channel in its LISTEN). */
async function listeners(): Promise<number> {
  const [row] = await own.db.execute<{ n: number }>(sql`select count(*)::int as n from pg_stat_activity
    where query ilike ${`listen%${EXPERIMENT_EVENTS_CHANNEL}%`}`);
  return row.n;
}

describe('the worker LISTEN connection across a PostgreSQL restart', () => {
  it('listens again by itself, and a stop after the restart is still heard at once', async () => {
    const provider = await simulatorProvider(own.db, own.sim.url);
    // No claim check to fall back on: only a notice can stop the owner.
    const worker = startWorker(fastWorkerEnv(own.url, { RUNNER_MAX_CONCURRENCY: '10', RUNNER_CLAIM_CHECK_MS: '600000' }));
    await waitForOutput(worker, 'ready');
    await waitFor(async () => (await listeners()) === 1, { what: 'the worker listening' });
    const ds = await arithmeticDataset(own.db, 3000);
    const { id } = await createTestExperiment(own.db, own.boss, ds.id, provider.id);
    await waitFor(async () => (await experimentRow(own.db, id)).runsSucceeded >= 30, { what: '30 runs' });

    await own.stop();
    await own.start();
    const before = (await waitFor(() => experimentRow(own.db, id).catch(() => null), { what: 'the database back' })).runsSucceeded;
    await waitFor(async () => (await listeners()) === 1, { timeoutMs: 30_000, what: 'the worker listening again' });
    await waitFor(async () => (await experimentRow(own.db, id)).runsSucceeded >= before + 30, { what: '30 runs after the restart' });

    await stopExperiment(own.db, id);
    const returnedAt = Date.now();
    const done = await waitFor(async () => {
      const r = await experimentRow(own.db, id);
      return r.claimedBy === null && r;
    }, { what: 'the owner to drain and hand back its lease' });
    expect(done.status).toBe('STOPPED');
    expect(own.sim.stats().requestLog.filter((e) => e.experimentTag === id && e.at > returnedAt)).toEqual([]);
    expect(worker.child.exitCode).toBeNull();
  });
});
