import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, eq, sql } from 'drizzle-orm';
import { createTestDb, type TestDb } from '../helpers/db';
import { arithmeticDataset, simulatorProvider } from '../helpers/fixtures';
import { datasetItems, evaluations, experimentErrors, experimentRuns, experiments, providerConnections } from '../../lib/db/schema';
import type { ExperimentConfig } from '../../lib/experiments/config';
import { getExperimentDetails } from '../../lib/experiments/details';
import { listErrorLog, parseSourceFilter, type ErrorLogPage } from '../../lib/experiments/error-log';
import { getRunDetail, listResults, NO_FILTER, parseResultsParams, resultsSearch, type ResultsFilter } from '../../lib/experiments/results';
import { listRunChanges } from '../../lib/playground/runs';
import { compareExperiments } from '../../lib/experiments/compare';
import { compareSearch, parseCompareParams, type SeriesRef } from '../../lib/experiments/compare-params';
import { evaluatorAverages } from '../../lib/experiments/evaluator-averages';
import { listDatasetExperiments } from '../../lib/experiments/queries';

/**
 * The read side of the experiment views (details, error log, results, compare, averages) against a
 * real database. Rows are inserted directly: no worker, no simulator calls.
 */

let t: TestDb;
let taskProvider: { id: string; name: string };
let judgeProvider: { id: string; name: string };

beforeAll(async () => {
  t = await createTestDb();
  taskProvider = await simulatorProvider(t.db, 'http://127.0.0.1:1', { name: 'Task provider' });
  judgeProvider = await simulatorProvider(t.db, 'http://127.0.0.1:2', { name: 'Judge provider' });
  await t.db.update(providerConnections).set({ apiKeyEncrypted: 'CIPHERTEXT-MUST-NOT-LEAK' }).where(eq(providerConnections.id, judgeProvider.id));
});
afterAll(async () => {
  await t?.drop();
});

function config(over: Partial<ExperimentConfig> = {}): ExperimentConfig {
  return {
    template: { messages: [{ role: 'system', content: 'Answer only.' }, { role: 'user', content: '{{question}}' }] },
    providerConnectionId: taskProvider.id, model: 'sim-small', params: { temperature: 0.2 }, responseSchema: null,
    repetitions: 1, maxConcurrency: null,
    evaluators: [
      { type: 'exact_match', name: 'exact', expectedField: 'answer' },
      { type: 'llm_judge', name: 'judge', providerConnectionId: judgeProvider.id, model: 'sim-judge', template: [{ role: 'user', content: '{{output}}' }] },
    ],
    ...over,
  };
}

async function items(datasetId: string) {
  return t.db.select().from(datasetItems).where(eq(datasetItems.datasetId, datasetId)).orderBy(asc(datasetItems.seq));
}

async function experiment(datasetId: string, over: Partial<typeof experiments.$inferInsert> = {}) {
  const [row] = await t.db.insert(experiments).values({
    datasetId, datasetVersion: new Date(), name: `exp-${Math.random().toString(36).slice(2, 8)}`, config: config(), status: 'COMPLETED',
    ...over,
  }).returning();
  return row;
}

type RunSpec = { item: string; repetition?: number; status?: 'SUCCEEDED' | 'FAILED'; output?: unknown; latencyMs?: number; error?: string };

async function runs(experimentId: string, specs: RunSpec[]) {
  return t.db.insert(experimentRuns).values(specs.map((s) => ({
    experimentId, datasetItemId: s.item, repetition: s.repetition ?? 1, status: s.status ?? 'SUCCEEDED',
    output: s.status === 'FAILED' ? null : s.output ?? 'out', error: s.error ?? (s.status === 'FAILED' ? 'HTTP 400: bad' : null),
    latencyMs: s.latencyMs ?? 100, promptTokens: 12, completionTokens: 3,
    request: { model: 'sim-small', messages: [{ role: 'user', content: 'q' }] }, response: { id: 'cmpl-1', choices: [] },
  }))).returning();
}

