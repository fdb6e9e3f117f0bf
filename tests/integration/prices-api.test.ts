import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, type TestDb } from '../helpers/db';
import { simulatorProvider, TEST_SECRET } from '../helpers/fixtures';
import { apiCaller, callRoute, closeAppClients, type ApiCaller } from '../helpers/api';
import type { RouteHandler } from '../../lib/server/define-route';
import { providerConnections } from '../../lib/db/schema';
import { findModelPrice } from '../../lib/costs/prices';
import { MAX_PRICES_PER_CONNECTION } from '../../lib/costs/price-schema';
import { setModelPrice } from '../../lib/costs/price-admin';

// Model prices over the JSON API: the shipped defaults, an admin's own prices, bad input, the cap.

let t: TestDb;
let admin: ApiCaller;
let prices: Record<'GET' | 'PUT' | 'DELETE', RouteHandler>;

beforeAll(async () => {
  t = await createTestDb();
  process.env.DATABASE_URL = t.url;
  process.env.APP_SECRET ??= TEST_SECRET;
  const route = await import('../../app/api/providers/[id]/prices/route');
  prices = { GET: route.GET, PUT: route.PUT, DELETE: route.DELETE };
  admin = await apiCaller('admin');
});
afterAll(async () => {
  await closeAppClients();
  await t?.drop();
});

const at = (id: string) => `/api/providers/${id}/prices`;
const list = async (id: string) => (await (await callRoute(prices.GET, 'GET', at(id), { params: { id }, headers: admin.auth })).json()).prices as { model: string; source: string; inputPerMTok: number }[];

describe('model prices', () => {
  it("lists the simulator's shipped prices, and an admin's own price overrides one and is removed again", async () => {
    const sim = await simulatorProvider(t.db, 'http://127.0.0.1:1');
    expect((await list(sim.id)).map((p) => `${p.model}:${p.source}`)).toEqual(['sim-judge:default', 'sim-large:default', 'sim-small:default']);

    const body = { model: 'sim-small', inputPerMTok: 3, cachedInputPerMTok: null, outputPerMTok: 9, asOf: '2026-02-03' };
    const put = await callRoute(prices.PUT, 'PUT', at(sim.id), { params: { id: sim.id }, headers: admin.auth, json: body });
    expect(put.status).toBe(200);
    expect(await put.json()).toEqual({ ...body, source: 'custom' });
    expect((await list(sim.id)).find((p) => p.model === 'sim-small')).toMatchObject({ source: 'custom', inputPerMTok: 3 });
    expect(await findModelPrice(t.db, sim.id, 'sim-small')).toEqual({ inputPerMTok: 3, cachedInputPerMTok: null, outputPerMTok: 9, asOf: '2026-02-03' });

    const del = await callRoute(prices.DELETE, 'DELETE', at(sim.id), { params: { id: sim.id }, headers: admin.auth, query: { model: 'sim-small' } });
    expect(await del.json()).toEqual({ deleted: true });
    expect((await list(sim.id)).find((p) => p.model === 'sim-small')).toMatchObject({ source: 'default', inputPerMTok: 0.15 });
  });

  it('answers bad input with a message naming the field and its limit, and saves nothing', async () => {
    const sim = await simulatorProvider(t.db, 'http://127.0.0.1:1');
    const res = await callRoute(prices.PUT, 'PUT', at(sim.id), {
      params: { id: sim.id }, headers: admin.auth,
      json: { model: 'x', inputPerMTok: 20_000, cachedInputPerMTok: -1, outputPerMTok: 1, asOf: 'yesterday' },
    });
    expect(res.status).toBe(400);
    const { fieldErrors } = await res.json();
    expect(fieldErrors).toMatchObject({
      inputPerMTok: 'The input price must be at most $10,000 per million tokens',
      cachedInputPerMTok: 'The cached input price must be 0 or more',
      asOf: 'The date must be YYYY-MM-DD',
    });
    expect(await findModelPrice(t.db, sim.id, 'x')).toBeNull();
  });

  it(`holds at most ${MAX_PRICES_PER_CONNECTION} prices per connection, and a replace never counts against it`, async () => {
    const [plain] = await t.db.insert(providerConnections).values({ name: `plain-${Date.now()}`, baseUrl: 'http://127.0.0.1:1' }).returning();
    // No shipped price for a name the defaults do not know.
    expect(await findModelPrice(t.db, plain.id, 'gpt-4o')).toMatchObject({ inputPerMTok: 2.5 });
    expect(await findModelPrice(t.db, plain.id, 'my-model')).toBeNull();
    const price = { inputPerMTok: 1, cachedInputPerMTok: null, outputPerMTok: 1, asOf: '2026-01-01' };
    for (let i = 0; i < MAX_PRICES_PER_CONNECTION; i++) await setModelPrice(t.db, { providerConnectionId: plain.id, model: `m-${i}`, ...price }, null);
    await setModelPrice(t.db, { providerConnectionId: plain.id, model: 'm-0', ...price, inputPerMTok: 2 }, null);
    const res = await callRoute(prices.PUT, 'PUT', at(plain.id), { params: { id: plain.id }, headers: admin.auth, json: { model: 'one-more', ...price } });
    expect(res.status).toBe(400);
    expect((await res.json()).error).toBe(`A provider connection holds at most ${MAX_PRICES_PER_CONNECTION} prices; remove one first`);
  });
});
