import { beforeAll, describe, expect, it } from 'vitest';
import { and, asc, count, eq, sql } from 'drizzle-orm';
import { arithmeticDataset, simulatorProvider } from '../helpers/fixtures';
import { callRoute, documentedAnswers, routeTestDatabase } from '../helpers/api';
import { datasetItems, evaluations, experimentRuns, experiments } from '../../lib/db/schema';
import type { ExperimentConfig } from '../../lib/experiments/config';
import {
  DISTRIBUTIONS_MAX_EXPERIMENTS, LATENCY_BINS, SCORE_BINS, experimentDistributions, latencyBins, latencyDistribution, niceStep,
  scoreDistributions, type Histogram,
} from '../../lib/experiments/distributions';
import type { RouteHandler } from '../../lib/server/define-route';

/**
 * The experiment page's charts are counted by the database: every scored evaluation and every
 * answered run lands in exactly one bin, whatever the experiment's size. Rows are inserted
 * directly: no worker, no simulator calls.
 */

const app = routeTestDatabase();
let providerId: string;
let route: RouteHandler;

beforeAll(async () => {
  providerId = (await simulatorProvider(app.t.db, 'http://127.0.0.1:1')).id;
  route = (await import('../../app/api/experiments/[id]/distributions/route')).GET;
});

const config = (): ExperimentConfig => ({
  template: { messages: [{ role: 'user', content: '{{question}}' }] },
  providerConnectionId: providerId, model: 'sim-small', params: {}, responseSchema: null, repetitions: 1, maxConcurrency: null,
  evaluators: [
    { type: 'exact_match', name: 'exact', expectedField: 'answer' },
    { type: 'contains', name: 'contains', value: '4' },
  ],
});

/** An experiment over `n` fresh items, with one run per latency (null = a failed run, 'cached' = from the call cache). */
async function experimentWithRuns(latencies: (number | null | 'cached')[]) {
  const ds = await arithmeticDataset(app.t.db, latencies.length);
  const items = await app.t.db.select().from(datasetItems).where(eq(datasetItems.datasetId, ds.id)).orderBy(asc(datasetItems.seq));
  const [e] = await app.t.db.insert(experiments).values({
    datasetId: ds.id, datasetVersion: new Date(), name: `dist-${Math.random().toString(36).slice(2, 8)}`, config: config(), status: 'COMPLETED',
  }).returning();
  const runs = await app.t.db.insert(experimentRuns).values(latencies.map((l, i) => ({
    experimentId: e.id, datasetItemId: items[i].id, repetition: 1,
    status: l === null ? 'FAILED' as const : 'SUCCEEDED' as const,
    output: l === null ? null : 'out', error: l === null ? 'HTTP 400: bad' : null,
    latencyMs: l === 'cached' ? 0 : l === null ? 2_000 : l, cached: l === 'cached',
  }))).returning();
  return { e, runs };
}

async function evaluate(experimentId: string, runId: string, name: string, score: number | null, status: 'COMPLETED' | 'DELAYED' | 'ERROR' | 'PENDING' = 'COMPLETED') {
  await app.t.db.insert(evaluations).values({ experimentId, runId, evaluatorName: name, status, score });
}

const total = (h: Histogram, key: string) => h.series.find((s) => s.key === key)!.total;
const countsOf = (h: Histogram, key: string) => h.series.find((s) => s.key === key)!.counts;

