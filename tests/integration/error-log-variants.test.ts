import { beforeAll, describe, expect, it } from 'vitest';
import { arithmeticDataset, simulatorProvider } from '../helpers/fixtures';
import { callRoute, documentedAnswers, routeTestDatabase } from '../helpers/api';
import { experimentErrors, experiments } from '../../lib/db/schema';
import type { ExperimentConfig } from '../../lib/experiments/config';
import { listErrorLog, type ErrorLogPage } from '../../lib/experiments/error-log';
import { LIMITS } from '../../lib/limits';
import type { RouteHandler } from '../../lib/server/define-route';

/**
 * The error log of an experiment of several variants: each entry keeps its variant, and the log
 * (read model and GET /api/experiments/{id}/errors) narrows to one variant, with the source filter
 * or without. Rows are inserted directly: no worker, no simulator calls.
 */

const app = routeTestDatabase();
let providerId: string;
let route: RouteHandler;
let expectDocumented: Awaited<ReturnType<typeof documentedAnswers>>['expectDocumented'];

beforeAll(async () => {
  providerId = (await simulatorProvider(app.t.db, 'http://127.0.0.1:1')).id;
  route = (await import('../../app/api/experiments/[id]/errors/route')).GET;
  ({ expectDocumented } = await documentedAnswers());
});

const config = (): ExperimentConfig => ({
  template: { messages: [{ role: 'user', content: '{{question}}' }] },
  providerConnectionId: providerId, model: 'sim-small', params: {}, responseSchema: null, repetitions: 1, maxConcurrency: null,
  evaluators: [],
  variants: [{ name: 'small' }, { name: 'large', model: 'sim-large' }, { name: 'tiny', model: 'sim-tiny' }],
});

/** 30 entries: variant i % 3 for tasks, null for the system's (about the whole experiment). */
async function experimentWithErrors() {
  const ds = await arithmeticDataset(app.t.db, 1);
  const [e] = await app.t.db.insert(experiments).values({
    datasetId: ds.id, datasetVersion: new Date(), name: `errs-${Math.random().toString(36).slice(2, 8)}`, config: config(),
    status: 'COMPLETED', errorsLogged: 30,
  }).returning();
  for (let i = 0; i < 30; i++) {
    const system = i % 5 === 4;
    await app.t.db.insert(experimentErrors).values({
      experimentId: e.id, source: system ? 'system' : 'task', kind: 'permanent', variant: system ? null : i % 3, message: `error ${i}`,
    });
  }
  return e;
}

async function get(id: string, query: Record<string, string>) {
  const res = await callRoute(route, 'GET', `/api/experiments/${id}/errors`, { params: { id }, query, headers: app.auth });
  const body = await res.json();
  expectDocumented('GET', '/api/experiments/{id}/errors', res.status, body);
  return { status: res.status, body };
}

describe('error log by variant', () => {
  it('keeps each entry\'s variant and lists one variant\'s entries, newest first', async () => {
    const e = await experimentWithErrors();
    const all = (await listErrorLog(app.t.db, e.id))!;
    expect(all.matching).toBe(30);
    expect(all.entries.filter((x) => x.variant === null).map((x) => x.message)).toEqual(
      ['error 29', 'error 24', 'error 19', 'error 14', 'error 9', 'error 4']);

    const large = (await listErrorLog(app.t.db, e.id, { variant: 1 }))!;
    // Task entries with i % 3 = 1 and i % 5 != 4: 1, 7, 10, 13, 16, 22, 25, 28 (4 and 19 are the system's).
    expect(large.entries.map((x) => x.message)).toEqual(['error 28', 'error 25', 'error 22', 'error 16', 'error 13', 'error 10', 'error 7', 'error 1']);
    expect(large.entries.every((x) => x.variant === 1)).toBe(true);
    expect(large).toMatchObject({ matching: 8, total: 30, stored: 30, dropped: 0 });

    // With the source filter too; and paged, the pages add up.
    expect((await listErrorLog(app.t.db, e.id, { variant: 1, source: 'system' }))!.entries).toEqual([]);
    const pages: ErrorLogPage[] = [];
    let before: number | null = null;
    do {
      const page: ErrorLogPage = (await listErrorLog(app.t.db, e.id, { variant: 0, source: 'task', before, limit: 3 }))!;
      pages.push(page);
      before = page.nextBefore;
    } while (before !== null);
    expect(pages.map((p) => p.entries.length)).toEqual([3, 3, 2]);
    expect(pages.flatMap((p) => p.entries).every((x) => x.variant === 0 && x.source === 'task')).toBe(true);

    // A variant the experiment does not have matches nothing; null means every entry.
    expect((await listErrorLog(app.t.db, e.id, { variant: 7 }))!.matching).toBe(0);
    expect((await listErrorLog(app.t.db, e.id, { variant: null }))!.matching).toBe(30);
  });

  it('takes ?variant= on GET /api/experiments/{id}/errors and refuses a bad one by name', async () => {
    const e = await experimentWithErrors();
    const tiny = await get(e.id, { variant: '2' });
    expect(tiny.status).toBe(200);
    const body = tiny.body as ErrorLogPage;
    expect(body.matching).toBe(8);
    expect(body.entries.every((x) => x.variant === 2)).toBe(true);
    expect((await get(e.id, { variant: '2', source: 'task' })).body).toMatchObject({ matching: 8 });
    expect((await get(e.id, {})).body).toMatchObject({ matching: 30 });

    for (const bad of ['-1', 'x', '1.5', String(LIMITS.variants)]) {
      const res = await get(e.id, { variant: bad });
      expect(res.status, bad).toBe(400);
      expect(JSON.stringify(res.body), bad).toContain(`must be a variant number from 0 to ${LIMITS.variants - 1}`);
    }
  });
});
