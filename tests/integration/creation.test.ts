import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import type { PgBoss } from 'pg-boss';
import type { TestDb } from '../helpers/db';
import { startRunnerSuite, stopRunnerSuite, type RunnerSuite } from '../helpers/suite';
import type { Simulator } from '../../lib/simulator/server';
import { arithmeticDataset, createTestExperiment, experimentInput, experimentRow, runsOf, simulatorProvider, testUser } from '../helpers/fixtures';
import { signal, waitFor, type WorkerProcess } from '../helpers/processes';
import { createExperiment } from '../../lib/experiments/create';
import { datasetItems, experimentErrors, providerConnections } from '../../lib/db/schema';
import { sendJob } from '../../lib/queue/boss';

let t: TestDb;
let sim: Simulator;
let boss: PgBoss;
let provider: { id: string };
let worker: WorkerProcess;
let suite: RunnerSuite;

beforeAll(async () => {
  suite = await startRunnerSuite({ simulator: { latencyMs: 2 } });
  ({ t, sim, boss, provider } = suite);
  worker = suite.worker!;
});
afterAll(() => stopRunnerSuite(suite));

async function untilFinished(id: string) {
  return waitFor(async () => {
    const row = await experimentRow(t.db, id);
    return ['COMPLETED', 'ERROR'].includes(row.status) && row;
  }, { timeoutMs: 30_000, what: `experiment ${id} to finish` });
}

describe('creation validates with clear messages', () => {
  it('rejects an unknown variable, a bad JSON schema, bad params and an empty dataset', async () => {
    const ds = await arithmeticDataset(t.db, 3);
    const empty = await arithmeticDataset(t.db, 0);
    const base = experimentInput(ds.id, provider.id);
    // The refusal also names the message that uses the variable, for the form to mark.
    const unknown = 'Unknown variable {{context}}: no item of the dataset provides it';
    const messages = [{ role: 'system' as const, content: 'Be brief.' }, { role: 'user' as const, content: '{{question}}' }, { role: 'user' as const, content: 'and {{context}}' }];
    await expect(createExperiment(t.db, boss, { ...base, config: { ...base.config, template: { messages } } }, testUser()))
      .rejects.toMatchObject({ message: unknown, fieldErrors: { 'config.template.messages.2': unknown } });
    await expect(createExperiment(t.db, boss, { ...base, config: { ...base.config, responseSchema: { type: 'nonsense' } } }, testUser()))
      .rejects.toThrow(/Invalid JSON schema/);
    await expect(createExperiment(t.db, boss, { ...base, config: { ...base.config, params: { temperature: 7 } } }, testUser()))
      .rejects.toThrow('temperature must be between 0 and 2');
    await expect(createExperiment(t.db, boss, experimentInput(empty.id, provider.id), testUser())).rejects.toThrow(/has no items/);
    await expect(createExperiment(t.db, boss, experimentInput(ds.id, '00000000-0000-4000-8000-000000000000'), testUser())).rejects.toThrow('provider connection does not exist');
  });

  it('refuses a duplicate name within a dataset', async () => {
    const ds = await arithmeticDataset(t.db, 2);
    await createExperiment(t.db, boss, experimentInput(ds.id, provider.id, { name: 'same' }), testUser());
    await expect(createExperiment(t.db, boss, experimentInput(ds.id, provider.id, { name: 'same' }), testUser())).rejects.toThrow(/already exists/);
  });

  it('keeps at most one queued start per experiment', async () => {
    const ds = await arithmeticDataset(t.db, 2);
    const { id } = await createTestExperiment(t.db, boss, ds.id, provider.id);
    expect(await sendJob(boss, 'experiment-run', { experimentId: id })).toBeNull();
    await untilFinished(id);
  });
});

describe('the worker', () => {
  it('ends in ERROR without any LLM call when the config went bad after creation', async () => {
    const other = await simulatorProvider(t.db, sim.url);
    const ds = await arithmeticDataset(t.db, 5);
    signal(worker, 'SIGSTOP');
    try {
      const { id } = await createTestExperiment(t.db, boss, ds.id, other.id);
      await t.db.delete(providerConnections).where(eq(providerConnections.id, other.id));
      const before = sim.stats().requests;
      signal(worker, 'SIGCONT');
      const row = await untilFinished(id);
      expect(row.status).toBe('ERROR');
      expect(row.lastError).toContain('provider connection does not exist');
      expect(sim.stats().requests).toBe(before);
      const log = await t.db.select().from(experimentErrors).where(eq(experimentErrors.experimentId, id));
      expect(log.map((e) => e.source)).toEqual(['system']);
      expect(await runsOf(t.db, id)).toHaveLength(0);
    } finally {
      signal(worker, 'SIGCONT');
    }
  });

  it('skips and logs items lacking a variable, normalises string inputs, and runs repetitions', async () => {
    const ds = await arithmeticDataset(t.db, 4);
    await t.db.insert(datasetItems).values([
      { datasetId: ds.id, input: { other: 'x' } },
      { datasetId: ds.id, input: 'What is 1 + 1?' },
    ]);
    const { id } = await createTestExperiment(t.db, boss, ds.id, provider.id, { config: { repetitions: 2 } });
    const row = await untilFinished(id);
    expect(row.status).toBe('COMPLETED');
    // 4 object inputs + 1 string input normalised into {{question}}, each twice; 1 item skipped.
    expect(row.totalRuns).toBe(10);
    expect(row.runsSucceeded).toBe(10);
    expect(row.itemsSkipped).toBe(1);
    const runs = await runsOf(t.db, id);
    expect(new Set(runs.map((r) => r.repetition))).toEqual(new Set([1, 2]));
    const log = await t.db.select().from(experimentErrors).where(eq(experimentErrors.experimentId, id));
    expect(log).toHaveLength(1);
    expect(log[0].message).toContain('{{question}}');
    expect(log[0].datasetItemId).not.toBeNull();
  });

  it('pins the dataset version: items added later are not run', async () => {
    const ds = await arithmeticDataset(t.db, 3, { offset: 1 });
    signal(worker, 'SIGSTOP');
    let id: string;
    try {
      ({ id } = await createTestExperiment(t.db, boss, ds.id, provider.id));
      await t.db.insert(datasetItems).values({ datasetId: ds.id, input: { question: 'What is 9 + 9?' } });
      await t.db.execute(sql`update dataset_items set archived_at = date_trunc('milliseconds', clock_timestamp()) where dataset_id = ${ds.id} and input->>'question' = 'What is 0 + 1?'`);
    } finally {
      signal(worker, 'SIGCONT');
    }
    const row = await untilFinished(id!);
    expect(row.runsSucceeded).toBe(3);
    const questions = (await runsOf(t.db, id!)).map((r) => (r.request as { messages: { content: string }[] }).messages[0].content).sort();
    expect(questions).toEqual(['What is 0 + 1?', 'What is 1 + 2?', 'What is 2 + 3?']);
  });
});