describe('score distributions', () => {
  it('counts every COMPLETED evaluation once, in tenths of 0..1', async () => {
    const { e, runs } = await experimentWithRuns([100, 120, 140, 160, 180, 200, null]);
    const exactScores = [1, 1, 0, 1, 0];
    for (let i = 0; i < exactScores.length; i++) await evaluate(e.id, runs[i].id, 'exact', exactScores[i]);
    await evaluate(e.id, runs[5].id, 'exact', null, 'DELAYED');
    const containsScores = [0.05, 0.35, 0.5, 0.999, 1];
    for (let i = 0; i < containsScores.length; i++) await evaluate(e.id, runs[i].id, 'contains', containsScores[i]);
    await evaluate(e.id, runs[5].id, 'contains', null, 'ERROR');

    const scores = await scoreDistributions(app.t.db, [e.id]);
    const byName = new Map(scores.map((s) => [s.evaluator, s.histogram]));
    expect([...byName.keys()].sort()).toEqual(['contains', 'exact']);

    // The counts add up to the evaluations that have a score, per evaluator (DELAYED, ERROR left out).
    for (const [name, h] of byName) {
      const [{ n }] = await app.t.db.select({ n: count() }).from(evaluations)
        .where(and(eq(evaluations.experimentId, e.id), eq(evaluations.evaluatorName, name), eq(evaluations.status, 'COMPLETED')));
      expect(total(h, e.id), name).toBe(n);
      expect(countsOf(h, e.id).reduce((a, b) => a + b, 0)).toBe(n);
      expect(h.bins).toHaveLength(SCORE_BINS);
    }
    // 0 in the first bin, 1 in the last (not an eleventh), 0.35 in the fourth.
    expect(countsOf(byName.get('exact')!, e.id)).toEqual([2, 0, 0, 0, 0, 0, 0, 0, 0, 3]);
    expect(countsOf(byName.get('contains')!, e.id)).toEqual([1, 0, 0, 1, 0, 1, 0, 0, 0, 2]);
    expect(byName.get('exact')!.bins[3]).toEqual({ from: 0.3, to: 0.4 });
  });

  it('orders evaluators as the config lists them', async () => {
    const { e, runs } = await experimentWithRuns([100]);
    await evaluate(e.id, runs[0].id, 'exact', 1);
    await evaluate(e.id, runs[0].id, 'contains', 1);
    const d = await experimentDistributions(app.t.db, [e.id], ['exact', 'contains']);
    expect(d.scores.map((s) => s.evaluator)).toEqual(['exact', 'contains']);
  });
});

describe('latency distribution', () => {
  it('counts the runs the provider answered: not failed ones, not cached ones', async () => {
    const { e } = await experimentWithRuns([110, 150, 190, 230, 270, 'cached', 'cached', null, null]);
    const h = await latencyDistribution(app.t.db, [e.id]);
    const [{ n }] = await app.t.db.select({ n: count() }).from(experimentRuns)
      .where(and(eq(experimentRuns.experimentId, e.id), eq(experimentRuns.status, 'SUCCEEDED'), eq(experimentRuns.cached, false)));
    expect(n).toBe(5);
    expect(total(h, e.id)).toBe(5);
    expect(h.bins.length).toBeLessThanOrEqual(LATENCY_BINS + 1);
    // Round-number edges: 160 ms over 12 bins is a 20 ms step from 100.
    expect(h.bins[0]).toEqual({ from: 100, to: 120 });
    expect(h.bins.at(-1)!.to).toBeGreaterThan(270);
    const bin = (ms: number) => h.bins.findIndex((b) => ms >= b.from && ms < b.to);
    const expected = new Array<number>(h.bins.length).fill(0);
    for (const ms of [110, 150, 190, 230, 270]) expected[bin(ms)] += 1;
    expect(countsOf(h, e.id)).toEqual(expected);
  });

  it('puts a long tail in an overflow bin instead of one bar', async () => {
    const latencies = Array.from({ length: 300 }, (_, i) => 200 + (i % 100) * 3);
    latencies.push(120_000, 95_000);
    const { e } = await experimentWithRuns(latencies);
    const h = await latencyDistribution(app.t.db, [e.id]);
    expect(total(h, e.id)).toBe(302);
    const last = h.bins.at(-1)!;
    expect(last.overflow).toBe(true);
    expect(last.to).toBe(120_000);
    expect(countsOf(h, e.id).at(-1)).toBe(2);
    // The regular bins spread the 300 others.
    expect(countsOf(h, e.id).filter((c) => c > 0).length).toBeGreaterThan(5);
  });

  it('is empty for an experiment with no answered run', async () => {
    const { e } = await experimentWithRuns([null, 'cached']);
    const h = await latencyDistribution(app.t.db, [e.id]);
    expect(h.bins).toEqual([]);
    expect(h.series).toEqual([{ key: e.id, counts: [], total: 0 }]);
  });
});

