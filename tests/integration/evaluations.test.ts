import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import type { PgBoss } from 'pg-boss';
import { createTestDb, type TestDb } from '../helpers/db';
import { startSimulator, type Simulator } from '../../lib/simulator/server';
import { arithmeticDataset, createTestExperiment, experimentRow, fastWorkerEnv, producer, simulatorProvider, testUser } from '../helpers/fixtures';
import { killAll, startWorker, waitFor, waitForOutput } from '../helpers/processes';
import { datasetItems, evaluations, experimentErrors, experimentRuns } from '../../lib/db/schema';
import { deferEvaluation } from '../../lib/evaluators/delayed-evaluation';
import { createProvider } from '../../lib/providers/connections';
import { DEFAULT_JUDGE_TEMPLATE } from '../../lib/evaluators/judge-verdict';
import { addEvaluators } from '../../lib/experiments/evaluators';
import { resumeExperiment } from '../../lib/experiments/lifecycle';
import type { EvaluatorConfig } from '../../lib/evaluators/types';

// A judge connection below is created as a user would (not flagged is_simulator) against a simulator
// on 127.0.0.1: an admin allows that address. The worker inherits it.
process.env.ALLOWED_PROVIDER_HOSTS = '127.0.0.1';

let t: TestDb;
let taskSim: Simulator;
let judgeSim: Simulator;
let boss: PgBoss;
let taskProvider: { id: string };
let judgeProvider: { id: string };

beforeAll(async () => {
  t = await createTestDb();
  taskSim = await startSimulator({ port: 0, latencyMs: 2 });
  judgeSim = await startSimulator({ port: 0, latencyMs: 2 });
  boss = await producer(t.url);
  taskProvider = await simulatorProvider(t.db, taskSim.url);
  judgeProvider = await simulatorProvider(t.db, judgeSim.url);
  const worker = startWorker(fastWorkerEnv(t.url, { EVAL_RETRY_UNIT_MS: '300', EVAL_RETRY_WINDOW_MS: '60000' }));
  await waitForOutput(worker, 'ready');
});
afterAll(async () => {
  await killAll();
  await boss?.stop({ graceful: false });
  await taskSim?.close();
  await judgeSim?.close();
  await t?.drop();
});

const exact: EvaluatorConfig = { name: 'exact', type: 'exact_match', expectedField: 'answer' };
const judge = (providerConnectionId: string, name = 'judge'): EvaluatorConfig =>
  ({ name, type: 'llm_judge', providerConnectionId, model: 'sim-judge', template: DEFAULT_JUDGE_TEMPLATE });

async function untilStatus(id: string, statuses: string[], timeoutMs = 60_000) {
  return waitFor(async () => {
    const row = await experimentRow(t.db, id);
    return statuses.includes(row.status) && row;
  }, { timeoutMs, what: `experiment to reach ${statuses.join('/')}` });
}

const evalsOf = (id: string, name?: string) => t.db.select().from(evaluations)
  .where(and(eq(evaluations.experimentId, id), name ? eq(evaluations.evaluatorName, name) : undefined));