async function evaluate(experimentId: string, runId: string, name: string, score: number | null, status: 'COMPLETED' | 'DELAYED' | 'ERROR' | 'PENDING' = 'COMPLETED') {
  await t.db.insert(evaluations).values({
    experimentId, runId, evaluatorName: name, status, score, label: score === null ? null : score >= 1 ? 'match' : 'mismatch',
    explanation: score === null ? null : `because ${score}`, error: status === 'DELAYED' ? 'HTTP 429: slow down' : status === 'ERROR' ? 'bad verdict' : null,
  });
}

describe('details', () => {
  it('gives counters, config, connection names and averages, never a key', async () => {
    const ds = await arithmeticDataset(t.db, 3);
    const [a, b] = await items(ds.id);
    const e = await experiment(ds.id, {
      totalRuns: 3, runsSucceeded: 2, runsFailed: 0, evalsCompleted: 3, evalsDelayed: 1, errorsLogged: 7, lastError: 'boom',
      startedAt: new Date(Date.now() - 60_000), finishedAt: new Date(),
    });
    const [ra, rb] = await runs(e.id, [{ item: a.id }, { item: b.id }]);
    await evaluate(e.id, ra.id, 'judge', 0.5);
    await evaluate(e.id, rb.id, 'judge', 1);
    await evaluate(e.id, ra.id, 'exact', 1);
    await evaluate(e.id, rb.id, 'exact', 0, 'DELAYED');

    const d = (await getExperimentDetails(t.db, e.id))!;
    expect(d.summary).toMatchObject({ status: 'COMPLETED', totalRuns: 3, runsSucceeded: 2, evalsDelayed: 1, lastError: 'boom', evaluatorNames: ['exact', 'judge'] });
    expect(d.provider).toEqual({ id: taskProvider.id, name: 'Task provider' });
    expect(d.judgeProviders).toEqual({ [judgeProvider.id]: 'Judge provider' });
    expect(d.dataset).toMatchObject({ id: ds.id, name: ds.name });
    expect(d.errorsLogged).toBe(7);
    expect(d.config.template.messages).toHaveLength(2);
    // Config order, COMPLETED only.
    expect(d.evaluatorAverages).toEqual([
      { evaluator: 'exact', average: 1, count: 1 },
      { evaluator: 'judge', average: 0.75, count: 2 },
    ]);
    expect(JSON.stringify(d)).not.toContain('CIPHERTEXT');
    expect(JSON.stringify(d)).not.toContain('127.0.0.1');

    expect(await getExperimentDetails(t.db, '00000000-0000-4000-8000-000000000000')).toBeNull();
  });

  it('still answers when the provider connection was deleted', async () => {
    const ds = await arithmeticDataset(t.db, 1);
    const gone = await simulatorProvider(t.db, 'http://127.0.0.1:3');
    const e = await experiment(ds.id, { config: config({ providerConnectionId: gone.id, evaluators: [] }) });
    await t.db.delete(providerConnections).where(eq(providerConnections.id, gone.id));
    const d = (await getExperimentDetails(t.db, e.id))!;
    expect(d.provider).toEqual({ id: gone.id, name: null });
    expect(d.evaluatorAverages).toEqual([]);
  });
});

