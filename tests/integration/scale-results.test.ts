import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { asc, eq, sql } from 'drizzle-orm';
import { createTestDb, type TestDb } from '../helpers/db';
import { apiCaller, callRoute } from '../helpers/api';
import { arithmeticDataset } from '../helpers/fixtures';
import { datasetItems, experimentRuns, experiments } from '../../lib/db/schema';
import { getSql } from '../../lib/db/client';
import {
  listResults, parseResultsParams, RESULTS_COUNT_CAP, resultsSearch, type PageRef, type ResultsFilter, type ResultsPage,
} from '../../lib/experiments/results';

/**
 * The experiment page's runs at scale: keyset pages in dataset order that neither skip nor repeat
 * a run while runs are being written, and every filter answered through its own index.
 */

let t: TestDb;
let GET: typeof import('../../app/api/experiments/[id]/results/route').GET;
let auth: Record<string, string>;

beforeAll(async () => {
  t = await createTestDb();
  process.env.DATABASE_URL = t.url;
  process.env.APP_SECRET ??= 'scale-results-test-secret-0123456789';
  ({ auth } = await apiCaller('member'));
  ({ GET } = await import('../../app/api/experiments/[id]/results/route'));
});
afterAll(async () => {
  await getSql().end({ timeout: 5 });
  await t?.drop();
});

async function experimentOn(datasetId: string) {
  const [row] = await t.db.insert(experiments).values({
    datasetId, datasetVersion: new Date(), name: `exp-${Math.random().toString(36).slice(2, 8)}`, config: {}, status: 'RUNNING',
  }).returning();
  return row;
}

async function itemIds(datasetId: string) {
  const rows = await t.db.select({ id: datasetItems.id }).from(datasetItems).where(eq(datasetItems.datasetId, datasetId)).orderBy(asc(datasetItems.seq));
  return rows.map((r) => r.id);
}

/** Runs written as the runner writes them: no item_seq (the trigger fills it in). */
async function writeRuns(experimentId: string, items: string[], opts: { repetitions?: number; failedEvery?: number; from?: number } = {}) {
  const reps = opts.repetitions ?? 1;
  const values = items.flatMap((item, i) => Array.from({ length: reps }, (_, r) => {
    const n = (opts.from ?? 0) + i;
    const failed = opts.failedEvery !== undefined && n % opts.failedEvery === 0;
    return { experimentId, datasetItemId: item, repetition: r + 1, status: failed ? 'FAILED' as const : 'SUCCEEDED' as const, output: failed ? null : `answer ${n}`, error: failed ? 'HTTP 400: bad' : null };
  }));
  for (let i = 0; i < values.length; i += 1000) await t.db.insert(experimentRuns).values(values.slice(i, i + 1000));
  // The counters the runner keeps with each write (the unfiltered total is read from them).
  await t.db.execute(sql`update experiments set
    runs_succeeded = (select count(*) from experiment_runs where experiment_id = ${experimentId} and status = 'SUCCEEDED'),
    runs_failed = (select count(*) from experiment_runs where experiment_id = ${experimentId} and status = 'FAILED')
    where id = ${experimentId}`);
}

/** Every page forward from the first, with `between` run after each page is read. */
async function walk(experimentId: string, filter: ResultsFilter, between?: (page: number) => Promise<void>, pageSize = 50) {
  const pages: ResultsPage[] = [];
  let ref: PageRef | null = null;
  for (let guard = 0; guard < 1000; guard++) {
    const page = await listResults(t.db, experimentId, { filter, page: ref, pageSize });
    pages.push(page);
    if (!page.next) break;
    await between?.(pages.length);
    ref = parseResultsParams(new URLSearchParams({ after: page.next })).page;
  }
  return pages;
}

const keyOf = (r: { itemSeq: number; repetition: number }) => r.itemSeq * 1000 + r.repetition;

const filterOf = (query: string) => parseResultsParams(new URLSearchParams(query)).filter;

