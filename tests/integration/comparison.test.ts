import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, eq, sql } from 'drizzle-orm';
import { arithmeticDataset, createTestExperiment, experimentRow } from '../helpers/fixtures';
import { startRunnerSuite, stopRunnerSuite, type RunnerSuite } from '../helpers/suite';
import { waitFor } from '../helpers/processes';
import { apiCaller, callRoute, closeAppClients, documentedAnswers, type ApiCaller } from '../helpers/api';
import { datasetItems, evaluations, experimentRuns, experiments, experimentVariants } from '../../lib/db/schema';
import type { ExperimentConfig } from '../../lib/experiments/config';
import { compareExperiments } from '../../lib/experiments/compare';
import { compareScores, type ComparisonStats } from '../../lib/experiments/comparison';
import { compareDisagreements } from '../../lib/experiments/disagreements';
import { bootstrapMeanCI } from '../../lib/stats/bootstrap';
import { pairedComparison } from '../../lib/stats/paired';
import type { RouteHandler } from '../../lib/server/define-route';

/**
 * The honest comparison on real data: a two-variant experiment run by a worker against the
 * simulator (its arithmetic answers are wrong for about one prompt in ten, a different tenth per
 * prompt, so the variants' scores differ item by item), then rows inserted directly for what a
 * run cannot set up cheaply (repetitions with different scores, the item cap, other datasets).
 */

let s: RunnerSuite;
let caller: ApiCaller;
let routes: { compare: RouteHandler; stats: RouteHandler; disagreements: RouteHandler };
let validate: (path: string, status: number, body: unknown) => void;

beforeAll(async () => {
  s = await startRunnerSuite({ simulator: { latencyMs: 2 } });
  process.env.DATABASE_URL = s.t.url;
  caller = await apiCaller('member');
  routes = {
    compare: (await import('../../app/api/compare/route')).GET,
    stats: (await import('../../app/api/compare/stats/route')).GET,
    disagreements: (await import('../../app/api/compare/disagreements/route')).GET,
  };
  const { expectDocumented } = await documentedAnswers();
  validate = (path, status, body) => expectDocumented('GET', path, status, body);
});
afterAll(async () => {
  await closeAppClients();
  await stopRunnerSuite(s);
});

async function get(route: keyof typeof routes, path: string, query: string) {
  const res = await callRoute(routes[route], 'GET', `${path}?${query}`, { headers: caller.auth });
  const body = await res.json();
  validate(path, res.status, body);
  return { status: res.status, body };
}

/** Each item's mean score per variant, computed apart from the read model: item seq order. */
async function itemMeans(experimentId: string, evaluator: string) {
  const rows = await s.t.db.execute<{ variant: number; seq: string; item: string; score: number }>(sql`
    select r.variant, i.seq::text as seq, i.id as item, avg(e.score)::float8 as score
    from evaluations e join experiment_runs r on r.id = e.run_id join dataset_items i on i.id = r.dataset_item_id
    where r.experiment_id = ${experimentId} and e.evaluator_name = ${evaluator} and e.status = 'COMPLETED'
    group by 1, 2, 3 order by 1, i.seq::bigint`);
  const byVariant = new Map<number, Map<string, number>>();
  for (const r of rows) {
    const m = byVariant.get(r.variant) ?? new Map<string, number>();
    byVariant.set(r.variant, m);
    m.set(r.item, Number(r.score));
  }
  return byVariant;
}

const promptA = { messages: [{ role: 'user' as const, content: '{{question}}' }] };
const promptB = { messages: [{ role: 'system' as const, content: 'Reply with the number only.' }, { role: 'user' as const, content: '{{question}}' }] };