describe('error log', () => {
  it('pages newest first by id, filters by source, and reports the true total', async () => {
    const ds = await arithmeticDataset(t.db, 4);
    const [a] = await items(ds.id);
    const e = await experiment(ds.id, { status: 'ERROR', errorsLogged: 130 });
    const sources = (i: number) => (i % 3 === 0 ? 'task' : i % 3 === 1 ? 'evaluator:judge' : 'system');
    for (let i = 0; i < 120; i++) {
      await t.db.insert(experimentErrors).values({
        experimentId: e.id, source: sources(i), kind: 'permanent', datasetItemId: i % 3 === 0 ? a.id : null,
        repetition: 1, attempt: 1 + (i % 2), message: `error number ${i}`,
      });
    }
    // Another experiment's errors never show.
    const other = await experiment(ds.id);
    await t.db.insert(experimentErrors).values({ experimentId: other.id, source: 'task', message: 'not mine' });

    const seen: string[] = [];
    let before: number | null = null;
    const sizes: number[] = [];
    for (;;) {
      const page: ErrorLogPage = (await listErrorLog(t.db, e.id, { before }))!;
      expect(page.total).toBe(130);
      expect(page.matching).toBe(120);
      sizes.push(page.entries.length);
      seen.push(...page.entries.map((x) => x.message));
      before = page.nextBefore;
      if (before === null) break;
    }
    expect(sizes).toEqual([50, 50, 20]);
    expect(seen[0]).toBe('error number 119');
    expect(seen.at(-1)).toBe('error number 0');
    expect(new Set(seen).size).toBe(120);

    const tasks = (await listErrorLog(t.db, e.id, { source: 'task' }))!;
    expect(tasks.matching).toBe(40);
    expect(tasks.entries.every((x) => x.source === 'task' && x.datasetItemId === a.id)).toBe(true);
    const judge = (await listErrorLog(t.db, e.id, { source: 'evaluator:judge' }))!;
    expect(judge.matching).toBe(40);
    expect(judge.entries[0]).toMatchObject({ source: 'evaluator:judge', message: 'error number 118', attempt: 1 });
    expect((await listErrorLog(t.db, e.id, { source: 'evaluators' }))!.matching).toBe(40);
    expect((await listErrorLog(t.db, e.id, { source: 'system' }))!.matching).toBe(40);
    expect((await listErrorLog(t.db, e.id, { source: 'evaluator:nobody' }))!.entries).toEqual([]);

    // A new error appended while paging does not shift the older pages.
    const first = (await listErrorLog(t.db, e.id))!;
    await t.db.insert(experimentErrors).values({ experimentId: e.id, source: 'task', message: 'newest' });
    const second = (await listErrorLog(t.db, e.id, { before: first.nextBefore }))!;
    expect(second.entries[0].message).toBe('error number 69');
    expect((await listErrorLog(t.db, e.id))!.entries[0].message).toBe('newest');

    expect(await listErrorLog(t.db, '00000000-0000-4000-8000-000000000000')).toBeNull();
    expect(parseSourceFilter('evaluator:judge')).toBe('evaluator:judge');
    expect(parseSourceFilter(null)).toBe('all');
    expect(() => parseSourceFilter('nonsense')).toThrow(/source must be/);
  });
});