describe('keyset paging', () => {
  it('fills item_seq on insert, so runs sort in dataset order', async () => {
    const ds = await arithmeticDataset(t.db, 5);
    const items = await itemIds(ds.id);
    const e = await experimentOn(ds.id);
    await writeRuns(e.id, [...items].reverse());
    const rows = await t.db.execute<{ item_seq: string; seq: string }>(sql`
      select r.item_seq, i.seq from experiment_runs r join dataset_items i on i.id = r.dataset_item_id where r.experiment_id = ${e.id}`);
    expect(rows.length).toBe(5);
    for (const r of rows) expect(Number(r.item_seq)).toBe(Number(r.seq));
    const page = await listResults(t.db, e.id);
    expect(page.runs.map((r) => r.itemId)).toEqual(items);
  });

  it('neither skips nor repeats a run while runs are being written, and numbers the rows', async () => {
    const ds = await arithmeticDataset(t.db, 600);
    const items = await itemIds(ds.id);
    const e = await experimentOn(ds.id);
    // Even items ran first; odd items land while someone pages (before and after the cursor).
    const even = items.filter((_, i) => i % 2 === 0);
    const odd = items.filter((_, i) => i % 2 === 1);
    await writeRuns(e.id, even, { repetitions: 2 });
    const before = new Set((await t.db.select({ id: experimentRuns.id }).from(experimentRuns).where(eq(experimentRuns.experimentId, e.id))).map((r) => r.id));

    let next = 0;
    const pages = await walk(e.id, filterOf(''), async () => {
      const batch = odd.slice(next, next + 25);
      next += 25;
      if (batch.length) await writeRuns(e.id, batch, { repetitions: 2 });
    });
    const seen = pages.flatMap((p) => p.runs);
    const ids = seen.map((r) => r.id);
    expect(new Set(ids).size).toBe(ids.length); // no run twice
    for (const id of before) expect(ids).toContain(id); // none that existed is skipped
    const keys = seen.map(keyOf);
    expect(keys).toEqual([...keys].sort((a, b) => a - b)); // dataset order, then repetition
    // Each page numbers on from the last.
    for (let i = 1; i < pages.length; i++) expect(pages[i].from).toBe(pages[i - 1].from + pages[i - 1].runs.length);

    // Afterwards, a fresh walk sees every run once.
    const all = (await walk(e.id, filterOf(''))).flatMap((p) => p.runs);
    expect(all.length).toBe(1200);
    expect(new Set(all.map((r) => r.id)).size).toBe(1200);
  });

  it('goes back with prev to the same page, and past the end shows the last page', async () => {
    const ds = await arithmeticDataset(t.db, 130);
    const e = await experimentOn(ds.id);
    await writeRuns(e.id, await itemIds(ds.id));
    const [p1, p2, p3] = await walk(e.id, filterOf(''));
    expect([p1.from, p2.from, p3.from]).toEqual([1, 51, 101]);
    expect(p3.runs.length).toBe(30);
    expect(p3.next).toBeNull();
    expect(p1.total).toBe(130);

    const back = await listResults(t.db, e.id, parseResultsParams(new URLSearchParams({ before: p3.prev! })));
    expect(back.runs.map((r) => r.id)).toEqual(p2.runs.map((r) => r.id));
    expect(back.from).toBe(51);
    const first = await listResults(t.db, e.id, parseResultsParams(new URLSearchParams({ before: back.prev! })));
    expect(first.runs.map((r) => r.id)).toEqual(p1.runs.map((r) => r.id));
    expect(first).toMatchObject({ from: 1, prev: null });

    const past = await listResults(t.db, e.id, parseResultsParams(new URLSearchParams({ after: `${p3.runs.at(-1)!.itemSeq}.1.130` })));
    // The last page by key: the last 50 runs.
    expect(past.runs.map((r) => r.id)).toEqual([...p2.runs, ...p3.runs].slice(-50).map((r) => r.id));
    expect(past).toMatchObject({ next: null, from: 81 });
  });
});

