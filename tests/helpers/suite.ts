import type { PgBoss } from 'pg-boss';
import { createTestDb, type TestDb } from './db';
import { startSimulator, type Simulator, type SimulatorOptions } from '../../lib/simulator/server';
import { fastWorkerEnv, producer, simulatorProvider } from './fixtures';
import { killAll, startWorker, waitForOutput, type WorkerProcess } from './processes';

/** What most runner integration tests need: their own database, a simulator, a producer, a provider and (usually) a worker process. */
export interface RunnerSuite { t: TestDb; sim: Simulator; boss: PgBoss; provider: { id: string }; worker: WorkerProcess | null }

export async function startRunnerSuite(opts: { simulator?: SimulatorOptions; workerEnv?: Record<string, string>; worker?: boolean } = {}): Promise<RunnerSuite> {
  const t = await createTestDb();
  const sim = await startSimulator({ port: 0, ...opts.simulator });
  const boss = await producer(t.url);
  const provider = await simulatorProvider(t.db, sim.url);
  let worker: WorkerProcess | null = null;
  if (opts.worker ?? true) {
    worker = startWorker(fastWorkerEnv(t.url, opts.workerEnv));
    await waitForOutput(worker, 'ready');
  }
  return { t, sim, boss, provider, worker };
}

export async function stopRunnerSuite(s: RunnerSuite | undefined) {
  await killAll();
  await s?.boss.stop({ graceful: false });
  await s?.sim.close();
  await s?.t.drop();
}