describe('results', () => {
  it('filters by status, score and item, and pages in dataset order', async () => {
    const ds = await arithmeticDataset(t.db, 30);
    const list = await items(ds.id);
    const e = await experiment(ds.id, { config: config({ repetitions: 2 }) });
    // 30 items × 2 repetitions; every fifth item failed on repetition 2.
    const specs: RunSpec[] = list.flatMap((it, i) => [
      { item: it.id, repetition: 1, output: `answer ${i}`, latencyMs: 100 + i },
      { item: it.id, repetition: 2, ...(i % 5 === 0 ? { status: 'FAILED' as const } : { output: `answer ${i}` }) },
    ]);
    // Insert out of order: the listing orders by item, then repetition.
    const inserted = await runs(e.id, specs.reverse());
    for (const r of inserted.filter((x) => x.status === 'SUCCEEDED')) {
      const index = list.findIndex((it) => it.id === r.datasetItemId);
      await evaluate(e.id, r.id, 'exact', index % 2 === 0 ? 1 : 0);
      if (r.repetition === 1) await evaluate(e.id, r.id, 'judge', null, index === 3 ? 'ERROR' : 'DELAYED');
    }

    // Unfiltered and status totals come from the experiment's counters.
    await t.db.update(experiments).set({ runsSucceeded: 54, runsFailed: 6 }).where(eq(experiments.id, e.id));
    const all = await listResults(t.db, e.id, { filter: parse('') });
    expect(all).toMatchObject({ total: 60, totalCapped: false, from: 1, pageSize: 50, prev: null });
    expect(all.runs).toHaveLength(50);
    expect(all.runs.slice(0, 4).map((r) => [r.itemId, r.repetition])).toEqual([[list[0].id, 1], [list[0].id, 2], [list[1].id, 1], [list[1].id, 2]]);
    const first = all.runs[0];
    expect(first).toMatchObject({ input: { question: expect.any(String) }, expected: { answer: expect.any(String) }, output: 'answer 0', latencyMs: 100, promptTokens: 12, completionTokens: 3 });
    expect(first.evaluations.map((x) => [x.name, x.status, x.score])).toEqual([['exact', 'COMPLETED', 1], ['judge', 'DELAYED', null]]);
    expect(first.evaluations[1].error).toBe('HTTP 429: slow down');
    expect(first).not.toHaveProperty('request');

    const page2 = await listResults(t.db, e.id, parseResultsParams(new URLSearchParams({ after: all.next! })));
    expect(page2.runs).toHaveLength(10);
    expect(page2).toMatchObject({ from: 51, next: null });
    expect(new Set([...all.runs, ...page2.runs].map((r) => r.id)).size).toBe(60);
    // Past the end: the last page.
    const past = await listResults(t.db, e.id, parseResultsParams(new URLSearchParams({ after: '999999999.1.500' })));
    expect(past.runs.map((r) => r.id)).toEqual([...all.runs, ...page2.runs].slice(-50).map((r) => r.id));
    expect(past).toMatchObject({ from: 11, next: null });

    const failed = await listResults(t.db, e.id, { filter: parse('status=failed') });
    expect(failed.total).toBe(6);
    expect(failed.runs.every((r) => r.status === 'FAILED' && r.error === 'HTTP 400: bad' && r.evaluations.length === 0)).toBe(true);
    expect((await listResults(t.db, e.id, { filter: parse('status=succeeded') })).total).toBe(54);

    // exact < 1: odd items' succeeded runs (15 items; 3 of them failed repetition 2).
    const low = await listResults(t.db, e.id, { filter: parse('evaluator=exact&op=lt&score=1') });
    expect(low.total).toBe(15 * 2 - 3);
    expect(low.runs.every((r) => r.evaluations.find((x) => x.name === 'exact')!.score === 0)).toBe(true);
    expect((await listResults(t.db, e.id, { filter: parse('evaluator=exact&op=gte&score=1&status=failed') })).total).toBe(0);
    // A non-completed evaluation never matches a score filter.
    expect((await listResults(t.db, e.id, { filter: parse('evaluator=judge&op=lte&score=1') })).total).toBe(0);

    const one = await listResults(t.db, e.id, { filter: parse(`item=${list[5].id}`) });
    expect(one.runs.map((r) => [r.repetition, r.status])).toEqual([[1, 'SUCCEEDED'], [2, 'FAILED']]);

    const detail = (await getRunDetail(t.db, e.id, first.id))!;
    expect(detail.request).toEqual({ model: 'sim-small', messages: [{ role: 'user', content: 'q' }] });
    expect(detail.response).toEqual({ id: 'cmpl-1', choices: [] });
    const other = await experiment(ds.id);
    expect(await getRunDetail(t.db, other.id, first.id)).toBeNull();
  });

  it('parses and writes its URL', () => {
    const f: ResultsFilter = { status: 'failed', score: { evaluator: 'my judge', op: 'lte', value: 0.5 }, itemId: '3fa85f64-5717-4562-b3fc-2c963f66afa6', variant: 3 };
    const page = { after: { seq: 1234, rep: 2, variant: 1, pos: 100 } };
    expect(parse(resultsSearch(f, page))).toEqual(f);
    expect(parseResultsParams(new URLSearchParams(resultsSearch(f, page))).page).toEqual(page);
    expect(parseResultsParams(new URLSearchParams('after=1.x.3')).page).toBeNull();
    expect(parse('status=bogus&evaluator=x&op=zz&score=1&item=nope&variant=x')).toEqual({ status: 'all', score: null, itemId: null, variant: null });
    // A cursor from before variants (seq.rep.pos) still reads, as variant 0.
    expect(parseResultsParams(new URLSearchParams('after=12.1.40')).page).toEqual({ after: { seq: 12, rep: 1, variant: 0, pos: 40 } });
    expect(parse('evaluator=x&op=lt&score=')).toMatchObject({ score: null });
    expect(resultsSearch(parse(''))).toBe('');
  });
});