describe('filters', () => {
  it('status, score, item and combinations match exactly what the rows say, page after page', async () => {
    const ds = await arithmeticDataset(t.db, 400);
    const items = await itemIds(ds.id);
    const e = await experimentOn(ds.id);
    await writeRuns(e.id, items, { repetitions: 2, failedEvery: 7 });
    // Scores: item n's succeeded runs score (n % 10) / 10 on "exact"; "judge" only on repetition 1.
    await t.db.execute(sql`
      insert into evaluations (run_id, experiment_id, evaluator_name, status, score)
      select r.id, r.experiment_id, 'exact', 'COMPLETED', ((r.item_seq - ${Number((await t.db.select({ s: datasetItems.seq }).from(datasetItems).where(eq(datasetItems.id, items[0])))[0].s)}) % 10) / 10.0
      from experiment_runs r where r.experiment_id = ${e.id} and r.status = 'SUCCEEDED'`);
    await t.db.execute(sql`
      insert into evaluations (run_id, experiment_id, evaluator_name, status, score)
      select r.id, r.experiment_id, 'judge', case when r.item_seq % 3 = 0 then 'DELAYED' else 'COMPLETED' end, 1
      from experiment_runs r where r.experiment_id = ${e.id} and r.status = 'SUCCEEDED' and r.repetition = 1`);

    const expected = async (where: ReturnType<typeof sql>) => (await t.db.execute<{ id: string }>(sql`
      select r.id from experiment_runs r where r.experiment_id = ${e.id} and ${where} order by r.item_seq, r.repetition`)).map((r) => r.id);
    const score = (name: string, cond: ReturnType<typeof sql>) =>
      sql`exists (select 1 from evaluations x where x.run_id = r.id and x.evaluator_name = ${name} and x.status = 'COMPLETED' and x.score ${cond})`;

    const cases: [string, ReturnType<typeof sql>][] = [
      ['', sql`true`],
      ['status=failed', sql`r.status = 'FAILED'`],
      ['status=succeeded', sql`r.status = 'SUCCEEDED'`],
      ['evaluator=exact&op=lt&score=0.3', score('exact', sql`< 0.3`)],
      ['evaluator=exact&op=lte&score=0.3', score('exact', sql`<= 0.3`)],
      ['evaluator=exact&op=eq&score=0.5', score('exact', sql`= 0.5`)],
      ['evaluator=exact&op=gte&score=0.9', score('exact', sql`>= 0.9`)],
      ['evaluator=exact&op=gt&score=0.5', score('exact', sql`> 0.5`)],
      ['evaluator=judge&op=gte&score=1', score('judge', sql`>= 1`)], // a DELAYED evaluation never matches
      ['evaluator=exact&op=lt&score=0.5&status=succeeded', sql`r.status = 'SUCCEEDED' and ${score('exact', sql`< 0.5`)}`],
      ['evaluator=exact&op=gte&score=0&status=failed', sql`false`],
      [`item=${items[14]}`, sql`r.dataset_item_id = ${items[14]}`], // item 14 failed (14 % 7 = 0)
      [`item=${items[15]}&status=succeeded`, sql`r.dataset_item_id = ${items[15]} and r.status = 'SUCCEEDED'`],
    ];
    for (const [query, where] of cases) {
      const want = await expected(where);
      const pages = await walk(e.id, filterOf(query), undefined, 40);
      const got = pages.flatMap((p) => p.runs.map((r) => r.id));
      expect(got, query).toEqual(want);
      expect(pages[0].total, query).toBe(want.length);
      expect(pages[0].totalCapped, query).toBe(false);
    }
    // The URL carries the filter with the cursor.
    const f = filterOf('status=failed&evaluator=exact&op=lt&score=1');
    const p = { after: { seq: 5, rep: 1, variant: 0, pos: 40 } };
    expect(parseResultsParams(new URLSearchParams(resultsSearch(f, p)))).toEqual({ filter: f, page: p });
  });

  it(`counts a score filter up to ${RESULTS_COUNT_CAP.toLocaleString('en-US')} matches, then says so`, async () => {
    const n = RESULTS_COUNT_CAP + 5;
    const ds = await arithmeticDataset(t.db, n);
    const e = await experimentOn(ds.id);
    await t.db.execute(sql`insert into experiment_runs (experiment_id, dataset_item_id, repetition, status, output)
      select ${e.id}, i.id, 1, 'SUCCEEDED', '"x"'::jsonb from dataset_items i where i.dataset_id = ${ds.id}`);
    await t.db.execute(sql`insert into evaluations (run_id, experiment_id, evaluator_name, status, score)
      select r.id, r.experiment_id, 'exact', 'COMPLETED', 1 from experiment_runs r where r.experiment_id = ${e.id}`);
    const page = await listResults(t.db, e.id, { filter: filterOf('evaluator=exact&op=gte&score=1') });
    expect(page).toMatchObject({ total: RESULTS_COUNT_CAP, totalCapped: true });
    expect(page.runs.length).toBe(50);
    expect((await listResults(t.db, e.id, { filter: filterOf('evaluator=exact&op=lt&score=1') })).total).toBe(0);
  });
});

describe('GET /api/experiments/:id/results', () => {
  it('pages with after / before and refuses a bad cursor', async () => {
    const ds = await arithmeticDataset(t.db, 60);
    const e = await experimentOn(ds.id);
    await writeRuns(e.id, await itemIds(ds.id));
    const path = `/api/experiments/${e.id}/results`;
    const call = (query: Record<string, string> = {}) => callRoute(GET, 'GET', path, { params: { id: e.id }, query, headers: auth });

    const first = await call();
    expect(first.status).toBe(200);
    const p1 = await first.json() as ResultsPage;
    expect(p1).toMatchObject({ from: 1, total: 60, prev: null });
    const p2 = await (await call({ after: p1.next! })).json() as ResultsPage;
    expect(p2).toMatchObject({ from: 51, next: null });
    expect(p2.runs).toHaveLength(10);
    const back = await (await call({ before: p2.prev! })).json() as ResultsPage;
    expect(back.runs.map((r) => r.id)).toEqual(p1.runs.map((r) => r.id));

    const bad = await call({ after: 'page-2' });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(await bad.json())).toMatch(/must be a cursor/);
    expect((await call({ after: p1.next!, before: p1.next! })).status).toBe(400);
  });
});
