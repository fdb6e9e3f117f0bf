import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import type { PgBoss } from 'pg-boss';
import { createTestDb, type TestDb } from '../helpers/db';
import { startSimulator, type Simulator } from '../../lib/simulator/server';
import { countUsage, type ChatMessage } from '../../lib/simulator/reply';
import { arithmeticDataset, createTestExperiment, experimentRow, fastWorkerEnv, producer, runsOf, simulatorProvider } from '../helpers/fixtures';
import { killAll, startWorker, waitFor, waitForOutput } from '../helpers/processes';
import { evaluations, providerConnections } from '../../lib/db/schema';
import { DEFAULT_JUDGE_TEMPLATE } from '../../lib/evaluators/judge-verdict';
import type { EvaluatorConfig } from '../../lib/evaluators/types';
import { SIMULATOR_DEFAULT_PRICES } from '../../lib/costs/default-prices';
import { callCost } from '../../lib/costs/cost';
import { setModelPrice } from '../../lib/costs/price-admin';
import { findModelPrice } from '../../lib/costs/prices';
import { getExperimentDetails } from '../../lib/experiments/details';

// The "unpriced" connection below is a simulator on 127.0.0.1 created as a user would (not flagged
// as the built-in simulator, so no shipped price applies): an admin allows that address.
process.env.ALLOWED_PROVIDER_HOSTS = '127.0.0.1';

let t: TestDb;
let sim: Simulator;
let boss: PgBoss;
let provider: { id: string };

beforeAll(async () => {
  t = await createTestDb();
  sim = await startSimulator({ port: 0 });
  boss = await producer(t.url);
  provider = await simulatorProvider(t.db, sim.url);
  const worker = startWorker(fastWorkerEnv(t.url));
  await waitForOutput(worker, 'ready');
});
afterAll(async () => {
  await killAll();
  await boss?.stop({ graceful: false });
  await sim?.close();
  await t?.drop();
});

// A system message: the simulator reports it as cached prompt tokens, so the cached rate is charged.
const TEMPLATE = { messages: [
  { role: 'system' as const, content: 'You are a careful calculator. Reply with the number only, nothing else at all.' },
  { role: 'user' as const, content: '{{question}}' },
] };
const judge = (providerConnectionId: string): EvaluatorConfig =>
  ({ name: 'judge', type: 'llm_judge', providerConnectionId, model: 'sim-judge', template: DEFAULT_JUDGE_TEMPLATE });

async function untilDone(id: string) {
  return waitFor(async () => {
    const row = await experimentRow(t.db, id);
    return ['COMPLETED', 'ERROR'].includes(row.status) && row;
  }, { timeoutMs: 60_000, what: 'the experiment to finish' });
}

/** The sums over an experiment's runs (superseded attempts included) and evaluations, in exact numerics. */
async function sums(id: string) {
  const [row] = await t.db.execute<{ prompt: string; completion: string; cached: string; cost: string; unpriced: string }>(sql`
    with calls as (
      select prompt_tokens, completion_tokens, cached_prompt_tokens, cost_usd, price from experiment_runs where experiment_id = ${id}
      union all
      select prompt_tokens, completion_tokens, cached_prompt_tokens, cost_usd, price from run_attempts where experiment_id = ${id}
      union all
      select prompt_tokens, completion_tokens, cached_prompt_tokens, cost_usd, price from evaluations where experiment_id = ${id}
    )
    select coalesce(sum(prompt_tokens), 0)::text as prompt, coalesce(sum(completion_tokens), 0)::text as completion,
      coalesce(sum(cached_prompt_tokens), 0)::text as cached, coalesce(sum(cost_usd), 0)::text as cost,
      count(*) filter (where price is null and (prompt_tokens is not null or completion_tokens is not null))::text as unpriced
    from calls`);
  return row;
}

async function counters(id: string) {
  const [row] = await t.db.execute<{ prompt: string; completion: string; cached: string; cost: string; unpriced: string }>(sql`
    select prompt_tokens::text as prompt, completion_tokens::text as completion, cached_prompt_tokens::text as cached,
      cost_usd::text as cost, unpriced_calls::text as unpriced
    from experiments where id = ${id}`);
  return row;
}