function parse(query: string) {
  return parseResultsParams(new URLSearchParams(query)).filter;
}

describe('compare', () => {
  /** Each experiment's whole (every variant). */
  const all = (...ids: string[]): SeriesRef[] => ids.map((experimentId) => ({ experimentId, variant: null }));

  /** The counters the runner keeps beside the runs (experiment_variants), from the inserted runs. */
  async function countVariant(experimentId: string) {
    await t.db.execute(sql`
      insert into experiment_variants (experiment_id, variant, name, model, total_runs, runs_succeeded, runs_failed, latency_ms_sum)
      select ${experimentId}, 0, 'only', (select config->>'model' from experiments where id = ${experimentId}), count(*), count(*) filter (where status = 'SUCCEEDED'),
        count(*) filter (where status = 'FAILED'), coalesce(sum(latency_ms) filter (where status = 'SUCCEEDED'), 0)
      from experiment_runs where experiment_id = ${experimentId}`);
  }

  it('aligns items across experiments, flags differing outputs and gives deltas against the baseline', async () => {
    const ds = await arithmeticDataset(t.db, 4);
    const [i1, i2, i3, i4] = await items(ds.id);
    const base = await experiment(ds.id, { name: 'base', config: config({ evaluators: [{ type: 'exact_match', name: 'exact' }] }) });
    const cand = await experiment(ds.id, { name: 'cand', config: config({ model: 'sim-large', evaluators: [{ type: 'exact_match', name: 'exact' }] }) });
    const third = await experiment(ds.id, { name: 'third', config: config({ evaluators: [] }) });

    const [b1, b2, b3] = await runs(base.id, [
      { item: i1.id, output: 'same', latencyMs: 100 }, { item: i2.id, output: 'old', latencyMs: 300 }, { item: i3.id, output: { a: 1, b: 2 }, latencyMs: 200 },
      { item: i1.id, repetition: 2, output: 'ignored rep 2', latencyMs: 100 },
    ]);
    const [c1, c2, c3] = await runs(cand.id, [
      { item: i1.id, output: 'same', latencyMs: 50 }, { item: i2.id, output: 'new', latencyMs: 50 }, { item: i3.id, output: { b: 2, a: 1 }, latencyMs: 50 },
      { item: i4.id, status: 'FAILED' },
    ]);
    await runs(third.id, [{ item: i1.id, status: 'FAILED' }]);
    for (const e of [base, cand, third]) await countVariant(e.id);
    for (const [run, score] of [[b1, 1], [b2, 0], [b3, 1]] as const) await evaluate(base.id, run.id, 'exact', score);
    for (const [run, score] of [[c1, 1], [c2, 1], [c3, 1]] as const) await evaluate(cand.id, run.id, 'exact', score);

    const c = await compareExperiments(t.db, { series: all(base.id, cand.id, third.id) });
    const [kb, kc, kt] = [base, cand, third].map((e) => `${e.id}:0`);
    expect(c.baseline).toBe(kb);
    expect(c.dataset).toEqual({ id: ds.id, name: ds.name });
    expect(c.oneExperiment).toBeNull();
    // A plain experiment is one series, named as the experiment.
    expect(c.series.map((x) => x.name)).toEqual(['base', 'cand', 'third']);
    expect(c.evaluatorNames).toEqual(['exact']);

    const [eb, ec, et] = c.series;
    expect(eb).toMatchObject({ successRate: 1, meanLatencyMs: 175, deltas: null });
    expect(ec).toMatchObject({ model: 'sim-large', succeeded: 3, failed: 1, successRate: 0.75, meanLatencyMs: 50 });
    expect(ec.deltas!.successRate).toEqual({ value: -0.25, better: false });
    expect(ec.deltas!.meanLatencyMs).toEqual({ value: -125, better: true });
    expect(et.successRate).toBe(0);
    expect(et.deltas!.meanLatencyMs).toBeNull();

    // One row per item, dataset order, repetition 1 only.
    expect(c.total).toBe(4);
    expect(c.rows.map((r) => r.itemId)).toEqual([i1.id, i2.id, i3.id, i4.id]);
    const [r1, r2, r3, r4] = c.rows;
    expect(r1.cells[kb]).toMatchObject({ output: 'same', differs: false });
    expect(r1.cells[kc]).toMatchObject({ output: 'same', differs: false });
    expect(r1.cells[kt]).toMatchObject({ status: 'FAILED', differs: true });
    expect(r2.cells[kc]).toMatchObject({ output: 'new', differs: true });
    expect(r2.cells[kc]!.evaluations).toMatchObject([{ name: 'exact', score: 1 }]);
    // Same JSON with keys in another order is the same output.
    expect(r3.cells[kc]!.differs).toBe(false);
    expect(r3.cells[kt]).toBeNull();
    expect(r4.cells[kb]).toBeNull();
    expect(r4.cells[kc]).toMatchObject({ status: 'FAILED', differs: true });
    expect(r1.input).toEqual(i1.input);
    expect(r1.expected).toEqual(i1.expectedOutput);

    // One read model: compare, the results page and the playground's stream show a run alike.
    const { differs: _differs, ...compared } = r2.cells[kc]!;
    const [listed] = (await listResults(t.db, cand.id, { filter: { ...NO_FILTER, itemId: i2.id } })).runs;
    const { cursor: _cursor, ...streamed } = (await listRunChanges(t.db, cand.id)).runs.find((r) => r.id === compared.id)!;
    expect(listed).toMatchObject({ id: compared.id, experimentId: cand.id, itemId: i2.id, output: 'new' });
    expect(compared).toEqual(listed);
    expect(streamed).toEqual(listed);

    const diffs = await compareExperiments(t.db, { series: all(base.id, cand.id), onlyDiffs: true });
    expect(diffs.rows.map((r) => r.itemId)).toEqual([i2.id, i4.id]);
    expect(diffs.total).toBe(2);

    const paged = await compareExperiments(t.db, { series: all(base.id, cand.id), pageSize: 3, page: 2 });
    expect(paged).toMatchObject({ total: 4, pages: 2, page: 2 });
    expect(paged.rows.map((r) => r.itemId)).toEqual([i4.id]);

    // Another baseline (by experiment id or series key) flips the deltas.
    for (const baseline of [cand.id, kc]) {
      const flipped = await compareExperiments(t.db, { series: all(base.id, cand.id), baseline });
      expect(flipped.series.map((x) => x.name)).toEqual(['cand', 'base']);
      expect(flipped.series[1].deltas!.meanLatencyMs).toEqual({ value: 125, better: false });
    }
  });

  it('refuses experiments on different datasets, unknown ids and a lone experiment', async () => {
    const ds1 = await arithmeticDataset(t.db, 1, { name: 'first-ds' });
    const ds2 = await arithmeticDataset(t.db, 1, { name: 'second-ds' });
    const a = await experiment(ds1.id, { name: 'on-first' });
    const b = await experiment(ds2.id, { name: 'on-second' });
    await expect(compareExperiments(t.db, { series: all(a.id, b.id) })).rejects.toThrow(/same dataset can be compared: “on-first” on “first-ds”; “on-second” on “second-ds”/);
    await expect(compareExperiments(t.db, { series: all(a.id) })).rejects.toThrow(/at least two.*“on-first” has one variant/);
    await expect(compareExperiments(t.db, { series: all(a.id, '00000000-0000-4000-8000-000000000000') })).rejects.toThrow(/not found/);
    await expect(compareExperiments(t.db, { series: all(a.id, 'nope') })).rejects.toThrow(/not an experiment id/);
    const a2 = await experiment(ds1.id, { name: 'also-on-first' });
    await expect(compareExperiments(t.db, { series: all(a.id, a2.id), baseline: '00000000-0000-4000-8000-000000000000' })).rejects.toThrow(/baseline/);
  });

  it('parses and writes its URL', () => {
    const id = (n: number) => `0000000${n}-0000-4000-8000-000000000000`;
    // The older form: every variant of each, lower-cased, without repeats.
    const legacy = parseCompareParams(new URLSearchParams(`ids=${id(1).toUpperCase()}, ${id(2)},${id(1)}&baseline=${id(2)}&page=2&diff=1`));
    expect(legacy).toEqual({ series: all(id(1), id(2)), baseline: id(2), page: 2, onlyDiffs: true, disagree: false, after: null });
    expect(compareSearch(legacy)).toBe(`experiment=${id(1)}&experiment=${id(2)}&baseline=${id(2)}&diff=1&page=2`);

    const p = parseCompareParams(new URLSearchParams(`experiment=${id(1)}:0&experiment=${id(1)}:2&experiment=${id(1)}:0&disagree=1&after=42&diff=1`));
    expect(p).toEqual({
      series: [{ experimentId: id(1), variant: 0 }, { experimentId: id(1), variant: 2 }], baseline: null, page: 1, onlyDiffs: false, disagree: true, after: 42,
    });
    expect(compareSearch(p)).toBe(`experiment=${id(1)}:0&experiment=${id(1)}:2&disagree=1&after=42`);
    expect(compareSearch({ ...p, disagree: false, after: null, baseline: `${id(1)}:0` })).toBe(`experiment=${id(1)}:0&experiment=${id(1)}:2`);
    // Not an id: kept as written, so the read model's error names it.
    expect(parseCompareParams(new URLSearchParams('experiment=x y')).series).toEqual([{ experimentId: 'x y', variant: null }]);
  });
});

