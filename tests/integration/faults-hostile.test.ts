import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { startRunnerSuite, stopRunnerSuite, type RunnerSuite } from '../helpers/suite';
import { arithmeticDataset, createTestExperiment, experimentRow, runsOf, simulatorProvider } from '../helpers/fixtures';
import { signal, waitFor } from '../helpers/processes';
import { expectCountersMatchRuns, expectExactlyOneSucceededRunPerPair } from '../helpers/faults';
import { datasetItems, datasets, evaluations, providerConnections } from '../../lib/db/schema';
import { DEFAULT_JUDGE_TEMPLATE } from '../../lib/evaluators/judge-verdict';
import type { EvaluatorConfig } from '../../lib/evaluators/types';

let suite: RunnerSuite;

beforeAll(async () => {
  suite = await startRunnerSuite({ simulator: { latencyMs: 20, jitterMs: 5 }, workerEnv: { RUNNER_MAX_CONCURRENCY: '10' } });
});
afterAll(() => stopRunnerSuite(suite));

const judge = (providerConnectionId: string): EvaluatorConfig =>
  ({ name: 'judge', type: 'llm_judge', providerConnectionId, model: 'sim-judge', template: DEFAULT_JUDGE_TEMPLATE });

async function datasetOf(inputs: Record<string, unknown>[], expectedOutput: unknown = null) {
  const { t } = suite;
  const [ds] = await t.db.insert(datasets).values({ name: `hostile-${Math.random().toString(36).slice(2, 8)}` }).returning();
  await t.db.insert(datasetItems).values(inputs.map((input) => ({ datasetId: ds.id, input, expectedOutput })));
  return ds;
}

async function settled(id: string) {
  return waitFor(async () => {
    const row = await experimentRow(suite.t.db, id);
    return ['COMPLETED', 'ERROR', 'STOPPED'].includes(row.status) && row;
  }, { timeoutMs: 90_000, what: `experiment ${id} settled` });
}

describe('containment: hostile experiments', () => {
  it('each ends in a clear ERROR or 4xx while a healthy experiment on the same worker completes exactly', async () => {
    const { t, sim, boss, provider, worker } = suite;
    const pid = worker!.child.pid;

    // Refused at creation, with the reason.
    await expect(createTestExperiment(t.db, boss, (await arithmeticDataset(t.db, 2)).id, provider.id, {
      config: { evaluators: [judge('3f2b8c1e-0000-4000-8000-000000000000')] },
    })).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/Evaluator "judge": its provider connection does not exist/) });
    await expect(createTestExperiment(t.db, boss, (await arithmeticDataset(t.db, 2)).id, provider.id, {
      config: { template: { messages: [{ role: 'user', content: `{{question}} ${'x'.repeat(100_000)}` }] } },
    })).rejects.toMatchObject({ status: 400, message: expect.stringMatching(/limit is 64,000/) });

    // Accepted at creation, hostile at run time. The worker is paused while they are made so that
    // a configuration can go stale (a judge's provider deleted) before any claim.
    const longA = `Uppercase: ${'a'.repeat(50_000)}!`; // the simulator answers AAAA...A!: worst case for ^(A+)+$
    signal(worker!, 'SIGSTOP');
    let ids: Record<string, string>;
    try {
      const goneJudge = await simulatorProvider(t.db, sim.url);
      const healthyDs = await arithmeticDataset(t.db, 200);
      const staleJudge = await createTestExperiment(t.db, boss, (await arithmeticDataset(t.db, 5)).id, provider.id, { config: { evaluators: [judge(goneJudge.id)] } });
      await t.db.delete(providerConnections).where(eq(providerConnections.id, goneJudge.id));
      const regex = await createTestExperiment(t.db, boss, (await datasetOf([{ question: longA }, { question: longA }, { question: 'Uppercase: aaa' }])).id, provider.id, {
        config: { evaluators: [{ name: 'catastrophic', type: 'regex', pattern: '^(A+)+$' }] },
      });
      // Edit distance between two 100,000-character texts: seconds of CPU, stopped at the time limit.
      const slow = await createTestExperiment(t.db, boss, (await datasetOf([{ question: `Uppercase: ${'a'.repeat(100_000)}` }], 'B'.repeat(100_000))).id, provider.id, {
        config: { evaluators: [{ name: 'similarity', type: 'string_similarity' }] },
      });
      const schema = { $id: 'https://example.test/answer.json', type: 'object', properties: { answer: { type: 'string' } }, required: ['answer'] };
      const withId = await createTestExperiment(t.db, boss, (await arithmeticDataset(t.db, 5)).id, provider.id, { config: { responseSchema: schema } });
      // A 1 MB item can only get in behind the upload limits' back (written directly here).
      const huge = await createTestExperiment(t.db, boss, (await datasetOf([{ question: 'What is 1 + 2?' }, { question: `What is 2 + 2? ${'z'.repeat(1024 * 1024)}` }])).id, provider.id);
      const healthy = await createTestExperiment(t.db, boss, healthyDs.id, provider.id);
      ids = { slow: slow.id, staleJudge: staleJudge.id, regex: regex.id, withId: withId.id, huge: huge.id, healthy: healthy.id };
    } finally {
      signal(worker!, 'SIGCONT');
    }

    const stale = await settled(ids.staleJudge);
    expect(stale.status).toBe('ERROR');
    expect(stale.lastError).toMatch(/Evaluator "judge": its provider connection does not exist/);

    const regex = await settled(ids.regex);
    expect(regex.status).toBe('COMPLETED');
    const scores = await t.db.select({ score: evaluations.score, status: evaluations.status }).from(evaluations).where(eq(evaluations.experimentId, ids.regex));
    expect(scores.map((s) => `${s.status}:${s.score}`).sort()).toEqual(['COMPLETED:0', 'COMPLETED:0', 'COMPLETED:1']);

    const slow = await settled(ids.slow);
    expect(slow).toMatchObject({ status: 'COMPLETED', runsSucceeded: 1, evalsFailed: 1 });
    const [slowEval] = await t.db.select().from(evaluations).where(eq(evaluations.experimentId, ids.slow));
    expect(slowEval.error).toMatch(/Evaluator "similarity" took longer than 2 s on [\d,]+ characters of input and was stopped/);

    const withId = await settled(ids.withId);
    expect(withId).toMatchObject({ status: 'COMPLETED', runsSucceeded: 5, runsFailed: 0 });

    const huge = await settled(ids.huge);
    expect(huge).toMatchObject({ status: 'COMPLETED', runsSucceeded: 1, runsFailed: 1 });
    const failed = (await runsOf(t.db, ids.huge)).find((r) => r.status === 'FAILED')!;
    expect(failed.error).toMatch(/the limit is 1,000,000 \(not sent\)/);

    const healthy = await settled(ids.healthy);
    expect(healthy).toMatchObject({ status: 'COMPLETED', runsSucceeded: 200, runsFailed: 0 });
    await expectExactlyOneSucceededRunPerPair(t.db, ids.healthy, 200);
    await expectCountersMatchRuns(t.db, ids.healthy);

    // The same process served all of them, and nothing escaped containment.
    expect(worker!.child.exitCode).toBeNull();
    expect(worker!.child.pid).toBe(pid);
    expect(worker!.output()).not.toMatch(/BUG|unhandled/i);
  });
});
