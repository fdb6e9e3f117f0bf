import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count } from 'drizzle-orm';
import { startRunnerSuite, stopRunnerSuite, type RunnerSuite } from '../helpers/suite';
import { experimentInput } from '../helpers/fixtures';
import { apiCaller, callRoute, closeAppClients, type ApiCaller } from '../helpers/api';
import { createDataset, insertItems } from '../../lib/datasets/items';
import { experiments } from '../../lib/db/schema';
import type { RouteHandler } from '../../lib/server/define-route';

let suite: RunnerSuite;
let member: ApiCaller;
let create: RouteHandler;

beforeAll(async () => {
  suite = await startRunnerSuite({ worker: false });
  process.env.DATABASE_URL = suite.t.url;
  member = await apiCaller('member');
  create = (await import('../../app/api/experiments/route')).POST;
});
afterAll(async () => {
  await closeAppClients();
  await stopRunnerSuite(suite);
});

const post = async (json: unknown) => {
  const res = await callRoute(create, 'POST', '/api/experiments', { json, headers: member.auth });
  return { status: res.status, body: await res.json() as { error?: string; fieldErrors?: Record<string, string>; id?: string } };
};

describe('an experiment on an empty dataset', () => {
  it('is refused with a 400 that says to upload items first, and nothing is created', async () => {
    const empty = await createDataset(suite.t.db, { name: 'nothing here' });
    const res = await post(experimentInput(empty.id, suite.provider.id));
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      error: 'Dataset "nothing here" has no items yet: upload or add items before running an experiment on it',
      fieldErrors: { datasetId: 'This dataset has no items yet: upload some first' },
    });
    expect((await suite.t.db.select({ n: count() }).from(experiments))[0].n).toBe(0);
  });

  it('a version from before the first item is refused alike; one with items is created', async () => {
    const ds = await createDataset(suite.t.db, { name: 'filled later' });
    const before = new Date(Date.now() - 60_000);
    await insertItems(suite.t.db, ds.id, [{ input: { question: 'What is 1 + 1?' } }]);
    const old = await post(experimentInput(ds.id, suite.provider.id, { datasetVersion: before }));
    expect(old.status).toBe(400);
    expect(old.body.error).toBe('Dataset "filled later" has no items at the chosen version: upload or add items before running an experiment on it');
    const now = await post(experimentInput(ds.id, suite.provider.id));
    expect(now.status).toBe(201);
  });
});
