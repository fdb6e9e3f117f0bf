import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq, sql } from 'drizzle-orm';
import { startRunnerSuite, stopRunnerSuite, type RunnerSuite } from '../helpers/suite';
import { startSimulator, type Simulator } from '../../lib/simulator/server';
import { arithmeticDataset, createTestExperiment, experimentRow, simulatorProvider } from '../helpers/fixtures';
import { waitFor } from '../helpers/processes';
import { resumeWhenAllowed } from '../helpers/faults';
import { evaluations, experimentErrors } from '../../lib/db/schema';
import { stopExperiment } from '../../lib/experiments/lifecycle';
import { DEFAULT_JUDGE_TEMPLATE } from '../../lib/evaluators/judge-verdict';
import type { EvaluatorConfig } from '../../lib/evaluators/types';

let suite: RunnerSuite;
let judgeSim: Simulator;
let judgeProvider: { id: string };

beforeAll(async () => {
  suite = await startRunnerSuite({
    simulator: { latencyMs: 2 },
    workerEnv: { EVAL_RETRY_UNIT_MS: '300', EVAL_RETRY_WINDOW_MS: '600000', RUNNER_REPAIR_SCAN_MS: '500', RUNNER_REPAIR_OVERDUE_MS: '1500' },
  });
  judgeSim = await startSimulator({ port: 0, latencyMs: 2 });
  judgeProvider = await simulatorProvider(suite.t.db, judgeSim.url);
});
afterAll(async () => {
  await stopRunnerSuite(suite);
  await judgeSim?.close();
});

const judge: () => EvaluatorConfig = () =>
  ({ name: 'judge', type: 'llm_judge', providerConnectionId: judgeProvider.id, model: 'sim-judge', template: DEFAULT_JUDGE_TEMPLATE });

const pendingRetryJobs = async () => {
  const [row] = await suite.t.db.execute<{ n: number }>(sql`
    select count(*)::int as n from pgboss.job where name = 'evaluation-retry' and state in ('created', 'retry', 'active')`);
  return row.n;
};

async function delayedExperiment(items: number) {
  const { t, boss, provider } = suite;
  judgeSim.setKnobs({ outage: true });
  const ds = await arithmeticDataset(t.db, items);
  const { id } = await createTestExperiment(t.db, boss, ds.id, provider.id, { config: { evaluators: [judge()] } });
  await waitFor(async () => {
    const row = await experimentRow(t.db, id);
    return row.evalsDelayed === items && row;
  }, { what: `${items} delayed evaluations` });
  return id;
}

async function completed(id: string) {
  return waitFor(async () => {
    const row = await experimentRow(suite.t.db, id);
    return ['COMPLETED', 'ERROR'].includes(row.status) && row;
  }, { timeoutMs: 60_000, what: 'experiment settled' });
}

describe('nothing stuck', () => {
  it('retry jobs of a stopped experiment end (the evaluation is parked); resume gives them a job again', async () => {
    const { t, boss } = suite;
    const id = await delayedExperiment(5);
    expect(await pendingRetryJobs()).toBeGreaterThan(0);
    await stopExperiment(t.db, id);
    // Every retry job runs once more, sees the stop and ends without a successor.
    await waitFor(async () => {
      const rows = await t.db.select().from(evaluations).where(eq(evaluations.experimentId, id));
      return rows.every((e) => e.status === 'DELAYED' && e.nextRetryAt === null) && (await pendingRetryJobs()) === 0;
    }, { timeoutMs: 30_000, what: 'parked evaluations and no retry job left' });

    judgeSim.setKnobs({ outage: false });
    await resumeWhenAllowed(t.db, boss, id);
    const row = await completed(id);
    expect(row).toMatchObject({ status: 'COMPLETED', evalsDelayed: 0, evalsCompleted: 5 });
  });

  it('a DELAYED evaluation whose retry job was lost is found by the maintenance loop, rescheduled and logged', async () => {
    const { t } = suite;
    const id = await delayedExperiment(3);
    // Lose every retry job, as a failure between the row and the job once could.
    await t.db.execute(sql`delete from pgboss.job where name = 'evaluation-retry'`);
    judgeSim.setKnobs({ outage: false });
    const row = await completed(id);
    expect(row).toMatchObject({ status: 'COMPLETED', evalsDelayed: 0, evalsCompleted: 3 });
    const repairs = await t.db.select().from(experimentErrors)
      .where(and(eq(experimentErrors.experimentId, id), eq(experimentErrors.kind, 'repair')));
    expect(repairs.length).toBeGreaterThan(0);
    expect(repairs[0].message).toMatch(/delayed evaluation\(s\) had no retry scheduled; rescheduled them/);
  });
});
