import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { startRunnerSuite, stopRunnerSuite, type RunnerSuite } from '../helpers/suite';
import { arithmeticDataset, experimentInput, fastWorkerEnv } from '../helpers/fixtures';
import { startWorker, waitFor, waitForOutput } from '../helpers/processes';
import { apiCaller, callRoute, closeAppClients, documentedAnswers, type ApiCaller } from '../helpers/api';
import type { ActionResult } from '../../lib/server/safe-action';
import { withCallerHeaders } from '../../lib/server/context';
import type { RouteHandler } from '../../lib/server/define-route';


let suite: RunnerSuite;
let member: ApiCaller;
let routes: Record<string, RouteHandler>;
let actions: typeof import('../../app/experiments/actions');
let documented: (spec: RouteHandler['definition'], status: number, body: unknown) => void;

beforeAll(async () => {
  suite = await startRunnerSuite({ worker: false });
  process.env.DATABASE_URL = suite.t.url;
  member = await apiCaller('member');
  // Server actions run as the member, as a request with the member's key would.
  const mod = await import('../../app/experiments/actions');
  actions = Object.fromEntries(Object.entries(mod).map(([name, action]) => [name,
    (input: unknown) => withCallerHeaders(new Headers(member.auth), () => (action as (i: unknown) => Promise<unknown>)(input))])) as typeof mod;
  routes = {
    create: (await import('../../app/api/experiments/route')).POST,
    list: (await import('../../app/api/experiments/route')).GET,
    get: (await import('../../app/api/experiments/[id]/route')).GET,
    delete: (await import('../../app/api/experiments/[id]/route')).DELETE,
    stop: (await import('../../app/api/experiments/[id]/stop/route')).POST,
    resume: (await import('../../app/api/experiments/[id]/resume/route')).POST,
    results: (await import('../../app/api/experiments/[id]/results/route')).GET,
    details: (await import('../../app/api/experiments/[id]/details/route')).GET,
    runs: (await import('../../app/api/experiments/[id]/runs/route')).GET,
    errors: (await import('../../app/api/experiments/[id]/errors/route')).GET,
    createDataset: (await import('../../app/api/datasets/route')).POST,
    upload: (await import('../../app/api/datasets/[id]/upload/route')).POST,
    versions: (await import('../../app/api/datasets/[id]/versions/route')).GET,
  };
  // Every answer below must match the OpenAPI document's schema for its status.
  const { expectDocumented } = await documentedAnswers();
  documented = (spec, status, body) => expectDocumented(spec.method, spec.path, status, body);
});
afterAll(async () => {
  await closeAppClients();
  await stopRunnerSuite(suite);
});

async function send(name: string, method: string, path: string, opts: { id?: string; json?: unknown; query?: Record<string, string>; body?: string; type?: string } = {}) {
  const res = await callRoute(routes[name], method, path, {
    params: opts.id === undefined ? {} : { id: opts.id }, json: opts.json, query: opts.query, body: opts.body,
    headers: { ...member.auth, ...(opts.type ? { 'content-type': opts.type } : {}) },
  });
  const body = await res.json();
  documented(routes[name].definition, res.status, body);
  return { status: res.status, body };
}

/**
 * The same input to the route and to the server action: the same outcome and message. (An action
 * result carries no HTTP status; the route's status is asserted by each case.)
 */
async function expectSameAnswer<T>(route: { status: number; body: unknown }, action: ActionResult<T>, status: number) {
  expect(route.status).toBe(status);
  if (status < 300) {
    expect(action).toEqual({ ok: true, data: route.body });
  } else {
    const body = route.body as { error: string; fieldErrors?: Record<string, string> };
    expect(action).toEqual({ ok: false, error: body.error, fieldErrors: body.fieldErrors });
  }
}

describe('the experiment routes and server actions answer alike', () => {
  let datasetId: string;
  const input = (name: string) => experimentInput(datasetId, suite.provider.id, { name });
  const stop = (id: string) => send('stop', 'POST', `/api/experiments/${id}/stop`, { id });
  const resume = (id: string) => send('resume', 'POST', `/api/experiments/${id}/resume`, { id });
  const remove = (id: string) => send('delete', 'DELETE', `/api/experiments/${id}`, { id });
  const ageToggle = (ids: string[]) => suite.t.db.execute(sql`update experiments set toggled_at = now() - interval '1 minute' where id in ${ids}`);

  beforeAll(async () => {
    datasetId = (await arithmeticDataset(suite.t.db, 3)).id;
  });

  it('create', async () => {
    const invalid = [{}, { ...input('x'), name: '   ' }, { ...input('x'), config: { ...input('x').config, repetitions: 1000 } }];
    for (const raw of invalid) {
      await expectSameAnswer(await send('create', 'POST', '/api/experiments', { json: raw }), await actions.createExperimentAction(raw as never), 400);
    }
    const unknownProvider = experimentInput(datasetId, crypto.randomUUID(), { name: 'no provider' });
    await expectSameAnswer(await send('create', 'POST', '/api/experiments', { json: unknownProvider }), await actions.createExperimentAction(unknownProvider), 400);

    const viaRoute = await send('create', 'POST', '/api/experiments', { json: input('made by the route') });
    expect(viaRoute.status).toBe(201);
    const viaAction = await actions.createExperimentAction(input('made by the action'));
    expect(viaAction).toEqual({ ok: true, data: { id: expect.any(String) } });

    await expectSameAnswer(await send('create', 'POST', '/api/experiments', { json: input('made by the route') }), await actions.createExperimentAction(input('made by the route')), 409);
  });

  it('stop, resume and delete', async () => {
    const [a, b] = [
      (await send('create', 'POST', '/api/experiments', { json: input('lifecycle a') })).body.id as string,
      (await send('create', 'POST', '/api/experiments', { json: input('lifecycle b') })).body.id as string,
    ];
    // Queued, with no worker to take them: the states are ours to set.
    await expectSameAnswer(await stop(a), await actions.stopExperimentAction({ id: b }), 200);
    await expectSameAnswer(await stop(a), await actions.stopExperimentAction({ id: b }), 409);
    await ageToggle([a, b]);
    await expectSameAnswer(await resume(a), await actions.resumeExperimentAction({ id: b }), 200);
    await expectSameAnswer(await resume(a), await actions.resumeExperimentAction({ id: b }), 409);
    await ageToggle([a, b]);
    await expectSameAnswer(
      await send('stop', 'POST', `/api/experiments/${a}/stop`, { id: a, query: { now: 'true' } }), await actions.stopExperimentAction({ id: b, now: true }), 200);
    await expectSameAnswer(await remove(a), await actions.deleteExperimentAction({ id: b }), 200);

    for (const missing of [a, crypto.randomUUID()]) {
      await expectSameAnswer(await stop(missing), await actions.stopExperimentAction({ id: missing }), 404);
      await expectSameAnswer(await resume(missing), await actions.resumeExperimentAction({ id: missing }), 404);
      await expectSameAnswer(await remove(missing), await actions.deleteExperimentAction({ id: missing }), 404);
    }
    for (const malformed of ['not-an-id', '1; drop table experiments']) {
      await expectSameAnswer(await stop(malformed), await actions.stopExperimentAction({ id: malformed }), 400);
      await expectSameAnswer(await resume(malformed), await actions.resumeExperimentAction({ id: malformed }), 400);
      await expectSameAnswer(await remove(malformed), await actions.deleteExperimentAction({ id: malformed }), 400);
    }
  });
});

