// The finished-run webhook end to end: a real worker process sends it to a real HTTP receiver on
// 127.0.0.1 (allowed through ALLOWED_PROVIDER_HOSTS, as an admin would), with retries shrunk to
// fractions of a second by WEBHOOK_RETRY_DELAY_S.
import { and, eq, sql } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { evaluations, experiments, providerConnections, webhookDeliveries } from '../../lib/db/schema';
import { stopExperiment } from '../../lib/experiments/lifecycle';
import { sendJob } from '../../lib/queue/boss';
import { webhookPayloadSchema } from '../../lib/webhooks/api-schemas';
import { saveWebhook } from '../../lib/webhooks/settings';
import { verifyWebhookSignature } from '../../lib/webhooks/signature';
import { arithmeticDataset, createTestExperiment, experimentRow, simulatorProvider } from '../helpers/fixtures';
import { signal, waitFor } from '../helpers/processes';
import { startRunnerSuite, stopRunnerSuite, type RunnerSuite } from '../helpers/suite';
import { startWebhookReceiver, type WebhookReceiver } from '../helpers/webhook-receiver';

const SECRET = 'whsec_integration-test-secret-0123456789';
const savedAllowed = process.env.ALLOWED_PROVIDER_HOSTS;
let s: RunnerSuite;
let receiver: WebhookReceiver;

beforeAll(async () => {
  receiver = await startWebhookReceiver();
  // The web side checks the URL against the policy when it is saved; the worker when it connects.
  process.env.ALLOWED_PROVIDER_HOSTS = receiver.hostPort;
  s = await startRunnerSuite({
    simulator: { latencyMs: 5 },
    workerEnv: { ALLOWED_PROVIDER_HOSTS: receiver.hostPort, WEBHOOK_RETRY_DELAY_S: '0.2', WEBHOOK_SCAN_MS: '200' },
  });
  await saveWebhook(s.t.db, { url: receiver.url, secret: SECRET, enabled: true }, { userId: null });
});
afterAll(async () => {
  await stopRunnerSuite(s);
  await receiver?.close();
  if (savedAllowed === undefined) delete process.env.ALLOWED_PROVIDER_HOSTS;
  else process.env.ALLOWED_PROVIDER_HOSTS = savedAllowed;
});

const ENDED = ['COMPLETED', 'STOPPED', 'ERROR'];
const untilEnded = (id: string) => waitFor(async () => {
  const row = await experimentRow(s.t.db, id);
  return ENDED.includes(row.status) && row;
}, { what: `experiment ${id} to end` });

const deliveriesOf = (experimentId: string) => s.t.db.select().from(webhookDeliveries).where(eq(webhookDeliveries.experimentId, experimentId));

const untilSettled = (experimentId: string) => waitFor(async () => {
  const [d] = await deliveriesOf(experimentId);
  return d && d.status !== 'PENDING' && d;
}, { what: `the webhook delivery of ${experimentId} to settle` });

/** Every request of a delivery carries a valid signature over its exact body; the payload is read from it. */
function verifiedPayload(deliveryId: string) {
  const hooks = receiver.forDelivery(deliveryId);
  expect(hooks.length).toBeGreaterThan(0);
  for (const h of hooks) {
    expect(verifyWebhookSignature(SECRET, String(h.headers['x-webhook-timestamp']), h.body, String(h.headers['x-webhook-signature']), 300)).toBe(true);
  }
  return webhookPayloadSchema.parse(JSON.parse(hooks.at(-1)!.body));
}