describe('several experiments', () => {
  it('share one set of bins, one series each', async () => {
    const a = await experimentWithRuns([100, 200, 300]);
    const b = await experimentWithRuns([1_000, 1_100]);
    await evaluate(a.e.id, a.runs[0].id, 'exact', 1);
    await evaluate(b.e.id, b.runs[0].id, 'exact', 0);
    await evaluate(b.e.id, b.runs[1].id, 'exact', 0.5);
    const d = await experimentDistributions(app.t.db, [a.e.id, b.e.id]);
    expect(d.latency.series.map((s) => [s.key, s.total])).toEqual([[a.e.id, 3], [b.e.id, 2]]);
    expect(d.latency.bins[0].from).toBeLessThanOrEqual(100);
    expect(d.latency.bins.at(-1)!.to).toBeGreaterThan(1_100);
    const exact = d.scores.find((s) => s.evaluator === 'exact')!.histogram;
    expect(countsOf(exact, a.e.id)).toEqual([0, 0, 0, 0, 0, 0, 0, 0, 0, 1]);
    expect(countsOf(exact, b.e.id)).toEqual([1, 0, 0, 0, 0, 1, 0, 0, 0, 0]);
  });

  it(`refuses more than ${DISTRIBUTIONS_MAX_EXPERIMENTS} at a time`, async () => {
    const ids = Array.from({ length: DISTRIBUTIONS_MAX_EXPERIMENTS + 1 }, () => crypto.randomUUID());
    await expect(experimentDistributions(app.t.db, ids)).rejects.toThrow(`at most ${DISTRIBUTIONS_MAX_EXPERIMENTS} experiments`);
  });
});

describe('bounded output', () => {
  it('answers a few bins for thousands of runs', async () => {
    const latencies = Array.from({ length: 3_000 }, (_, i) => 50 + ((i * 7919) % 4_000));
    const { e, runs } = await experimentWithRuns(latencies);
    await app.t.db.execute(sql`
      insert into evaluations (experiment_id, run_id, evaluator_name, status, score)
      select ${e.id}, id, 'exact', 'COMPLETED', (abs(hashtext(id::text)) % 101) / 100.0
      from experiment_runs where experiment_id = ${e.id}`);
    const d = await experimentDistributions(app.t.db, [e.id]);
    expect(d.latency.bins.length).toBeLessThanOrEqual(LATENCY_BINS + 1);
    expect(total(d.latency, e.id)).toBe(runs.length);
    expect(total(d.scores[0].histogram, e.id)).toBe(runs.length);
  });
});

describe('bins', () => {
  it('picks round steps', () => {
    expect(niceStep(0)).toBe(1);
    expect(niceStep(13)).toBe(20);
    expect(niceStep(20)).toBe(20);
    expect(niceStep(333)).toBe(500);
    expect(niceStep(6_000)).toBe(10_000);
  });

  it('covers the range in at most LATENCY_BINS + 1 bins, every value in one', () => {
    for (const [min, max] of [[0, 0], [5, 5], [99, 101], [150, 4_150], [1, 119_999], [333, 1_234]]) {
      const bins = latencyBins(min, max, max);
      expect(bins.length, `${min}..${max}`).toBeLessThanOrEqual(LATENCY_BINS + 1);
      expect(bins[0].from).toBeLessThanOrEqual(min);
      expect(bins.at(-1)!.to).toBeGreaterThan(max);
      for (let i = 1; i < bins.length; i++) expect(bins[i].from).toBe(bins[i - 1].to);
    }
  });
});

describe('GET /api/experiments/{id}/distributions', () => {
  it('answers the distributions as the OpenAPI document says, and 404 for an unknown id', async () => {
    const { e, runs } = await experimentWithRuns([100, 300]);
    await evaluate(e.id, runs[0].id, 'contains', 0.2);
    await evaluate(e.id, runs[1].id, 'exact', 1);
    const res = await callRoute(route, 'GET', `/api/experiments/${e.id}/distributions`, { params: { id: e.id }, headers: app.auth });
    expect(res.status).toBe(200);
    const body = await res.json();
    expect(body.scores.map((s: { evaluator: string }) => s.evaluator)).toEqual(['exact', 'contains']);
    expect(body.latency.series[0]).toMatchObject({ key: e.id, total: 2 });

    (await documentedAnswers()).expectDocumented('GET', '/api/experiments/{id}/distributions', 200, body);

    const missing = crypto.randomUUID();
    const notFound = await callRoute(route, 'GET', `/api/experiments/${missing}/distributions`, { params: { id: missing }, headers: app.auth });
    expect(notFound.status).toBe(404);
  });
});