describe('evaluations run by the worker', () => {
  it('code and judge evaluators score every run; the judge agrees with exact match', async () => {
    const ds = await arithmeticDataset(t.db, 60);
    const { id } = await createTestExperiment(t.db, boss, ds.id, taskProvider.id, { config: { evaluators: [exact, judge(judgeProvider.id)] } });
    const row = await untilStatus(id, ['COMPLETED', 'ERROR']);
    expect(row.status).toBe('COMPLETED');
    expect(row.evalsCompleted).toBe(120);
    const ex = await evalsOf(id, 'exact');
    const jd = await evalsOf(id, 'judge');
    expect(ex.every((e) => e.status === 'COMPLETED')).toBe(true);
    // The simulator gets about one in ten wrong on purpose: both evaluators must notice the same ones.
    const wrong = ex.filter((e) => e.score === 0).map((e) => e.runId).sort();
    expect(wrong.length).toBeGreaterThan(0);
    expect(wrong.length).toBeLessThan(20);
    expect(jd.filter((e) => e.score === 0).map((e) => e.runId).sort()).toEqual(wrong);
    expect(jd.every((e) => e.explanation && e.label)).toBe(true);
  });

  it('an unparseable verdict is an evaluation error that keeps the raw text', async () => {
    const ds = await arithmeticDataset(t.db, 2);
    await t.db.insert(datasetItems).values({ datasetId: ds.id, input: { question: 'What is 2 + 2? [[sim:garbage]]' }, expectedOutput: { answer: '4' } });
    const { id } = await createTestExperiment(t.db, boss, ds.id, taskProvider.id, { config: { evaluators: [judge(judgeProvider.id)] } });
    const row = await untilStatus(id, ['COMPLETED', 'ERROR']);
    expect(row.status).toBe('COMPLETED');
    expect(row.evalsCompleted).toBe(2);
    expect(row.evalsFailed).toBe(1);
    const [bad] = (await evalsOf(id)).filter((e) => e.status === 'ERROR');
    expect(bad.error).toMatch(/verdict/i);
    expect(bad.explanation?.length).toBeGreaterThan(0);
    const log = await t.db.select().from(experimentErrors).where(eq(experimentErrors.experimentId, id));
    expect(log.some((e) => e.source === 'evaluator:judge')).toBe(true);
  });

  it('a judge in an outage goes DELAYED (experiment stays RUNNING), then completes once it is back', async () => {
    judgeSim.setKnobs({ outage: true });
    const ds = await arithmeticDataset(t.db, 10);
    const { id } = await createTestExperiment(t.db, boss, ds.id, taskProvider.id, { config: { evaluators: [exact, judge(judgeProvider.id)] } });
    const delayed = await waitFor(async () => {
      const row = await experimentRow(t.db, id);
      return row.evalsDelayed === 10 && row.runsSucceeded === 10 && row;
    }, { what: '10 delayed evaluations' });
    expect(delayed.status).toBe('RUNNING');
    expect(delayed.evalsCompleted).toBe(10); // the code evaluator was not held up
    // Delayed attempts happen and keep them DELAYED while the outage lasts.
    const stillDelayed = await waitFor(async () => {
      const judged = await evalsOf(id, 'judge');
      return Math.max(...judged.map((e) => e.attempts)) > 4 && judged;
    }, { what: 'delayed judge attempts' });
    expect(stillDelayed.every((e) => e.status === 'DELAYED' && e.nextRetryAt)).toBe(true);
    judgeSim.setKnobs({ outage: false });
    const row = await untilStatus(id, ['COMPLETED', 'ERROR'], 30_000);
    expect(row.status).toBe('COMPLETED');
    expect(row.evalsDelayed).toBe(0);
    expect(row.evalsCompleted).toBe(20);
  });

  it('a rejected judge key pauses that evaluator with a clear message instead of burning retries', async () => {
    const guarded = await startSimulator({ port: 0, requiredApiKey: 'right-key' });
    try {
      const wrongKey = await createProvider(t.db, { name: 'judge-wrong-key', baseUrl: guarded.url, apiKey: 'sk-wrong-key-123456789' });
      const ds = await arithmeticDataset(t.db, 40);
      const { id } = await createTestExperiment(t.db, boss, ds.id, taskProvider.id, { config: { evaluators: [exact, judge(wrongKey.id, 'strict-judge')] } });
      const row = await untilStatus(id, ['COMPLETED', 'ERROR']);
      expect(row.status).toBe('ERROR');
      expect(row.runsSucceeded).toBe(40);
      expect(row.lastError).toMatch(/Evaluator "strict-judge" paused.*401/);
      expect(row.lastError).not.toContain('sk-wrong-key');
      expect(guarded.stats().byStatus['401']).toBeLessThanOrEqual(20); // at most what was in flight
      expect(row.evalsCompleted).toBe(40); // the code evaluator still scored everything
    } finally {
      await guarded.close();
    }
  });

  it('resume with a newly added evaluator scores old runs without any new task call', async () => {
    const ds = await arithmeticDataset(t.db, 30);
    const { id } = await createTestExperiment(t.db, boss, ds.id, taskProvider.id);
    await untilStatus(id, ['COMPLETED']);
    const taskCalls = taskSim.stats().requests;
    await addEvaluators(t.db, id, [exact]);
    await resumeExperiment(t.db, boss, id, testUser());
    const row = await waitFor(async () => {
      const r = await experimentRow(t.db, id);
      return r.status === 'COMPLETED' && r.evalsCompleted === 30 && r;
    }, { what: 'new evaluator scored' });
    expect(row.runsSucceeded).toBe(30);
    expect(taskSim.stats().requests).toBe(taskCalls);
    expect(await evalsOf(id, 'exact')).toHaveLength(30);
  });

  it('a delayed evaluation schedules growing retries and ends in ERROR past the 24 h window', async () => {
    const ds = await arithmeticDataset(t.db, 1);
    const { id } = await createTestExperiment(t.db, boss, ds.id, taskProvider.id);
    await untilStatus(id, ['COMPLETED']);
    const [run] = await t.db.select().from(experimentRuns).where(eq(experimentRuns.experimentId, id));
    const scheduled: { attempt: number; delayMs: number }[] = [];
    const schedule = async (p: { attempt: number; delayMs: number }) => { scheduled.push(p); };
    const cfg = { unitMs: 60_000, windowMs: 24 * 3600_000, callTimeoutMs: 1000 };
    const target = { experimentId: id, epoch: null };
    const base = { runId: run.id, evaluatorName: 'judge', totalAttempts: 4, reason: 'HTTP 503' };
    const now = Date.now();
    expect(await deferEvaluation(t.db, target, { ...base, delayedAttempt: 1, firstAttemptAt: now }, schedule, cfg)).toBe('DELAYED');
    expect(await deferEvaluation(t.db, target, { ...base, delayedAttempt: 4, firstAttemptAt: now }, schedule, cfg)).toBe('DELAYED');
    expect(scheduled[0].delayMs).toBeGreaterThanOrEqual(60_000);
    expect(scheduled[1].delayMs).toBeGreaterThan(scheduled[0].delayMs);
    expect((await experimentRow(t.db, id)).evalsDelayed).toBe(1);
    const late = await deferEvaluation(t.db, target, { ...base, delayedAttempt: 30, firstAttemptAt: now - 24 * 3600_000 + 60_000 }, schedule, cfg);
    expect(late).toBe('ERROR');
    expect(scheduled).toHaveLength(2);
    const [ev] = await evalsOf(id, 'judge');
    expect(ev.status).toBe('ERROR');
    expect(ev.error).toMatch(/Gave up after retrying for 24 h: HTTP 503/);
    const row = await experimentRow(t.db, id);
    expect([row.evalsDelayed, row.evalsFailed]).toEqual([0, 1]);
  });
});