describe('evaluator averages', () => {
  it('averages COMPLETED scores per experiment and evaluator, and rides along with the table summaries', async () => {
    const ds = await arithmeticDataset(t.db, 3);
    const list = await items(ds.id);
    const e1 = await experiment(ds.id, { name: 'older', createdAt: new Date(Date.now() - 10_000) });
    const e2 = await experiment(ds.id, { name: 'newer', config: config({ evaluators: [] }) });
    const rs = await runs(e1.id, list.map((it) => ({ item: it.id })));
    await evaluate(e1.id, rs[0].id, 'judge', 0.9);
    await evaluate(e1.id, rs[1].id, 'judge', 0.8);
    await evaluate(e1.id, rs[2].id, 'judge', null, 'DELAYED');
    await evaluate(e1.id, rs[0].id, 'exact', 1);
    await evaluate(e1.id, rs[1].id, 'exact', 0, 'ERROR');
    await evaluate(e1.id, rs[2].id, 'exact', 0);

    const map = await evaluatorAverages(t.db, [e1.id, e2.id]);
    expect(map.get(e2.id)).toBeUndefined();
    const byName = Object.fromEntries(map.get(e1.id)!.map((a) => [a.evaluator, a]));
    expect(byName.judge.average).toBeCloseTo(0.85);
    expect(byName.judge.count).toBe(2);
    expect(byName.exact).toEqual({ evaluator: 'exact', average: 0.5, count: 2 });
    expect((await evaluatorAverages(t.db, [])).size).toBe(0);

    const table = await listDatasetExperiments(t.db, ds.id);
    expect(table.map((x) => x.name)).toEqual(['newer', 'older']);
    expect(table[0].evaluatorAverages).toEqual([]);
    // In config order: exact, then judge.
    expect(table[1].evaluatorAverages!.map((a) => a.evaluator)).toEqual(['exact', 'judge']);
    expect(table[1].evaluatorNames).toEqual(['exact', 'judge']);

    // The averages are sums the evaluations keep (a trigger): a changed score shows at once.
    await t.db.update(evaluations).set({ score: 1 }).where(eq(evaluations.runId, rs[2].id));
    expect((await listDatasetExperiments(t.db, ds.id))[1].evaluatorAverages![0]).toMatchObject({ evaluator: 'exact', average: 1 });
  });
});
