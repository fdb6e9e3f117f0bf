import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eq } from 'drizzle-orm';
import { datasetItems, datasets, experimentRuns, providerConnections } from '../../lib/db/schema';
import { DEMO_DATASET_NAME, DEMO_PROMPT, seedFirstRun, SIMULATOR_PROVIDER_NAME } from '../../lib/seed';
import { estimateExperiment, ESTIMATE_MAX_CHARS, ESTIMATE_SAMPLE_SIZE } from '../../lib/costs/estimate-experiment';
import { estimateRequestSchema, MEASURE_ITEMS, type EstimateRequest } from '../../lib/costs/estimate-schema';
import { sampleItems } from '../../lib/costs/sample-items';
import { DEFAULT_JUDGE_TEMPLATE, renderJudgeMessages } from '../../lib/evaluators/judge-verdict';
import { countUsage } from '../../lib/simulator/reply';
import { renderMessages } from '../../lib/prompts/template';
import { databaseNow } from '../../lib/db/now';
import { createTestExperiment, experimentRow } from '../helpers/fixtures';
import { startRunnerSuite, stopRunnerSuite, type RunnerSuite } from '../helpers/suite';
import { waitFor } from '../helpers/processes';

let s: RunnerSuite;
let providerId: string;
let demoId: string;

beforeAll(async () => {
  s = await startRunnerSuite({ simulator: { latencyMs: 0 } });
  await seedFirstRun(s.t.db, { simulatorUrl: s.sim.url });
  [{ id: providerId }] = await s.t.db.select({ id: providerConnections.id }).from(providerConnections).where(eq(providerConnections.name, SIMULATOR_PROVIDER_NAME));
  [{ id: demoId }] = await s.t.db.select({ id: datasets.id }).from(datasets).where(eq(datasets.name, DEMO_DATASET_NAME));
});
afterAll(async () => stopRunnerSuite(s));

const estimate = (req: Omit<EstimateRequest, 'providerConnectionId'> & { providerConnectionId?: string }, opts?: { sampleSize?: number }) =>
  estimateExperiment(s.t.db, estimateRequestSchema.parse({ providerConnectionId: providerId, ...req }), opts);

const judge = () => ({ providerConnectionId: providerId, model: 'sim-judge', template: DEFAULT_JUDGE_TEMPLATE });
const within = (estimated: number, actual: number, share: number) => Math.abs(estimated - actual) / actual <= share;

