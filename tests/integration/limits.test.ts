import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import type { PgBoss } from 'pg-boss';
import type { TestDb } from '../helpers/db';
import { startRunnerSuite, stopRunnerSuite, type RunnerSuite } from '../helpers/suite';
import { arithmeticDataset, createTestExperiment, experimentInput, experimentRow, runsOf, testUser } from '../helpers/fixtures';
import { waitFor } from '../helpers/processes';
import { createExperiment } from '../../lib/experiments/create';
import { addEvaluators } from '../../lib/experiments/evaluators';
import { UserError } from '../../lib/errors';
import { LIMITS } from '../../lib/limits';
import { setQuotas } from '../../lib/quotas/quotas';
import { DEFAULT_QUOTAS } from '../../lib/quotas/quota-schema';
import { datasetItems, datasets, evaluations, experiments } from '../../lib/db/schema';
import type { CreateExperimentInput } from '../../lib/experiments/config';

let suite: RunnerSuite;
let t: TestDb;
let boss: PgBoss;
let provider: { id: string };

beforeAll(async () => {
  suite = await startRunnerSuite({ simulator: { latencyMs: 2 } });
  ({ t, boss, provider } = suite);
});
afterAll(() => stopRunnerSuite(suite));

/** The UserError a creation is refused with; fails the test if it is created. */
async function refusal(input: CreateExperimentInput): Promise<UserError> {
  const err = await createExperiment(t.db, boss, input, testUser()).then(() => null, (e: unknown) => e);
  expect(err).toBeInstanceOf(UserError);
  expect((err as UserError).status).toBe(400);
  const stored = await t.db.select().from(experiments).where(eq(experiments.name, input.name));
  expect(stored).toHaveLength(0);
  return err as UserError;
}

async function untilFinished(id: string) {
  return waitFor(async () => {
    const row = await experimentRow(t.db, id);
    return ['COMPLETED', 'ERROR'].includes(row.status) && row;
  }, { timeoutMs: 60_000, what: `experiment ${id} to finish` });
}

describe('creation refuses what is too large or cannot run in linear time, naming why', () => {
  it('refuses a 100,000-character template', async () => {
    const ds = await arithmeticDataset(t.db, 1);
    const base = experimentInput(ds.id, provider.id);
    const messages = [
      { role: 'system' as const, content: 'x'.repeat(100_000 - '{{question}}'.length) },
      { role: 'user' as const, content: '{{question}}' },
    ];
    const err = await refusal({ ...base, config: { ...base.config, template: { messages } } });
    expect(err.message).toContain('The template is 100,000 characters; the limit is 64,000');
  });

  it('refuses an 80,000-character response schema', async () => {
    const ds = await arithmeticDataset(t.db, 1);
    const base = experimentInput(ds.id, provider.id);
    // {"description":"…"} is 18 characters around the text.
    const err = await refusal({ ...base, config: { ...base.config, responseSchema: { description: 'd'.repeat(80_000 - 18) } } });
    expect(err.message).toContain('The response schema is 80,000 characters; the limit is 64,000');
  });

  it('refuses a regex evaluator with lookbehind, an overlong pattern and an oversized judge template', async () => {
    const ds = await arithmeticDataset(t.db, 1);
    const base = experimentInput(ds.id, provider.id);
    const withEvaluator = (ev: Record<string, unknown>) => ({ ...base, config: { ...base.config, evaluators: [ev] } }) as CreateExperimentInput;
    expect((await refusal(withEvaluator({ name: 'regex', type: 'regex', pattern: '(?<=\\$)\\d+' }))).message)
      .toContain('lookbehind is not supported (patterns run in linear time)');
    expect((await refusal(withEvaluator({ name: 'regex', type: 'regex', pattern: 'a'.repeat(LIMITS.regexChars + 1) }))).message)
      .toContain('The pattern is 2,001 characters; the limit is 2,000');
    expect((await refusal(withEvaluator({
      name: 'judge', type: 'llm_judge', providerConnectionId: provider.id, model: 'sim-small',
      template: [{ role: 'user', content: `{{output}} ${'z'.repeat(70_000)}` }],
    }))).message).toContain('The judge template is 70,011 characters; the limit is 64,000');
    expect((await refusal(withEvaluator({ name: 'schema', type: 'json_schema', schema: { type: 'string', pattern: '(a)\\1' } }))).message)
      .toContain('backreferences are not supported (patterns run in linear time)');
  });

  it('refuses the same when evaluators are added later', async () => {
    const ds = await arithmeticDataset(t.db, 1);
    const { id } = await createTestExperiment(t.db, boss, ds.id, provider.id);
    await untilFinished(id);
    const err = await addEvaluators(t.db, id, [{ name: 'late', type: 'regex', pattern: 'a(?=b)' }]).then(() => null, (e: unknown) => e);
    expect(err).toBeInstanceOf(UserError);
    expect((err as UserError).message).toContain('lookahead is not supported (patterns run in linear time)');
    const [row] = await t.db.select().from(experiments).where(eq(experiments.id, id));
    expect((row.config as { evaluators: unknown[] }).evaluators).toEqual([]);
  });
});

describe('hostile experiments complete', () => {
  it('scores a catastrophic regex on long outputs and keeps the raw response bounded', async () => {
    const [ds] = await t.db.insert(datasets).values({ name: `long-${Math.random().toString(36).slice(2, 8)}` }).returning();
    const long = 'a'.repeat(LIMITS.responseKeptChars);
    await t.db.insert(datasetItems).values([
      { datasetId: ds.id, input: { text: `${long}!` } },
      { datasetId: ds.id, input: { text: 'aaa' } },
    ]);
    // The answer is longer than the default max-tokens quota lets a provider answer.
    await setQuotas(t.db, { ...DEFAULT_QUOTAS, maxTokens: null });
    const { id } = await createTestExperiment(t.db, boss, ds.id, provider.id, {
      config: {
        template: { messages: [{ role: 'user', content: 'uppercase: {{text}}' }] },
        evaluators: [{ name: 'only-as', type: 'regex', pattern: '^(A+)+$' }],
      },
    });
    const row = await untilFinished(id);
    expect(row.status).toBe('COMPLETED');
    expect(row.runsSucceeded).toBe(2);
    const scores = await t.db.select().from(evaluations).where(eq(evaluations.experimentId, id));
    expect(scores.map((e) => [e.status, e.label]).sort()).toEqual([['COMPLETED', 'match'], ['COMPLETED', 'no_match']]);
    const runs = await runsOf(t.db, id);
    const longRun = runs.find((r) => typeof r.output === 'string' && r.output.length > 3)!;
    expect(longRun.output === `${long.toUpperCase()}!`).toBe(true);
    expect(longRun.response).toMatchObject({ truncated: true, head: expect.any(String) });
    expect((longRun.response as { head: string }).head.length).toBe(LIMITS.responseKeptChars);
  });

  it('runs every item against a response schema with an $id', async () => {
    const ds = await arithmeticDataset(t.db, 4);
    const schema = { $id: 'https://example.com/answer', type: 'object', properties: { answer: { type: 'string' } }, required: ['answer'] };
    const { id } = await createTestExperiment(t.db, boss, ds.id, provider.id, { config: { responseSchema: schema, repetitions: 2 } });
    const row = await untilFinished(id);
    expect(row.status).toBe('COMPLETED');
    expect(row.runsSucceeded).toBe(8);
    expect(row.runsFailed).toBe(0);
  });
});
