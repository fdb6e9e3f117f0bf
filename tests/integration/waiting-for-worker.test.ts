import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRunnerSuite, stopRunnerSuite, type RunnerSuite } from '../helpers/suite';
import { arithmeticDataset, createTestExperiment, experimentRow, fastWorkerEnv } from '../helpers/fixtures';
import { signal, startWorker, waitFor, waitForOutput } from '../helpers/processes';
import { listDatasetExperiments } from '../../lib/experiments/queries';

let suite: RunnerSuite;

beforeAll(async () => {
  suite = await startRunnerSuite({ simulator: { latencyMs: 50 } });
  // The web side judges liveness with the same lease the workers use (fastWorkerEnv: 4 s).
  process.env.RUNNER_LEASE_MS = fastWorkerEnv(suite.t.url).RUNNER_LEASE_MS;
});
afterAll(() => stopRunnerSuite(suite));

// What the dataset page's table shows for it.
const summaryOf = async (id: string) => {
  const row = await experimentRow(suite.t.db, id);
  return (await listDatasetExperiments(suite.t.db, row.datasetId)).find((e) => e.id === id)!;
};

describe('an experiment nobody works on says so', () => {
  it('RUNNING with a dead owner shows "waiting for a worker" until a worker takes it over', async () => {
    const { t, boss, provider, worker } = suite;
    const { id } = await createTestExperiment(t.db, boss, (await arithmeticDataset(t.db, 400)).id, provider.id, { config: { maxConcurrency: 2 } });
    await waitFor(async () => (await experimentRow(t.db, id)).runsSucceeded > 0, { what: 'running' });
    expect(await summaryOf(id)).toMatchObject({ status: 'RUNNING', waitingForWorker: false });

    signal(worker!, 'SIGKILL');
    const waiting = await waitFor(async () => {
      const s = await summaryOf(id);
      return s.waitingForWorker && s;
    }, { what: 'waitingForWorker' });
    expect(waiting.status).toBe('RUNNING');

    const next = startWorker(fastWorkerEnv(t.url));
    await waitForOutput(next, 'ready');
    await waitFor(async () => {
      const s = await summaryOf(id);
      return s.status === 'RUNNING' && !s.waitingForWorker && s.runsSucceeded > waiting.runsSucceeded;
    }, { what: 'taken over' });
  });
});