describe('the cost estimate on the demo dataset', () => {
  it('counts calls with repetitions and judges', async () => {
    const e = await estimate({ datasetId: demoId, messages: DEMO_PROMPT, model: 'sim-small', repetitions: 3, judges: [judge(), judge()] });
    expect(e.totalItems).toBe(30);
    expect(e.eligibleItems).toBe(30);
    expect(e.calls).toEqual({ task: 90, judge: 180, total: 270 });
    // Tokens are shown whatever the prices: unknown ones say so, never a cost of 0.
    if (e.cost === null) expect(e.missingPrices.length).toBeGreaterThan(0);
    else expect(e.missingPrices).toEqual([]);
  });

  it('is within 10% of the input tokens the worker records from the simulator', async () => {
    const e = await estimate({ datasetId: demoId, messages: DEMO_PROMPT, model: 'sim-small', repetitions: 2 });
    const { id } = await createTestExperiment(s.t.db, s.boss, demoId, providerId, {
      config: { template: { messages: DEMO_PROMPT }, model: 'sim-small', repetitions: 2 },
    });
    await waitFor(async () => (await experimentRow(s.t.db, id)).status === 'COMPLETED', { timeoutMs: 45_000, what: 'COMPLETED' });
    const runs = await s.t.db.select({ promptTokens: experimentRuns.promptTokens }).from(experimentRuns).where(eq(experimentRuns.experimentId, id));
    expect(runs).toHaveLength(60);
    const actual = runs.reduce((n, r) => n + r.promptTokens!, 0);
    expect(e.calls.total).toBe(60);
    expect(within(e.inputTokens.expected, actual, 0.1)).toBe(true);
    // The whole demo fits in the sample: the count is the simulator's own.
    expect(e.inputTokens.expected).toBe(actual);
    expect(e.outputTokens.source).toBe('quota');
  });

  it('estimates the judges\' prompts, which quote each output, within 10% once the output is measured', async () => {
    const e = await estimate({ datasetId: demoId, messages: DEMO_PROMPT, model: 'sim-small', judges: [judge()], measure: true });
    expect(e.measured).toEqual({ calls: MEASURE_ITEMS, failed: 0, error: null });
    expect(e.outputTokens.source).toBe('measured');
    // What the simulator would count for the same calls: every task prompt, and every judge prompt
    // with the reply the simulator gives that item.
    const items = await s.t.db.select().from(datasetItems).where(eq(datasetItems.datasetId, demoId));
    let actual = 0;
    for (const item of items) {
      const task = renderMessages(DEMO_PROMPT, item.input as Record<string, unknown>);
      const reply = await (await fetch(`${s.sim.url}/chat/completions`, {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model: 'sim-small', messages: task }),
      })).json() as { choices: { message: { content: string } }[]; usage: { prompt_tokens: number } };
      actual += reply.usage.prompt_tokens;
      const judged = renderJudgeMessages(DEFAULT_JUDGE_TEMPLATE, { input: item.input, output: reply.choices[0].message.content, expected: item.expectedOutput });
      actual += countUsage(judged, '', 'sim-judge').prompt_tokens;
    }
    expect(within(e.inputTokens.expected, actual, 0.1)).toBe(true);
    // The range is a sampling interval around the expected figure (which five items are measured
    // depends on the random item ids): it brackets the estimate, not necessarily the actual count.
    expect(e.inputTokens.low).toBeLessThanOrEqual(e.inputTokens.expected);
    expect(e.inputTokens.high!).toBeGreaterThanOrEqual(e.inputTokens.expected);
  });

  it('covers every variant: the sum of each variant\'s own estimate', async () => {
    const other = [{ role: 'system' as const, content: 'Answer in one short sentence, then explain your reasoning at length.' }, ...DEMO_PROMPT];
    const base = { datasetId: demoId, messages: DEMO_PROMPT, model: 'sim-small', maxTokens: 50, repetitions: 2, judges: [judge()] };
    const e = await estimate({ ...base, variants: [{}, { model: 'sim-large' }, { messages: other }, { messages: other, model: 'sim-large', maxTokens: 10 }] });
    const parts = await Promise.all([
      estimate(base), estimate({ ...base, model: 'sim-large' }), estimate({ ...base, messages: other }), estimate({ ...base, messages: other, model: 'sim-large', maxTokens: 10 }),
    ]);
    expect(e.variants).toBe(4);
    expect(e.calls).toEqual({ task: 240, judge: 240, total: 480 });
    // The demo fits in the sample: every part is exact, and so is their sum.
    expect(e.inputTokens.expected).toBe(parts.reduce((n, p) => n + p.inputTokens.expected, 0));
    expect(e.outputTokens.high).toBe(parts.reduce((n, p) => n + p.outputTokens.high!, 0));
    expect(e.outputTokens.perCall).toEqual({ low: 0, high: 50 });
    expect(e.eligibleItems).toBe(30);
    expect(estimateRequestSchema.safeParse({ ...base, providerConnectionId: providerId, variants: Array.from({ length: 25 }, () => ({})) }).error?.issues[0].message)
      .toBe('An experiment has at most 24 variants');
  });

  it('refuses an unknown dataset with a 404', async () => {
    await expect(estimate({ datasetId: '00000000-0000-4000-8000-000000000000', messages: DEMO_PROMPT, model: 'sim-small' }))
      .rejects.toMatchObject({ status: 404 });
  });
});