describe('tokens and cost recorded by the worker', () => {
  it("records the simulator's usage and the cost at the shipped price for every task and judge call; the counters are their sums", async () => {
    const ds = await arithmeticDataset(t.db, 25);
    const { id } = await createTestExperiment(t.db, boss, ds.id, provider.id, { config: { template: TEMPLATE, evaluators: [judge(provider.id)] } });
    expect((await untilDone(id)).status).toBe('COMPLETED');

    const runs = await runsOf(t.db, id);
    expect(runs).toHaveLength(25);
    const small = SIMULATOR_DEFAULT_PRICES['sim-small'];
    for (const r of runs) {
      // What the simulator put in its usage field for this very request and answer.
      const usage = countUsage((r.request as { messages: ChatMessage[] }).messages, r.output as string);
      expect({ p: r.promptTokens, c: r.completionTokens, k: r.cachedPromptTokens })
        .toEqual({ p: usage.prompt_tokens, c: usage.completion_tokens, k: usage.prompt_tokens_details.cached_tokens });
      expect(r.cachedPromptTokens).toBeGreaterThan(0);
      expect(r.price).toEqual(small);
      const expected = callCost({ promptTokens: r.promptTokens, completionTokens: r.completionTokens, cachedPromptTokens: r.cachedPromptTokens }, small)!;
      expect(r.costUsd).toBeCloseTo(expected, 12);
    }

    const evals = await t.db.select().from(evaluations).where(eq(evaluations.experimentId, id));
    expect(evals).toHaveLength(25);
    for (const e of evals) {
      expect(e.status).toBe('COMPLETED');
      expect(e.promptTokens).toBeGreaterThan(0);
      expect(e.completionTokens).toBeGreaterThan(0);
      expect(e.price).toEqual(SIMULATOR_DEFAULT_PRICES['sim-judge']);
      expect(e.costUsd).toBeCloseTo(callCost({ promptTokens: e.promptTokens, completionTokens: e.completionTokens, cachedPromptTokens: e.cachedPromptTokens }, SIMULATOR_DEFAULT_PRICES['sim-judge'])!, 12);
    }

    // Moved in the statements that recorded each call: equal to the sums over what was recorded, exactly.
    const c = await counters(id);
    expect(c).toEqual(await sums(id));
    expect(Number(c.cached)).toBeGreaterThan(0);
    expect(c.unpriced).toBe('0');
    const taskTokens = runs.reduce((n, r) => n + r.promptTokens! + r.completionTokens!, 0);
    expect(Number(c.prompt) + Number(c.completion)).toBeGreaterThan(taskTokens);

    const details = await getExperimentDetails(t.db, id);
    expect(details!.summary).toMatchObject({ promptTokens: Number(c.prompt), completionTokens: Number(c.completion), costUsd: Number(c.cost), costNote: null });
  });

  it("a price edit after a run changes neither its recorded cost nor the experiment's total; the next run pays the new price", async () => {
    const ds = await arithmeticDataset(t.db, 10);
    const first = await createTestExperiment(t.db, boss, ds.id, provider.id, { config: { template: TEMPLATE } });
    await untilDone(first.id);
    const runsBefore = (await runsOf(t.db, first.id)).map((r) => [r.id, r.costUsd, r.price]);
    const totalBefore = await counters(first.id);
    expect(Number(totalBefore.cost)).toBeGreaterThan(0);

    const edited = { inputPerMTok: 100, cachedInputPerMTok: 50, outputPerMTok: 400, asOf: '2026-01-01' };
    await setModelPrice(t.db, { providerConnectionId: provider.id, model: 'sim-small', ...edited }, null);
    expect(await findModelPrice(t.db, provider.id, 'sim-small')).toEqual(edited);

    expect((await runsOf(t.db, first.id)).map((r) => [r.id, r.costUsd, r.price])).toEqual(runsBefore);
    expect(await counters(first.id)).toEqual(totalBefore);

    // A dataset of its own: the same prompts could be answered from the call cache, unpaid.
    const other = await arithmeticDataset(t.db, 10);
    const second = await createTestExperiment(t.db, boss, other.id, provider.id, { config: { template: TEMPLATE } });
    await untilDone(second.id);
    const runs = await runsOf(t.db, second.id);
    expect(runs).toHaveLength(10);
    for (const r of runs) {
      expect(r.price).toEqual(edited);
      expect(r.costUsd).toBeCloseTo(callCost({ promptTokens: r.promptTokens, completionTokens: r.completionTokens, cachedPromptTokens: r.cachedPromptTokens }, edited)!, 12);
    }
    expect(await counters(second.id)).toEqual(await sums(second.id));
  });

  it('a model with no price: tokens recorded, cost null, and the read model says "no price set"', async () => {
    const [unpriced] = await t.db.insert(providerConnections).values({ name: `plain-${Date.now()}`, baseUrl: sim.url, isSimulator: false }).returning();
    expect(await findModelPrice(t.db, unpriced.id, 'sim-small')).toBeNull();
    const ds = await arithmeticDataset(t.db, 8);
    const { id } = await createTestExperiment(t.db, boss, ds.id, unpriced.id, { config: { template: TEMPLATE } });
    expect((await untilDone(id)).status).toBe('COMPLETED');

    const runs = await runsOf(t.db, id);
    expect(runs).toHaveLength(8);
    expect(runs.every((r) => r.promptTokens! > 0 && r.completionTokens! > 0)).toBe(true);
    expect(runs.every((r) => r.costUsd === null && r.price === null)).toBe(true);
    const c = await counters(id);
    expect(c).toEqual(await sums(id));
    expect(c).toMatchObject({ cost: '0', unpriced: '8' });

    const summary = (await getExperimentDetails(t.db, id))!.summary;
    expect(summary.promptTokens).toBeGreaterThan(0);
    expect(summary).toMatchObject({ costUsd: null, unpricedCalls: 8, costNote: 'no price set' });
  });
});
