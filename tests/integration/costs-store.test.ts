import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDb, type TestDb } from '../helpers/db';
import { arithmeticDataset } from '../helpers/fixtures';
import { datasetItems, experiments } from '../../lib/db/schema';
import { recordEvaluation, recordRuns, type Fence } from '../../lib/runner/store';
import { eq } from 'drizzle-orm';

// The recording statements themselves (no worker): exact decimal costs, superseded attempts, judge
// calls summed per evaluation, and counters that always equal the sums over what was recorded.

let t: TestDb;
beforeAll(async () => { t = await createTestDb(); });
afterAll(async () => { await t?.drop(); });

const price = { inputPerMTok: 0.15, cachedInputPerMTok: 0.075, outputPerMTok: 0.6, asOf: '2025-08-01' };

async function claimedExperiment(n: number) {
  const ds = await arithmeticDataset(t.db, n);
  const items = await t.db.select().from(datasetItems).where(eq(datasetItems.datasetId, ds.id));
  const [e] = await t.db.insert(experiments).values({
    datasetId: ds.id, datasetVersion: new Date(), name: `e-${Math.random().toString(36).slice(2, 8)}`, status: 'RUNNING', claimEpoch: 1,
    config: { template: { messages: [{ role: 'user', content: '{{question}}' }] }, providerConnectionId: 'x', model: 'sim-small', params: {}, repetitions: 1, evaluators: [] },
  }).returning();
  const fence: Fence = { experimentId: e.id, epoch: 1, workerId: 'w' };
  return { id: e.id, items, fence };
}

async function countersAndSums(id: string) {
  const [row] = await t.db.execute<Record<string, string>>(sql`
    with calls as (
      select prompt_tokens, completion_tokens, cached_prompt_tokens, cost_usd, price from experiment_runs where experiment_id = ${id}
      union all select prompt_tokens, completion_tokens, cached_prompt_tokens, cost_usd, price from run_attempts where experiment_id = ${id}
      union all select prompt_tokens, completion_tokens, cached_prompt_tokens, cost_usd, price from evaluations where experiment_id = ${id}
    ), sums as (
      select coalesce(sum(prompt_tokens), 0) as p, coalesce(sum(completion_tokens), 0) as c, coalesce(sum(cached_prompt_tokens), 0) as k,
        coalesce(sum(cost_usd), 0) as cost, count(*) filter (where price is null and (prompt_tokens is not null or completion_tokens is not null)) as unpriced
      from calls
    )
    select e.prompt_tokens::text as p, e.completion_tokens::text as c, e.cached_prompt_tokens::text as k, e.cost_usd::text as cost,
      e.unpriced_calls::text as unpriced,
      (e.prompt_tokens = s.p and e.completion_tokens = s.c and e.cached_prompt_tokens = s.k and e.cost_usd = s.cost
        and e.unpriced_calls = s.unpriced)::text as equal
    from experiments e, sums s where e.id = ${id}`);
  return row;
}

describe('recording usage and cost', () => {
  it('charges the exact decimal cost, keeps a superseded attempt counted, and moves the counters with the write', async () => {
    const { id, items, fence } = await claimedExperiment(3);
    // A failed call that was paid (schema violation after an answer), then its successful re-run.
    await recordRuns(t.db, fence, [{ datasetItemId: items[0].id, repetition: 1, status: 'FAILED', attempts: 1, error: 'bad json',
      promptTokens: 100, completionTokens: 10, cachedPromptTokens: 0, price }]);
    await recordRuns(t.db, fence, [
      { datasetItemId: items[0].id, repetition: 1, status: 'SUCCEEDED', attempts: 2, output: 'x', promptTokens: 1000, completionTokens: 500, cachedPromptTokens: 400, price },
      { datasetItemId: items[1].id, repetition: 1, status: 'SUCCEEDED', attempts: 1, output: 'y', promptTokens: 20, completionTokens: 5, cachedPromptTokens: null, price: null },
      // Failed before any answer: nothing used, nothing charged, not "unpriced".
      { datasetItemId: items[2].id, repetition: 1, status: 'FAILED', attempts: 1, error: 'HTTP 500' },
    ]);
    const [run] = await t.db.execute<{ exact: boolean }>(sql`select cost_usd = 0.00042 as exact from experiment_runs
      where experiment_id = ${id} and dataset_item_id = ${items[0].id}`);
    // (600 × 0.15 + 400 × 0.075 + 500 × 0.6) / 1e6, to the last digit.
    expect(run.exact).toBe(true);
    const c = await countersAndSums(id);
    expect(c).toMatchObject({ p: '1120', c: '515', k: '400', unpriced: '1', equal: 'true' });
    expect(Number(c.cost)).toBeCloseTo(0.00042 + (100 * 0.15 + 10 * 0.6) / 1e6, 15);

    // A succeeded run is never overwritten, so a late duplicate moves no counter.
    await recordRuns(t.db, fence, [{ datasetItemId: items[0].id, repetition: 1, status: 'SUCCEEDED', attempts: 3, output: 'z', promptTokens: 9999, completionTokens: 9999, price }]);
    expect(await countersAndSums(id)).toEqual(c);
  });

  it("sums every judge call of an evaluation, and the experiment's counters follow", async () => {
    const { id, items, fence } = await claimedExperiment(1);
    const [r] = await recordRuns(t.db, fence, [{ datasetItemId: items[0].id, repetition: 1, status: 'SUCCEEDED', attempts: 1, output: '2' }]);
    await recordEvaluation(t.db, fence, { runId: r!.runId, evaluatorName: 'judge', status: 'ERROR', attempts: 1, error: 'unparseable',
      promptTokens: 300, completionTokens: 40, cachedPromptTokens: 100, price });
    await recordEvaluation(t.db, fence, { runId: r!.runId, evaluatorName: 'judge', status: 'COMPLETED', attempts: 2, score: 1,
      promptTokens: 300, completionTokens: 20, cachedPromptTokens: 100, price });
    const [ev] = await t.db.execute<{ p: number; c: number; k: number; cost: string }>(sql`
      select prompt_tokens as p, completion_tokens as c, cached_prompt_tokens as k, cost_usd::text as cost from evaluations where experiment_id = ${id}`);
    expect(ev).toMatchObject({ p: 600, c: 60, k: 200 });
    expect(Number(ev.cost)).toBeCloseTo((400 * 0.15 + 200 * 0.075 + 60 * 0.6) / 1e6, 15);
    expect(await countersAndSums(id)).toMatchObject({ p: '600', c: '60', k: '200', unpriced: '0', equal: 'true' });
  });
});