describe('finished-run webhook, sent by a real worker', () => {
  it('is retried after the receiver fails, ends DELIVERED after 2 attempts, and its signature verifies (a wrong secret does not)', async () => {
    receiver.answer = (nth) => (nth === 1 ? 500 : 200);
    try {
      const ds = await arithmeticDataset(s.t.db, 3);
      const exact = { name: 'exact', type: 'exact_match' as const, expectedField: 'answer' };
      const { id } = await createTestExperiment(s.t.db, s.boss, ds.id, s.provider.id, { config: { evaluators: [exact] } });
      const ended = await untilEnded(id);
      expect(ended.status).toBe('COMPLETED');
      // Queued by the statement that ended it: there is no moment without it.
      expect(await deliveriesOf(id)).toHaveLength(1);

      const d = await untilSettled(id);
      expect(d).toMatchObject({ status: 'DELIVERED', attempts: 2, lastHttpStatus: 200, lastError: null, event: 'experiment.finished', experimentStatus: 'COMPLETED' });
      const hooks = receiver.forDelivery(d.id);
      expect(hooks.map((h) => h.answered)).toEqual([500, 200]);
      // A retry sends the same bytes (with its own timestamp and signature).
      expect(hooks[1].body).toBe(hooks[0].body);
      for (const h of hooks) {
        expect(h.headers['content-type']).toBe('application/json');
        expect(h.headers['user-agent']).toMatch(/^experiment-runner-webhook\//);
        const ts = String(h.headers['x-webhook-timestamp']);
        expect(ts).toMatch(/^\d+$/);
        expect(String(h.headers['x-webhook-signature'])).toMatch(/^sha256=[0-9a-f]{64}$/);
        expect(verifyWebhookSignature('whsec_wrong-secret-0123456789', ts, h.body, String(h.headers['x-webhook-signature']), 300)).toBe(false);
      }

      const payload = verifiedPayload(d.id);
      const scores = await s.t.db.select({ score: evaluations.score }).from(evaluations).where(eq(evaluations.experimentId, id));
      expect(payload).toMatchObject({
        event: 'experiment.finished',
        experiment: { id, name: ended.name, status: 'COMPLETED', lastError: null, datasetId: ds.id },
        counts: { totalRuns: 3, succeeded: 3, failed: 0, cached: 0 },
        scores: [{ evaluator: 'exact', n: 3, mean: scores.reduce((a, e) => a + e.score!, 0) / 3 }],
        variants: [{ variant: 0, model: 'sim-small', counts: { totalRuns: 3, succeeded: 3, failed: 0, cached: 0 }, scores: [{ evaluator: 'exact', n: 3 }] }],
      });
      expect(payload.experiment.url).toMatch(new RegExp(`/experiments/${id}$`));
      expect(payload.cost.promptTokens).toBeGreaterThan(0);
      expect(new Date(payload.experiment.finishedAt).getTime()).toBe(ended.finishedAt!.getTime());

      // Never twice after success: stray jobs for that attempt and the next find nothing to send.
      const strays = [await sendJob(s.boss, 'webhook-delivery', { deliveryId: d.id, attempt: 2 }), await sendJob(s.boss, 'webhook-delivery', { deliveryId: d.id, attempt: 3 })];
      await waitFor(async () => {
        const jobs = await Promise.all(strays.map((jobId) => s.boss.getJobById('webhook-delivery', jobId!)));
        return jobs.every((j) => j?.state === 'completed');
      }, { what: 'the stray jobs to finish' });
      expect(receiver.forDelivery(d.id)).toHaveLength(2);
      expect((await deliveriesOf(id))[0]).toMatchObject({ status: 'DELIVERED', attempts: 2 });

      // Writing an ended experiment again (same status) queues nothing more.
      await s.t.db.update(experiments).set({ status: 'COMPLETED', lastError: 'touched' }).where(eq(experiments.id, id));
      expect(await deliveriesOf(id)).toHaveLength(1);
    } finally {
      receiver.answer = () => 200;
    }
  });

  it('gives each variant its own counts and scores, beside the totals over all of them', async () => {
    const ds = await arithmeticDataset(s.t.db, 4);
    const exact = { name: 'exact', type: 'exact_match' as const, expectedField: 'answer' };
    const { id } = await createTestExperiment(s.t.db, s.boss, ds.id, s.provider.id, {
      config: { evaluators: [exact], variants: [{ name: 'small' }, { name: 'large', model: 'sim-large' }] },
    });
    expect((await untilEnded(id)).status).toBe('COMPLETED');
    const d = await untilSettled(id);
    expect(d.status).toBe('DELIVERED');
    const payload = verifiedPayload(d.id);

    const byVariant = [...await s.t.db.execute<{ variant: number; n: number; mean: number }>(sql`
      select r.variant, count(*)::int as n, avg(e.score)::float8 as mean
      from evaluations e join experiment_runs r on r.id = e.run_id
      where e.experiment_id = ${id} and e.status = 'COMPLETED' group by r.variant order by r.variant`)];
    expect(byVariant.map((v) => v.variant)).toEqual([0, 1]);
    expect(payload.counts.totalRuns).toBe(8);
    expect(payload.variants.map((v) => [v.variant, v.name, v.model, v.counts.totalRuns, v.counts.succeeded])).toEqual([
      [0, 'small', 'sim-small', 4, 4],
      [1, 'large', 'sim-large', 4, 4],
    ]);
    for (const [i, v] of payload.variants.entries()) {
      expect(v.scores).toHaveLength(1);
      expect(v.scores[0]).toMatchObject({ evaluator: 'exact', n: byVariant[i].n });
      expect(v.scores[0].mean).toBeCloseTo(byVariant[i].mean, 10);
    }
    expect(payload.scores[0].n).toBe(byVariant[0].n + byVariant[1].n);
  });

  it('an experiment stopped by its user, and one that ends in ERROR, are delivered too', async () => {
    // Slow enough that it is still running when stopped (at least 500 x 200 ms / 20 in flight = 5 s).
    s.sim.setKnobs({ latencyMs: 200 });
    const ds = await arithmeticDataset(s.t.db, 500);
    const { id: stoppedId } = await createTestExperiment(s.t.db, s.boss, ds.id, s.provider.id);
    await waitFor(async () => (await experimentRow(s.t.db, stoppedId)).runsSucceeded >= 1, { what: 'a first run' });
    await stopExperiment(s.t.db, stoppedId);
    s.sim.setKnobs({ latencyMs: 5 });
    const stopped = await untilSettled(stoppedId);
    expect(stopped).toMatchObject({ status: 'DELIVERED', attempts: 1, experimentStatus: 'STOPPED' });
    expect(verifiedPayload(stopped.id).experiment).toMatchObject({ id: stoppedId, status: 'STOPPED' });

    // ERROR: the provider is deleted after creation, while the worker is paused.
    const doomed = await simulatorProvider(s.t.db, s.sim.url);
    signal(s.worker!, 'SIGSTOP');
    let erroredId: string;
    try {
      ({ id: erroredId } = await createTestExperiment(s.t.db, s.boss, ds.id, doomed.id));
      await s.t.db.delete(providerConnections).where(eq(providerConnections.id, doomed.id));
    } finally {
      signal(s.worker!, 'SIGCONT');
    }
    const errored = await untilEnded(erroredId);
    expect(errored.status).toBe('ERROR');
    const failed = await untilSettled(erroredId);
    expect(failed).toMatchObject({ status: 'DELIVERED', experimentStatus: 'ERROR' });
    const payload = verifiedPayload(failed.id);
    expect(payload.experiment).toMatchObject({ id: erroredId, status: 'ERROR', lastError: errored.lastError });
    expect(payload.experiment.lastError).toContain('provider connection does not exist');
  });

  it('queues nothing while the webhook is off, nor for an ephemeral (unrecorded) experiment', async () => {
    const ds = await arithmeticDataset(s.t.db, 2);
    await saveWebhook(s.t.db, { url: receiver.url, enabled: false }, { userId: null });
    try {
      const { id } = await createTestExperiment(s.t.db, s.boss, ds.id, s.provider.id);
      expect((await untilEnded(id)).status).toBe('COMPLETED');
      expect(await deliveriesOf(id)).toHaveLength(0);
    } finally {
      await saveWebhook(s.t.db, { url: receiver.url, enabled: true }, { userId: null });
    }
    const { id: ephemeral } = await createTestExperiment(s.t.db, s.boss, ds.id, s.provider.id, { record: false });
    expect(ENDED).toContain((await untilEnded(ephemeral)).status);
    expect(await deliveriesOf(ephemeral)).toHaveLength(0);
    // The switch was turned back on: the next recorded end is queued again.
    const { id: again } = await createTestExperiment(s.t.db, s.boss, ds.id, s.provider.id);
    await untilEnded(again);
    const [row] = await s.t.db.select({ n: sql<number>`count(*)::int` }).from(webhookDeliveries)
      .where(and(eq(webhookDeliveries.experimentId, again), eq(webhookDeliveries.event, 'experiment.finished')));
    expect(row.n).toBe(1);
  });
});
