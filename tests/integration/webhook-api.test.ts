// The webhook's settings over the JSON API (admin only, bad input refused, the secret never read
// back), "Send test", and one delivery attempt at a time against a real receiver on 127.0.0.1,
// with no worker: each attempt is called here, so retries and their limits are checked exactly.
import { eq, sql } from 'drizzle-orm';
import type { PgBoss } from 'pg-boss';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { experiments, webhookDeliveries, webhookSettings } from '../../lib/db/schema';
import { decryptSecret } from '../../lib/crypto/secret-box';
import { rotateStoredSecrets, WEBHOOK_SECRET_CONTEXT } from '../../lib/crypto/stored-secrets';
import { attemptDelivery, dispatchDueDeliveries, type ScheduleAttempt } from '../../lib/webhooks/deliveries';
import { webhookPayloadSchema } from '../../lib/webhooks/api-schemas';
import { verifyWebhookSignature } from '../../lib/webhooks/signature';
import type { RouteHandler } from '../../lib/server/define-route';
import { databaseNow } from '../../lib/db/now';
import { createTestDb, type TestDb } from '../helpers/db';
import { arithmeticDataset, createTestExperiment, producer, simulatorProvider, TEST_SECRET } from '../helpers/fixtures';
import { apiCaller, callRoute, closeAppClients, type ApiCaller } from '../helpers/api';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver';

const SECRET = 'whsec_api-test-secret-abcdef0123456789';
const savedAllowed = process.env.ALLOWED_PROVIDER_HOSTS;
let t: TestDb;
let boss: PgBoss;
let receiver: WebhookReceiver;
let admin: ApiCaller;
let member: ApiCaller;
let routes: { webhook: Record<'GET' | 'PUT' | 'DELETE', RouteHandler>; deliveries: RouteHandler; test: RouteHandler };

beforeAll(async () => {
  [t, receiver] = await Promise.all([createTestDb(), startWebhookReceiver()]);
  process.env.DATABASE_URL = t.url;
  process.env.APP_SECRET ??= TEST_SECRET;
  process.env.ALLOWED_PROVIDER_HOSTS = receiver.hostPort;
  boss = await producer(t.url);
  const [webhook, deliveries, test] = await Promise.all([
    import('../../app/api/webhook/route'), import('../../app/api/webhook/deliveries/route'), import('../../app/api/webhook/test/route'),
  ]);
  routes = { webhook: { GET: webhook.GET, PUT: webhook.PUT, DELETE: webhook.DELETE }, deliveries: deliveries.GET, test: test.POST };
  [admin, member] = await Promise.all([apiCaller('admin'), apiCaller('member')]);
});
afterAll(async () => {
  await closeAppClients();
  await boss?.stop({ graceful: false });
  await receiver?.close();
  await t?.drop();
  if (savedAllowed === undefined) delete process.env.ALLOWED_PROVIDER_HOSTS;
  else process.env.ALLOWED_PROVIDER_HOSTS = savedAllowed;
});

const put = (json: unknown, who: ApiCaller = admin) => callRoute(routes.webhook.PUT, 'PUT', '/api/webhook', { headers: who.auth, json });
const get = (who: ApiCaller = admin) => callRoute(routes.webhook.GET, 'GET', '/api/webhook', { headers: who.auth });
const sendTest = (who: ApiCaller = admin) => callRoute(routes.test, 'POST', '/api/webhook/test', { headers: who.auth });
const listDeliveries = async () => (await (await callRoute(routes.deliveries, 'GET', '/api/webhook/deliveries', { headers: admin.auth })).json()).deliveries as { id: string; event: string; status: string }[];

