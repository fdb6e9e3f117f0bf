import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startRunnerSuite, stopRunnerSuite, type RunnerSuite } from '../helpers/suite';
import { arithmeticDataset, createTestExperiment, experimentRow } from '../helpers/fixtures';
import { waitFor } from '../helpers/processes';
import { apiCaller, callRoute, closeAppClients, documentedAnswers, type ApiCaller } from '../helpers/api';
import { withCallerHeaders } from '../../lib/server/context';
import type { RouteHandler } from '../../lib/server/define-route';
import type { ExperimentConfig } from '../../lib/experiments/config';
import { stopExperiment } from '../../lib/experiments/lifecycle';
import { callCacheStats } from '../../lib/runner/call-cache';

// PATCH /api/experiments/{id}/budget and /api/call-cache against a real worker and the simulator
// (whose models are priced), every answer checked against the OpenAPI document.

let s: RunnerSuite;
let admin: ApiCaller;
let member: ApiCaller;
let routes: Record<'budget' | 'cacheGet' | 'cacheDelete' | 'results' | 'get', RouteHandler>;
let documented: (spec: RouteHandler['definition'], status: number, body: unknown) => void;

beforeAll(async () => {
  s = await startRunnerSuite();
  process.env.DATABASE_URL = s.t.url;
  admin = await apiCaller('admin');
  member = await apiCaller('member');
  const cache = await import('../../app/api/call-cache/route');
  routes = {
    budget: (await import('../../app/api/experiments/[id]/budget/route')).PATCH,
    cacheGet: cache.GET,
    cacheDelete: cache.DELETE,
    results: (await import('../../app/api/experiments/[id]/results/route')).GET,
    get: (await import('../../app/api/experiments/[id]/route')).GET,
  };
  const { expectDocumented } = await documentedAnswers();
  documented = (spec, status, body) => expectDocumented(spec.method, spec.path, status, body);
});
afterAll(async () => {
  await closeAppClients();
  await stopRunnerSuite(s);
});

async function send(name: keyof typeof routes, as: ApiCaller, opts: { id?: string; json?: unknown; body?: string } = {}) {
  const spec = routes[name].definition;
  const path = spec.path.replace('{id}', opts.id ?? '');
  const res = await callRoute(routes[name], spec.method, path, {
    params: opts.id === undefined ? {} : { id: opts.id }, json: opts.json, body: opts.body,
    headers: { ...as.auth, ...(opts.body !== undefined ? { 'content-type': 'application/json' } : {}) },
  });
  const body = await res.json();
  documented(spec, res.status, body);
  return { status: res.status, body };
}

const configOf = async (id: string) => (await experimentRow(s.t.db, id)).config as ExperimentConfig;

async function statusIs(id: string, ...statuses: string[]) {
  return waitFor(async () => {
    const row = await experimentRow(s.t.db, id);
    return statuses.includes(row.status) && row;
  }, { timeoutMs: 30_000, what: `experiment ${id} to be ${statuses.join(' or ')}` });
}