describe('the cost estimate on a large dataset', () => {
  const ITEMS = 5_000;
  let bigId: string;
  let exact = 0;
  const messages = [{ role: 'user' as const, content: 'Summarise: {{text}}' }];

  beforeAll(async () => {
    const [ds] = await s.t.db.insert(datasets).values({ name: 'big-estimate' }).returning();
    bigId = ds.id;
    // Prompts grow along the dataset, so a sample of its head alone would be far off; every 10th
    // item lacks the variable and is not counted.
    const rows = Array.from({ length: ITEMS }, (_, i) => ({
      datasetId: ds.id,
      input: i % 10 === 9 ? { other: 'x' } : { text: `item ${i}: ${'lorem ipsum dolor '.repeat(1 + Math.floor(i / 250))}` },
    }));
    for (let i = 0; i < rows.length; i += 1000) await s.t.db.insert(datasetItems).values(rows.slice(i, i + 1000));
    for (const row of rows) {
      if ('text' in row.input) exact += countUsage(renderMessages(messages, row.input), '', 'sim-small').prompt_tokens;
    }
  });

  it('tokenizes a spread sample, not every item, and extrapolates within 10%', async () => {
    const e = await estimate({ datasetId: bigId, messages, model: 'sim-small', maxTokens: 100 });
    expect(e.totalItems).toBe(ITEMS);
    expect(e.eligibleItems).toBe(ITEMS * 0.9);
    expect(e.sampledItems).toBeLessThanOrEqual(ESTIMATE_SAMPLE_SIZE);
    expect(e.sampledItems).toBeGreaterThan(ESTIMATE_SAMPLE_SIZE * 0.8);
    expect(within(e.inputTokens.expected, exact, 0.1)).toBe(true);
    expect(e.inputTokens.low).toBeLessThan(e.inputTokens.expected);
    expect(e.outputTokens).toMatchObject({ source: 'max_tokens', low: 0, high: 100 * ITEMS * 0.9 });
  });

  it('samples from the whole seq range of the version, one item per slice', async () => {
    const version = await databaseNow(s.t.db);
    const sample = await sampleItems(s.t.db, { datasetId: bigId, version, size: 50, activeItems: ITEMS });
    expect(sample).toHaveLength(50);
    const seqs = sample.map((r) => r.seq).sort((a, b) => a - b);
    const [first] = await s.t.db.select({ seq: datasetItems.seq }).from(datasetItems).where(eq(datasetItems.datasetId, bigId)).orderBy(datasetItems.seq).limit(1);
    expect(seqs[0]).toBe(Number(first.seq));
    expect(seqs.at(-1)! - seqs[0]).toBeGreaterThan(ITEMS * 0.95);
    expect(new Set(seqs).size).toBe(50);
  });

  it('tokenizes no more than its character budget of large items, and still extrapolates', async () => {
    const [ds] = await s.t.db.insert(datasets).values({ name: 'large-items' }).returning();
    const ITEM_CHARS = 50_000;
    const rows = Array.from({ length: 250 }, (_, i) => ({ datasetId: ds.id, input: { text: `${i} ${'word '.repeat(ITEM_CHARS / 5)}` } }));
    for (let i = 0; i < rows.length; i += 50) await s.t.db.insert(datasetItems).values(rows.slice(i, i + 50));
    const e = await estimate({ datasetId: ds.id, messages, model: 'sim-small' });
    expect(e.sampledItems).toBeLessThanOrEqual(Math.ceil(ESTIMATE_MAX_CHARS / ITEM_CHARS));
    expect(e.sampledItems).toBeGreaterThan(0);
    const one = countUsage(renderMessages(messages, rows[0].input), '', 'sim-small').prompt_tokens;
    expect(within(e.inputTokens.expected, one * 250, 0.1)).toBe(true);
  });
});