describe('the webhook over the JSON API', () => {
  it('is for admins only: anonymous callers get 401, members 403, and nothing changes', async () => {
    const calls: [RouteHandler, string, string][] = [
      [routes.webhook.GET, 'GET', '/api/webhook'], [routes.webhook.PUT, 'PUT', '/api/webhook'], [routes.webhook.DELETE, 'DELETE', '/api/webhook'],
      [routes.deliveries, 'GET', '/api/webhook/deliveries'], [routes.test, 'POST', '/api/webhook/test'],
    ];
    const json = { url: receiver.url, secret: SECRET };
    for (const [handler, method, path] of calls) {
      const body = method === 'PUT' ? { json } : {};
      expect((await callRoute(handler, method, path, body)).status, `${method} ${path} anonymous`).toBe(401);
      expect((await callRoute(handler, method, path, { ...body, headers: member.auth })).status, `${method} ${path} as a member`).toBe(403);
    }
    expect(await (await get()).json()).toEqual({ webhook: null });
    expect(receiver.received).toHaveLength(0);
  });

  it('refuses bad URLs and secrets with messages naming the limit, and saves nothing', async () => {
    const cases: [unknown, string, RegExp][] = [
      [{ url: 'not a url', secret: SECRET }, 'url', /must be a URL/],
      [{ url: 'ftp://example.com/hook', secret: SECRET }, 'url', /http:\/\/ or https:\/\//],
      [{ url: `https://example.com/${'a'.repeat(2_000)}`, secret: SECRET }, 'url', /at most 2,000 characters/],
      [{ url: 'https://user:pw@example.com/hook', secret: SECRET }, 'url', /user name or password/],
      [{ url: 'http://10.1.2.3/hook', secret: SECRET }, 'url', /private network address.*ALLOWED_PROVIDER_HOSTS/],
      [{ url: 'http://169.254.169.254/latest/meta-data', secret: SECRET }, 'url', /link-local/],
      // Loopback only on the host:port ALLOWED_PROVIDER_HOSTS names.
      [{ url: 'http://127.0.0.1:1/hook', secret: SECRET }, 'url', /loopback/],
      [{ url: receiver.url, secret: 'short' }, 'secret', /at least 16 characters/],
      [{ url: receiver.url, secret: 'x'.repeat(257) }, 'secret', /at most 256 characters/],
      [{ url: receiver.url }, 'secret', /Required the first time/],
    ];
    for (const [json, field, message] of cases) {
      const res = await put(json);
      expect(res.status, JSON.stringify(json).slice(0, 80)).toBe(400);
      expect((await res.json()).fieldErrors[field]).toMatch(message);
    }
    expect(await t.db.select().from(webhookSettings)).toHaveLength(0);
    expect((await sendTest()).status).toBe(409);
  });

  it('saves the webhook sealed; no read returns the secret, only its last 4 characters', async () => {
    const res = await put({ url: receiver.url, secret: SECRET });
    expect(res.status).toBe(200);
    const saved = await res.text();
    expect(JSON.parse(saved)).toMatchObject({ url: receiver.url, secretLast4: SECRET.slice(-4), enabled: true });
    const read = await (await get()).text();
    expect(JSON.parse(read).webhook).toMatchObject({ url: receiver.url, secretLast4: '6789', enabled: true });
    for (const text of [saved, read]) expect(text).not.toContain(SECRET.slice(0, -4));
    const [row] = await t.db.select().from(webhookSettings);
    expect(row.secretEncrypted).not.toContain(SECRET);
    expect(decryptSecret(row.secretEncrypted, WEBHOOK_SECRET_CONTEXT)).toBe(SECRET);
    // Left out, the secret is kept.
    expect((await put({ url: `${receiver.url}?team=ml`, enabled: false })).status).toBe(200);
    expect(decryptSecret((await t.db.select().from(webhookSettings))[0].secretEncrypted, WEBHOOK_SECRET_CONTEXT)).toBe(SECRET);
    expect((await (await get()).json()).webhook).toMatchObject({ url: `${receiver.url}?team=ml`, enabled: false, secretLast4: '6789' });
  });

  it('"Send test" posts a signed webhook.test at once (even while off) and logs it; a failing receiver is an answer, not an error', async () => {
    const ok = await sendTest();
    expect(ok.status).toBe(200);
    const delivered = await ok.json();
    expect(delivered).toMatchObject({ event: 'webhook.test', status: 'DELIVERED', attempts: 1, lastHttpStatus: 200 });
    const [hook] = receiver.forDelivery(delivered.id);
    expect(verifyWebhookSignature(SECRET, String(hook.headers['x-webhook-timestamp']), hook.body, String(hook.headers['x-webhook-signature']))).toBe(true);
    expect(webhookPayloadSchema.parse(JSON.parse(hook.body)).event).toBe('webhook.test');

    receiver.answer = () => 500;
    try {
      const res = await sendTest();
      expect(res.status).toBe(200);
      const failed = await res.json();
      expect(failed).toMatchObject({ event: 'webhook.test', status: 'FAILED', attempts: 1, lastHttpStatus: 500 });
      expect(failed.lastError).toContain('HTTP 500: receiver is down for a moment');
      expect(receiver.forDelivery(failed.id)).toHaveLength(1);
      expect((await listDeliveries()).slice(0, 2).map((d) => [d.id, d.status])).toEqual([[failed.id, 'FAILED'], [delivered.id, 'DELIVERED']]);
    } finally {
      receiver.answer = () => 200;
    }
  });

  it('is re-encrypted by `npm run rotate-secret` with the provider keys', async () => {
    const NEW = 'a-new-app-secret-for-rotation-0123456789';
    expect(await rotateStoredSecrets(t.db, { oldSecret: process.env.APP_SECRET!, newSecret: NEW })).toEqual({ reencrypted: 1, alreadyNew: 0 });
    const [row] = await t.db.select().from(webhookSettings);
    expect(decryptSecret(row.secretEncrypted, WEBHOOK_SECRET_CONTEXT, NEW)).toBe(SECRET);
    await rotateStoredSecrets(t.db, { oldSecret: NEW, newSecret: process.env.APP_SECRET! });
  });

  it('DELETE removes it; the delivery log stays', async () => {
    const before = (await listDeliveries()).length;
    const res = await callRoute(routes.webhook.DELETE, 'DELETE', '/api/webhook', { headers: admin.auth });
    expect(await res.json()).toEqual({ deleted: true });
    expect(await (await get()).json()).toEqual({ webhook: null });
    expect((await sendTest()).status).toBe(409);
    expect(await listDeliveries()).toHaveLength(before);
  });
});

describe('delivery attempts, one at a time', () => {
  const config = { retryDelayMs: 1_000, maxAttempts: 2, timeoutMs: 5_000 };
  const scheduled: { deliveryId: string; attempt: number; delayMs: number }[] = [];
  const schedule: ScheduleAttempt = async (p) => { scheduled.push(p); };
  let datasetId: string;
  let providerId: string;

  beforeAll(async () => {
    await put({ url: receiver.url, secret: SECRET, enabled: true });
    [datasetId, providerId] = [(await arithmeticDataset(t.db, 2)).id, (await simulatorProvider(t.db, 'http://127.0.0.1:9')).id];
  });

  /** An experiment that ends (no worker runs here: the status is written as the runner would). */
  async function endedExperiment(status: 'COMPLETED' | 'STOPPED' | 'ERROR' = 'COMPLETED') {
    const { id } = await createTestExperiment(t.db, boss, datasetId, providerId);
    await t.db.update(experiments).set({ status, finishedAt: sql`now()` }).where(eq(experiments.id, id));
    const rows = await t.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.experimentId, id));
    expect(rows).toHaveLength(1);
    return { experimentId: id, deliveryId: rows[0].id };
  }
  const delivery = async (id: string) => (await t.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.id, id)))[0];

  it('a failed attempt schedules the next after the delay; a repeated attempt sends nothing; the last one ends FAILED', async () => {
    receiver.answer = () => 503;
    try {
      const { deliveryId } = await endedExperiment();
      const before = await databaseNow(t.db);
      await attemptDelivery(t.db, { deliveryId, attempt: 1 }, { config, schedule });
      const first = await delivery(deliveryId);
      expect(first).toMatchObject({ status: 'PENDING', attempts: 1, lastHttpStatus: 503, lockedUntil: null });
      expect(first.lastError).toMatch(/^The receiver answered HTTP 503/);
      expect(scheduled.at(-1)).toEqual({ deliveryId, attempt: 2, delayMs: 1_000 });
      expect(first.nextAttemptAt!.getTime()).toBeGreaterThanOrEqual(before.getTime() + 1_000);

      // A duplicate job for attempt 1 finds it taken.
      await attemptDelivery(t.db, { deliveryId, attempt: 1 }, { config, schedule });
      expect(receiver.forDelivery(deliveryId)).toHaveLength(1);

      const count = scheduled.length;
      await attemptDelivery(t.db, { deliveryId, attempt: 2 }, { config, schedule });
      expect(await delivery(deliveryId)).toMatchObject({ status: 'FAILED', attempts: 2, lastHttpStatus: 503, nextAttemptAt: null });
      expect(scheduled).toHaveLength(count);
      expect(receiver.forDelivery(deliveryId)).toHaveLength(2);
    } finally {
      receiver.answer = () => 200;
    }
  });

  it('ends FAILED unsent when the webhook was turned off, or the experiment deleted, before it went out', async () => {
    const off = await endedExperiment('STOPPED');
    const gone = await endedExperiment('ERROR');
    await t.db.delete(experiments).where(eq(experiments.id, gone.experimentId));
    await t.db.update(webhookSettings).set({ enabled: false });
    await attemptDelivery(t.db, { deliveryId: off.deliveryId, attempt: 1 }, { config, schedule });
    expect(await delivery(off.deliveryId)).toMatchObject({ status: 'FAILED', attempts: 0, lastError: 'The webhook was turned off before this delivery was sent' });
    await t.db.update(webhookSettings).set({ enabled: true });
    await attemptDelivery(t.db, { deliveryId: gone.deliveryId, attempt: 1 }, { config, schedule });
    expect(await delivery(gone.deliveryId)).toMatchObject({ status: 'FAILED', lastError: 'The experiment was deleted before its webhook was sent' });
    expect(receiver.forDelivery(off.deliveryId)).toHaveLength(0);
    expect(receiver.forDelivery(gone.deliveryId)).toHaveLength(0);
  });

  it('a URL the policy refuses fails at once, without retries', async () => {
    const { deliveryId } = await endedExperiment();
    await t.db.update(webhookSettings).set({ url: 'http://127.0.0.1:59999/elsewhere' });
    try {
      await attemptDelivery(t.db, { deliveryId, attempt: 1 }, { config, schedule });
      const row = await delivery(deliveryId);
      expect(row).toMatchObject({ status: 'FAILED', attempts: 1, lastHttpStatus: null });
      expect(row.lastError).toMatch(/loopback/);
    } finally {
      await t.db.update(webhookSettings).set({ url: receiver.url });
    }
  });

  it("the worker's scan sends one job per new delivery, and another only for an attempt that is overdue and unlocked", async () => {
    // Earlier tests' rows that are still PENDING are dispatched too: count only this one's.
    const { deliveryId } = await endedExperiment();
    const mine = () => scheduled.filter((p) => p.deliveryId === deliveryId);
    await dispatchDueDeliveries(t.db, schedule, { overdueMs: 60_000 });
    expect(mine()).toEqual([{ deliveryId, attempt: 1, delayMs: expect.any(Number) }]);
    await dispatchDueDeliveries(t.db, schedule, { overdueMs: 60_000 });
    expect(mine()).toHaveLength(1);
    // Its job was lost (or its worker died mid-attempt): two minutes overdue, it gets a new one.
    await t.db.update(webhookDeliveries).set({ attempts: 1, nextAttemptAt: sql`now() - interval '2 minutes'` }).where(eq(webhookDeliveries.id, deliveryId));
    await t.db.update(webhookDeliveries).set({ lockedUntil: sql`now() + interval '1 minute'` }).where(eq(webhookDeliveries.id, deliveryId));
    await dispatchDueDeliveries(t.db, schedule, { overdueMs: 60_000 });
    expect(mine()).toHaveLength(1);
    await t.db.update(webhookDeliveries).set({ lockedUntil: null }).where(eq(webhookDeliveries.id, deliveryId));
    await dispatchDueDeliveries(t.db, schedule, { overdueMs: 60_000 });
    expect(mine().at(-1)).toMatchObject({ deliveryId, attempt: 2, delayMs: 0 });
  });
});