describe('comparing the variants of a run experiment', () => {
  let id: string;
  let stats: ComparisonStats;

  beforeAll(async () => {
    // A fixed offset: the same prompts every run, so the same answers are wrong.
    const ds = await arithmeticDataset(s.t.db, 60, { offset: 5000 });
    ({ id } = await createTestExperiment(s.t.db, s.boss, ds.id, s.provider.id, {
      name: 'two prompts',
      config: {
        evaluators: [{ name: 'answer', type: 'contains', expectedField: 'answer' }],
        variants: [{ name: 'plain', template: promptA }, { name: 'terse', template: promptB }],
      },
    }));
    await waitFor(async () => {
      const row = await experimentRow(s.t.db, id);
      return row.status === 'COMPLETED' && row.evalsCompleted === 120;
    }, { timeoutMs: 60_000, what: 'the experiment and its 120 evaluations to complete' });
    stats = await compareScores(s.t.db, { series: [{ experimentId: id, variant: null }] });
  });

  it('gives each variant its mean with the bootstrap interval over its items', async () => {
    const means = await itemMeans(id, 'answer');
    expect(stats.baseline).toBe(`${id}:0`);
    expect(stats).toMatchObject({ level: 0.95, resamples: 2000, capped: [] });
    const [answer] = stats.evaluators;
    expect(answer.evaluator).toBe('answer');
    expect(answer.series.map((x) => x.key)).toEqual([`${id}:0`, `${id}:1`]);
    for (const [i, series] of answer.series.entries()) {
      const values = [...means.get(i)!.values()];
      expect(series.n).toBe(60);
      // The same interval as the bootstrap over the item means in dataset order.
      expect(series).toEqual({ key: `${id}:${i}`, ...bootstrapMeanCI(values) });
      expect(series.method).toBe('bootstrap');
      expect(series.ci![0]).toBeLessThanOrEqual(series.mean!);
      expect(series.ci![1]).toBeGreaterThanOrEqual(series.mean!);
      expect(series.mean).toBeLessThan(1); // The simulator is wrong now and then.
      expect(answer.histogram.series[i]).toMatchObject({ key: `${id}:${i}`, total: 60 });
    }
  });

  it('pairs the variants item by item against the baseline, with wins, ties and losses', async () => {
    const means = await itemMeans(id, 'answer');
    const base = means.get(0)!, other = means.get(1)!;
    const [paired] = stats.evaluators[0].paired;
    let wins = 0, ties = 0, losses = 0;
    for (const [item, b] of base) {
      const o = other.get(item)!;
      if (o > b) wins++; else if (o < b) losses++; else ties++;
    }
    expect(wins + losses).toBeGreaterThan(0);
    expect(paired).toMatchObject({ key: `${id}:1`, n: 60, wins, ties, losses });
    expect({ key: paired.key, ...pairedComparison(base, other) }).toEqual(paired);
    expect(paired.significant).toBe(!(paired.ci![0] <= 0 && paired.ci![1] >= 0));

    // The other baseline mirrors the difference.
    const flipped = await compareScores(s.t.db, { series: [{ experimentId: id, variant: null }], baseline: `${id}:1` });
    expect(flipped.evaluators[0].paired[0]).toMatchObject({ key: `${id}:0`, n: 60, wins: losses, losses: wins, ties });
    expect(flipped.evaluators[0].paired[0].diff).toBeCloseTo(-paired.diff!, 12);
  });

  it('lists the items where the variants disagree, outputs side by side, page by page', async () => {
    const means = await itemMeans(id, 'answer');
    const base = means.get(0)!, other = means.get(1)!;
    const expected = [...base.keys()].filter((item) => base.get(item) !== other.get(item));
    expect(expected.length).toBeGreaterThan(0);

    const seen: string[] = [];
    let after: number | null = null;
    for (let page = 0; page < 60; page++) {
      const p = await compareDisagreements(s.t.db, { series: [{ experimentId: id, variant: null }], after, pageSize: 2 });
      if (page === 0) expect(p.remaining).toBe(expected.length);
      for (const row of p.rows) {
        seen.push(row.itemId);
        expect(row.evaluators).toEqual(['answer']);
        expect(row.scores[`${id}:0`].answer).toBe(base.get(row.itemId));
        expect(row.scores[`${id}:1`].answer).toBe(other.get(row.itemId));
        expect(row.cells[`${id}:0`]).toMatchObject({ status: 'SUCCEEDED', repetition: 1, itemId: row.itemId });
        expect(row.cells[`${id}:1`]!.output).not.toEqual(row.cells[`${id}:0`]!.output);
        expect(row.cells[`${id}:1`]!.differs).toBe(true);
      }
      expect(p.rows.length).toBeLessThanOrEqual(2);
      after = p.next;
      if (after === null) break;
    }
    expect(seen).toEqual(expected);
  });

  it('shows the variants side by side, named by variant, with counters from the runs', async () => {
    const c = await compareExperiments(s.t.db, { series: [{ experimentId: id, variant: null }] });
    expect(c.oneExperiment).toEqual({ id, name: 'two prompts' });
    expect(c.series.map((x) => [x.key, x.name, x.succeeded, x.failed, x.totalRuns])).toEqual([
      [`${id}:0`, 'plain', 60, 0, 60], [`${id}:1`, 'terse', 60, 0, 60],
    ]);
    expect(c.series[1].deltas!.successRate).toEqual({ value: 0, better: false });
    expect(c.total).toBe(60);
    expect(Object.keys(c.rows[0].cells)).toEqual([`${id}:0`, `${id}:1`]);
  });

  it('answers the same over the JSON API, valid against its OpenAPI schema', async () => {
    const both = `experiment=${id}:0&experiment=${id}:1`;
    const st = await get('stats', '/api/compare/stats', `experiment=${id}`);
    expect(st.status).toBe(200);
    expect(st.body).toEqual(JSON.parse(JSON.stringify(stats)));

    const c = await get('compare', '/api/compare', `${both}&baseline=${id}:1&diff=1`);
    expect(c.status).toBe(200);
    expect(c.body.baseline).toBe(`${id}:1`);
    expect(c.body.series.map((x: { key: string }) => x.key)).toEqual([`${id}:1`, `${id}:0`]);
    expect(c.body.onlyDiffs).toBe(true);

    const d = await get('disagreements', '/api/compare/disagreements', `${both}&limit=1`);
    expect(d.status).toBe(200);
    expect(d.body.rows).toHaveLength(1);
    const d2 = await get('disagreements', '/api/compare/disagreements', `${both}&limit=1&after=${d.body.next}`);
    expect(d2.body.rows[0].seq).toBeGreaterThan(d.body.rows[0].seq);

    // Bad input: a clear message that names the problem (and its limit).
    const missing = await get('stats', '/api/compare/stats', `experiment=${id}:7`);
    expect(missing.status).toBe(400);
    expect(missing.body.error).toMatch(/“two prompts” has no variant 7: its variants are 0 to 1/);
    const many = await get('stats', '/api/compare/stats', Array.from({ length: 11 }, (_, i) => `experiment=${id}:${i}`).join('&'));
    expect(many.status).toBe(400);
    expect(many.body.error).toMatch(/at most 10 series/);
    const lone = await get('compare', '/api/compare', `experiment=${id}:0`);
    expect(lone.status).toBe(400);
    expect(lone.body.error).toMatch(/at least two/);
    const badAfter = await get('disagreements', '/api/compare/disagreements', `${both}&after=soon`);
    expect(badAfter.status).toBe(400);
    expect(badAfter.body.error).toMatch(/after: must be an item seq/);
  });
});