describe('PATCH /api/experiments/{id}/budget', () => {
  it('is refused while the experiment runs, then sets, raises and removes the cap once it stopped', async () => {
    // Calls that never answer keep it RUNNING until Stop now aborts them.
    s.sim.setKnobs({ hangRate: 1 });
    try {
      const ds = await arithmeticDataset(s.t.db, 3);
      const { id } = await createTestExperiment(s.t.db, s.boss, ds.id, s.provider.id, { config: { budgetUsd: 0.5 } });
      await statusIs(id, 'RUNNING');
      const running = await send('budget', member, { id, json: { budgetUsd: 5 } });
      expect(running).toMatchObject({ status: 409, body: { error: 'The experiment is running: stop it first to change its budget cap' } });
      expect((await configOf(id)).budgetUsd).toBe(0.5);

      await stopExperiment(s.t.db, id, { now: true });
      await statusIs(id, 'STOPPED');
      s.sim.setKnobs({ hangRate: 0 });
      expect(await send('budget', member, { id, json: { budgetUsd: 5 } })).toEqual({ status: 200, body: { budgetUsd: 5 } });
      expect((await configOf(id)).budgetUsd).toBe(5);

      // The server action answers alike.
      const { setBudgetCapAction } = await import('../../app/experiments/actions');
      const viaAction = await withCallerHeaders(new Headers(member.auth), () => setBudgetCapAction({ id, budgetUsd: 7.25 }));
      expect(viaAction).toEqual({ ok: true, data: { budgetUsd: 7.25 } });
      expect((await configOf(id)).budgetUsd).toBe(7.25);

      expect(await send('budget', member, { id, json: { budgetUsd: null } })).toEqual({ status: 200, body: { budgetUsd: null } });
      expect((await configOf(id)).budgetUsd).toBeNull();
    } finally {
      s.sim.setKnobs({ hangRate: 0 });
    }
  });

  it('answers a bad body with 400 naming the field and its limit, and changes nothing', async () => {
    const ds = await arithmeticDataset(s.t.db, 2);
    const { id } = await createTestExperiment(s.t.db, s.boss, ds.id, s.provider.id, { config: { budgetUsd: 1 } });
    await statusIs(id, 'COMPLETED');
    const cases: [unknown, string][] = [
      [{ budgetUsd: 0 }, 'The budget cap must be more than $0'],
      [{ budgetUsd: 2_000_000 }, 'The budget cap must be at most $1,000,000'],
      [{ budgetUsd: 'five' }, 'Invalid input: expected number, received string'],
      [{}, 'Invalid input: expected number, received undefined'],
    ];
    for (const [json, message] of cases) {
      const res = await send('budget', member, { id, json });
      expect(res.status, JSON.stringify(json)).toBe(400);
      expect(res.body.fieldErrors, JSON.stringify(json)).toEqual({ budgetUsd: message });
    }
    expect((await send('budget', member, { id, body: '{"budgetUsd": ' })).body.error).toBe('The request body must be valid JSON');
    expect((await send('budget', member, { id: '00000000-0000-4000-8000-000000000000', json: { budgetUsd: 1 } })).status).toBe(404);
    expect((await configOf(id)).budgetUsd).toBe(1);
  });

  it('refuses a cap on an experiment whose model has no price', async () => {
    const ds = await arithmeticDataset(s.t.db, 2);
    const { id } = await createTestExperiment(s.t.db, s.boss, ds.id, s.provider.id, { config: { model: 'unpriced-model' } });
    await statusIs(id, 'COMPLETED', 'ERROR');
    const res = await send('budget', member, { id, json: { budgetUsd: 1 } });
    expect(res.status).toBe(400);
    expect(res.body.error).toMatch(/^A budget cap needs a price for model "unpriced-model"/);
    expect((await configOf(id)).budgetUsd).toBeUndefined();
  });
});

describe('/api/call-cache', () => {
  it('shows a rerun as cached, and lets only an admin see and clear the cache', async () => {
    const ds = await arithmeticDataset(s.t.db, 4, { name: 'cache-rerun' });
    const deterministic = { config: { params: { temperature: 0 } } };
    const first = await createTestExperiment(s.t.db, s.boss, ds.id, s.provider.id, deterministic);
    await statusIs(first.id, 'COMPLETED');
    const requests = s.sim.stats().requests;

    const again = await createTestExperiment(s.t.db, s.boss, ds.id, s.provider.id, deterministic);
    await statusIs(again.id, 'COMPLETED');
    expect(s.sim.stats().requests).toBe(requests);
    const results = await send('results', member, { id: again.id });
    expect(results.status).toBe(200);
    expect(results.body.runs.map((r: { cached: boolean }) => r.cached)).toEqual([true, true, true, true]);
    expect((await send('results', member, { id: first.id })).body.runs.map((r: { cached: boolean }) => r.cached)).toEqual([false, false, false, false]);
    expect((await send('get', member, { id: again.id })).body).toMatchObject({ runsCached: 4, runsSucceeded: 4 });

    expect(await send('cacheGet', member)).toMatchObject({ status: 403, body: { error: 'Only an admin can do this' } });
    expect((await send('cacheDelete', member)).status).toBe(403);
    const stats = await callCacheStats(s.t.db);
    expect(stats.entries).toBeGreaterThanOrEqual(4);
    const shown = await send('cacheGet', admin);
    expect(shown).toEqual({ status: 200, body: { ...stats, maxBytes: 1024 * 1024 * 1024 } });
    expect(shown.body.bytes).toBeGreaterThan(0);
    expect(shown.body.hits).toBeGreaterThanOrEqual(4);

    const { clearCallCacheAction } = await import('../../app/settings/call-cache-actions');
    expect(await withCallerHeaders(new Headers(member.auth), () => clearCallCacheAction({})))
      .toEqual({ ok: false, error: 'Only an admin can do this' });
    expect((await callCacheStats(s.t.db)).entries).toBe(stats.entries);

    expect(await send('cacheDelete', admin)).toEqual({ status: 200, body: { cleared: stats.entries } });
    expect(await send('cacheGet', admin)).toEqual({ status: 200, body: { entries: 0, bytes: 0, hits: 0, maxBytes: 1024 * 1024 * 1024 } });
  });
});