describe('the main flow over HTTP (as in the README)', () => {
  it('creates a dataset, uploads items, runs an experiment to the end and reads its results', async () => {
    const ds = await send('createDataset', 'POST', '/api/datasets', { json: { name: 'README flow' } });
    expect(ds.status).toBe(201);
    const datasetId = ds.body.id as string;
    const csv = 'question,answer\n"What is 1 + 1?",2\n"What is 2 + 2?",4\n"What is 3 + 3?",6\n';
    const uploaded = await send('upload', 'POST', `/api/datasets/${datasetId}/upload`, {
      id: datasetId, type: 'text/csv', body: csv,
      query: { format: 'csv', mapping: JSON.stringify({ input: ['question'], expected: ['answer'] }) },
    });
    expect(uploaded).toEqual({ status: 200, body: { inserted: 3, errorCount: 0, errors: [] } });

    const created = await send('create', 'POST', '/api/experiments', {
      json: {
        datasetId, name: 'README experiment',
        config: {
          template: { messages: [{ role: 'user', content: '{{question}}' }] },
          providerConnectionId: suite.provider.id, model: 'sim-small',
          evaluators: [{ name: 'exact', type: 'exact_match', expectedField: 'answer' }],
        },
      },
    });
    expect(created.status).toBe(201);
    const id = created.body.id as string;

    const worker = startWorker(fastWorkerEnv(suite.t.url));
    await waitForOutput(worker, 'ready');
    const done = await waitFor(async () => {
      const { body } = await send('get', 'GET', `/api/experiments/${id}`, { id });
      return body.status === 'COMPLETED' ? body : null;
    }, { timeoutMs: 60_000, what: 'the experiment to complete' });
    expect(done).toMatchObject({ id, datasetId, totalRuns: 3, runsSucceeded: 3, runsFailed: 0, evalsCompleted: 3, evaluatorNames: ['exact'] });

    const results = await send('results', 'GET', `/api/experiments/${id}/results`, { id });
    expect(results.body).toMatchObject({ total: 3, from: 1, next: null, prev: null });
    expect(results.body.runs.map((r: { status: string; evaluations: unknown[] }) => [r.status, r.evaluations.length])).toEqual([['SUCCEEDED', 1], ['SUCCEEDED', 1], ['SUCCEEDED', 1]]);
    const succeededOnly = await send('results', 'GET', `/api/experiments/${id}/results`, { id, query: { status: 'failed' } });
    expect(succeededOnly.body.total).toBe(0);

    const details = await send('details', 'GET', `/api/experiments/${id}/details`, { id });
    expect(details.body).toMatchObject({ summary: { id, status: 'COMPLETED' }, dataset: { id: datasetId, name: 'README flow' }, errorsLogged: 0 });
    const runs = await send('runs', 'GET', `/api/experiments/${id}/runs`, { id, query: { limit: '2' } });
    expect(runs.body.runs).toHaveLength(2);
    expect(runs.body.more).toBe(true);
    const rest = await send('runs', 'GET', `/api/experiments/${id}/runs`, { id, query: { after: runs.body.runs[1].cursor } });
    expect(rest.body).toMatchObject({ more: false, runs: [expect.objectContaining({ status: 'SUCCEEDED' })] });
    expect((await send('errors', 'GET', `/api/experiments/${id}/errors`, { id })).body).toMatchObject({ entries: [], total: 0 });

    const list = await send('list', 'GET', '/api/experiments', { query: { pageSize: '50' } });
    expect(list.body).toEqual(expect.arrayContaining([expect.objectContaining({ id, datasetName: 'README flow' })]));
    const versions = await send('versions', 'GET', `/api/datasets/${datasetId}/versions`, { id: datasetId });
    expect(versions.body).toMatchObject({ latest: { itemCount: 3 }, versions: [{ itemCount: 3, experiments: [{ id, name: 'README experiment' }] }] });
  });
});