describe('comparing experiments from inserted rows', () => {
  const config = (evaluators: ExperimentConfig['evaluators']): ExperimentConfig => ({
    template: promptA, providerConnectionId: s.provider.id, model: 'sim-small', params: {}, responseSchema: null,
    repetitions: 2, maxConcurrency: null, evaluators,
  });

  async function experiment(datasetId: string, name: string, evaluatorNames: string[]) {
    const [e] = await s.t.db.insert(experiments).values({
      datasetId, datasetVersion: new Date(), name, status: 'COMPLETED',
      config: config(evaluatorNames.map((n) => ({ type: 'exact_match' as const, name: n }))),
    }).returning();
    await s.t.db.insert(experimentVariants).values({ experimentId: e.id, variant: 0, name: 'sim-small', model: 'sim-small' });
    return e;
  }

  /** Scores per item: one number per repetition. */
  async function scored(experimentId: string, items: { id: string }[], evaluator: string, scores: number[][]) {
    for (const [i, reps] of scores.entries()) {
      for (const [r, score] of reps.entries()) {
        const [run] = await s.t.db.insert(experimentRuns).values({
          experimentId, datasetItemId: items[i].id, repetition: r + 1, status: 'SUCCEEDED', output: `out ${score}`,
        }).returning();
        await s.t.db.insert(evaluations).values({ experimentId, runId: run.id, evaluatorName: evaluator, status: 'COMPLETED', score });
      }
    }
  }

  it('averages repetitions within an item, counts only shared items in the pairing, and caps items per series', async () => {
    const ds = await arithmeticDataset(s.t.db, 12);
    const items = await s.t.db.select().from(datasetItems).where(eq(datasetItems.datasetId, ds.id)).orderBy(asc(datasetItems.seq));
    const a = await experiment(ds.id, 'a', ['q']);
    const b = await experiment(ds.id, 'b', ['q', 'only-b']);
    // a: 12 items, each scored 1 and 0 (mean 0.5); b: the first 10 items, both repetitions 1.
    await scored(a.id, items, 'q', items.map(() => [1, 0]));
    await scored(b.id, items.slice(0, 10), 'q', items.slice(0, 10).map(() => [1, 1]));

    // The older `ids=` form reads too: every variant of each.
    const st = await get('stats', '/api/compare/stats', `ids=${a.id},${b.id}`);
    expect(st.status).toBe(200);
    const [q, onlyB] = st.body.evaluators as ComparisonStats['evaluators'];
    expect(q.series.map((x) => [x.n, x.mean])).toEqual([[12, 0.5], [10, 1]]);
    expect(q.paired[0]).toMatchObject({ n: 10, meanBase: 0.5, meanOther: 1, diff: 0.5, ci: [0.5, 0.5], wins: 10, ties: 0, losses: 0, significant: true });
    // Histogram of item means: a's in the 0.5 bin, b's in the last.
    expect(q.histogram.series[0].counts[5]).toBe(12);
    expect(q.histogram.series[1].counts[9]).toBe(10);
    // An evaluator only one side has: n 0 for the other, nothing to pair.
    expect(onlyB.evaluator).toBe('only-b');
    expect(onlyB.series.map((x) => x.n)).toEqual([0, 0]);
    expect(onlyB.paired[0]).toMatchObject({ n: 0, diff: null, ci: null, significant: false });

    const capped = await compareScores(s.t.db, { series: [{ experimentId: a.id, variant: null }, { experimentId: b.id, variant: null }] }, { itemCap: 8 });
    expect(capped.capped).toEqual([`${a.id}:0`, `${b.id}:0`]);
    expect(capped.itemCap).toBe(8);
    expect(capped.evaluators[0].series.map((x) => x.n)).toEqual([8, 8]);
    expect(capped.evaluators[0].paired[0].n).toBe(8);

    // Below ten shared items there is no interval, and no claim of significance.
    const few = await compareScores(s.t.db, { series: [{ experimentId: a.id, variant: null }, { experimentId: b.id, variant: null }] }, { itemCap: 9 });
    expect(few.evaluators[0].paired[0]).toMatchObject({ n: 9, diff: 0.5, ci: null, significant: false });

    // Disagreement: 0.5 against 1 is a spread of 0.5 on every shared item.
    const d = await compareDisagreements(s.t.db, { series: [{ experimentId: a.id, variant: null }, { experimentId: b.id, variant: null }] });
    expect(d.rows.map((r) => r.itemId)).toEqual(items.slice(0, 10).map((i) => i.id));
    expect(d.next).toBeNull();
  });

  it('keeps computed intervals until a series moves: a new score is counted at once', async () => {
    const ds = await arithmeticDataset(s.t.db, 12);
    const items = await s.t.db.select().from(datasetItems).where(eq(datasetItems.datasetId, ds.id)).orderBy(asc(datasetItems.seq));
    const a = await experiment(ds.id, 'kept-a', ['q']);
    const b = await experiment(ds.id, 'kept-b', ['q']);
    await scored(a.id, items.slice(0, 11), 'q', items.slice(0, 11).map(() => [1, 1]));
    await scored(b.id, items, 'q', items.map(() => [1, 0]));
    const series = { series: [{ experimentId: a.id, variant: null }, { experimentId: b.id, variant: null }] };
    const first = await compareScores(s.t.db, series);
    expect(await compareScores(s.t.db, series)).toBe(first);
    // Seeded options are computed every time (tests and callers that tune them).
    expect(await compareScores(s.t.db, series, { seed: 7 })).not.toBe(first);

    await scored(a.id, items.slice(11), 'q', [[0, 0]]);
    const after = await compareScores(s.t.db, series);
    expect(after).not.toBe(first);
    expect([first.evaluators[0].series[0].n, after.evaluators[0].series[0].n]).toEqual([11, 12]);
    expect(after.evaluators[0].series[0].mean).toBeCloseTo(11 / 12, 10);
  });

  it('refuses series on different datasets, unknown experiments and an unknown baseline', async () => {
    const ds1 = await arithmeticDataset(s.t.db, 1, { name: `first-${Date.now()}` });
    const ds2 = await arithmeticDataset(s.t.db, 1, { name: `second-${Date.now()}` });
    const a = await experiment(ds1.id, 'on-first', []);
    const b = await experiment(ds2.id, 'on-second', []);
    const both = [{ experimentId: a.id, variant: null }, { experimentId: b.id, variant: null }];
    await expect(compareScores(s.t.db, { series: both })).rejects.toThrow(/same dataset can be compared: “on-first” on “first-\d+”; “on-second” on “second-\d+”/);
    await expect(compareScores(s.t.db, { series: [both[0], { experimentId: crypto.randomUUID(), variant: null }] })).rejects.toThrow(/not found/);
    await expect(compareDisagreements(s.t.db, { series: [both[0], { experimentId: 'nope', variant: null }] })).rejects.toThrow(/“nope” is not an experiment id/);
    const c = await experiment(ds1.id, 'also-first', []);
    await expect(compareExperiments(s.t.db, { series: [both[0], { experimentId: c.id, variant: null }], baseline: crypto.randomUUID() }))
      .rejects.toThrow(/baseline must be one of the compared/);
  });
});
