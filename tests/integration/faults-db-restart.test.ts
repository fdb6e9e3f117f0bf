import { describe, expect, it } from 'vitest';
import { arithmeticDataset, createTestExperiment, experimentRow, fastWorkerEnv, simulatorProvider } from '../helpers/fixtures';
import { startWorker, waitFor, waitForOutput, type WorkerProcess } from '../helpers/processes';
import { expectCountersMatchRuns, expectExactlyOneSucceededRunPerPair } from '../helpers/faults';
import { ownPostgres } from '../helpers/own-postgres';

// Its own PostgreSQL: it is stopped and started again mid-run.
const own = ownPostgres('restart');

describe('PostgreSQL restarted mid-run', () => {
  it('the worker reconnects by itself, keeps the answers it could not write, and completes with exact counters', async () => {
    const provider = await simulatorProvider(own.db, own.sim.url);
    const worker: WorkerProcess = startWorker(fastWorkerEnv(own.url, { RUNNER_MAX_CONCURRENCY: '10' }));
    await waitForOutput(worker, 'ready');
    const items = 1000;
    const ds = await arithmeticDataset(own.db, items);
    const { id } = await createTestExperiment(own.db, own.boss, ds.id, provider.id);
    await waitFor(async () => (await experimentRow(own.db, id)).runsSucceeded >= 100, { what: '100 runs' });

    // Calls that outlive the shutdown: their answers arrive while the database is away.
    own.sim.setKnobs({ latencyMs: 5_000 });
    const slowFrom = own.sim.stats().requests;
    await waitFor(async () => own.sim.stats().requests > slowFrom && true, { what: 'a slow call in flight' });
    await own.stop();
    // Answers keep arriving while the database is away: they must be kept, not dropped or re-asked.
    const answeredWhileDown = own.sim.stats().byStatus['200'] ?? 0;
    await waitFor(async () => ((own.sim.stats().byStatus['200'] ?? 0) > answeredWhileDown) && true, { what: 'answers while down' })
      .catch((err) => { throw new Error(`${err.message}; worker output:\n${worker.output().slice(-3000)}`); });
    own.sim.setKnobs({ latencyMs: 100 });
    await own.start();

    const done = await waitFor(async () => {
      const r = await experimentRow(own.db, id).catch(() => null); // this client reconnects by itself too
      return r?.status === 'COMPLETED' && r;
    }, { timeoutMs: 90_000, what: 'COMPLETED after the restart' });
    expect(done.runsSucceeded).toBe(items);
    await expectExactlyOneSucceededRunPerPair(own.db, id, items);
    await expectCountersMatchRuns(own.db, id);
    expect(own.sim.stats().duplicateSuccesses).toBe(0);
    expect(worker.child.exitCode).toBeNull();
  });
});
