import { and, desc, eq, sql } from 'drizzle-orm';
import type { Db, DbOrTx } from '../db/client';
import { experiments, webhookDeliveries } from '../db/schema';
import type { Resolver } from '../providers/guarded-fetch';
import { WEBHOOK_DELIVERIES_SHOWN, type WebhookDelivery } from './api-schemas';
import { retryDelayMs, type WebhookConfig } from './config';
import { buildExperimentPayload, samplePayload } from './payload';
import { postWebhook, type SendOutcome } from './send';
import { getWebhook, getWebhookTarget, WebhookSecretUnreadableError, type WebhookTarget } from './settings';
import { UserError } from '../errors';

/**
 * Deliveries: a row per webhook call (the trigger of drizzle/0013 inserts one when a recorded
 * experiment ends), attempted by `webhook-delivery` jobs. Each attempt claims the row for its
 * attempt number under a short lock, so a duplicate job never sends an attempt twice, and a
 * DELIVERED row is never sent again. A worker that dies between the receiver's 2xx and the write
 * leaves the row PENDING: that one is sent again, so receivers dedupe on X-Webhook-Id.
 */

/** Sends the job for an attempt, inside the caller's transaction (the row and its job commit together). */
export type ScheduleAttempt = (p: { deliveryId: string; attempt: number; delayMs: number }, tx: DbOrTx) => Promise<void>;

/** Finished deliveries kept for the log; older ones are pruned by the worker. */
export const WEBHOOK_DELIVERIES_KEPT = 1_000;

/** An attempt holds its row this much longer than the request may take. */
const LOCK_MARGIN_MS = 30_000;

const deliveryColumns = {
  id: webhookDeliveries.id, event: webhookDeliveries.event, experimentId: webhookDeliveries.experimentId,
  experimentName: webhookDeliveries.experimentName, experimentStatus: webhookDeliveries.experimentStatus,
  status: webhookDeliveries.status, attempts: webhookDeliveries.attempts, lastHttpStatus: webhookDeliveries.lastHttpStatus,
  lastError: webhookDeliveries.lastError, nextAttemptAt: webhookDeliveries.nextAttemptAt, createdAt: webhookDeliveries.createdAt,
  deliveredAt: webhookDeliveries.deliveredAt,
};

export async function listDeliveries(db: DbOrTx, limit = WEBHOOK_DELIVERIES_SHOWN): Promise<WebhookDelivery[]> {
  return db.select(deliveryColumns).from(webhookDeliveries).orderBy(desc(webhookDeliveries.createdAt), desc(webhookDeliveries.id)).limit(limit);
}

export async function getDelivery(db: DbOrTx, id: string): Promise<WebhookDelivery | null> {
  const [row] = await db.select(deliveryColumns).from(webhookDeliveries).where(eq(webhookDeliveries.id, id));
  return row ?? null;
}

/**
 * The worker's scan: a job for every PENDING delivery that has none yet (new rows from the
 * trigger), and for any whose attempt is overdue and unlocked (its job was lost, or its worker
 * died mid-attempt). Returns how many jobs it sent.
 */
export async function dispatchDueDeliveries(db: Db, schedule: ScheduleAttempt, opts: { overdueMs: number; limit?: number }): Promise<number> {
  return db.transaction(async (tx) => {
    const rows = await tx.execute<{ id: string; attempts: number; delay_ms: number }>(sql`
      with due as (
        select id from webhook_deliveries
        where status = 'PENDING' and (job_sent_at is null or (
          next_attempt_at < now() - make_interval(secs => ${opts.overdueMs / 1000})
          and (locked_until is null or locked_until < now())))
        order by created_at
        limit ${opts.limit ?? 100}
        for update skip locked)
      update webhook_deliveries d set job_sent_at = now(), updated_at = clock_timestamp()
      from due where d.id = due.id
      returning d.id, d.attempts, greatest(0, extract(epoch from (d.next_attempt_at - now())) * 1000)::float8 as delay_ms`);
    for (const r of rows) await schedule({ deliveryId: r.id, attempt: Number(r.attempts) + 1, delayMs: Number(r.delay_ms) || 0 }, tx);
    return rows.length;
  });
}

export interface AttemptDeps {
  config: Pick<WebhookConfig, 'retryDelayMs' | 'maxAttempts' | 'timeoutMs'>;
  /** Absent: no retries (a test delivery is one attempt, answered at once). */
  schedule?: ScheduleAttempt;
  resolve?: Resolver;
}

/** The `webhook-delivery` job: attempt `attempt` of a delivery, recorded whatever happens. */
export async function attemptDelivery(db: Db, job: { deliveryId: string; attempt: number }, deps: AttemptDeps): Promise<void> {
  const [row] = await db.select({ status: webhookDeliveries.status, event: webhookDeliveries.event })
    .from(webhookDeliveries).where(eq(webhookDeliveries.id, job.deliveryId));
  if (!row || row.status !== 'PENDING') return;
  let target: WebhookTarget | null;
  try {
    target = await getWebhookTarget(db);
  } catch (err) {
    if (!(err instanceof WebhookSecretUnreadableError)) throw err;
    await settle(db, job.deliveryId, { status: 'FAILED', lastError: err.message });
    return;
  }
  // A test is sent before the switch is turned on, to try the receiver first.
  if (!target || (!target.enabled && row.event !== 'webhook.test')) {
    await settle(db, job.deliveryId, { status: 'FAILED', lastError: `The webhook was ${target ? 'turned off' : 'removed'} before this delivery was sent` });
    return;
  }
  const claimed = await claim(db, job, deps.config.timeoutMs + LOCK_MARGIN_MS);
  if (!claimed) return;
  const body = claimed.body ?? await freezeBody(db, claimed);
  if (!body) {
    await settle(db, job.deliveryId, { status: 'FAILED', lastError: 'The experiment was deleted before its webhook was sent' });
    return;
  }
  const outcome = await postWebhook(target, body, { deliveryId: job.deliveryId, timeoutMs: deps.config.timeoutMs, resolve: deps.resolve });
  await recordOutcome(db, job, outcome, deps);
}

type Claimed = typeof webhookDeliveries.$inferSelect;

/** Takes attempt `attempt` of the row: only if it is still PENDING, that attempt is next, and no other attempt holds it. */
async function claim(db: DbOrTx, job: { deliveryId: string; attempt: number }, lockMs: number): Promise<Claimed | null> {
  const [row] = await db.update(webhookDeliveries).set({
    attempts: sql`${webhookDeliveries.attempts} + 1`,
    lockedUntil: sql`now() + make_interval(secs => ${lockMs / 1000})`,
    updatedAt: sql`clock_timestamp()`,
  }).where(and(
    eq(webhookDeliveries.id, job.deliveryId), eq(webhookDeliveries.status, 'PENDING'),
    eq(webhookDeliveries.attempts, job.attempt - 1),
    sql`(${webhookDeliveries.lockedUntil} is null or ${webhookDeliveries.lockedUntil} < now())`,
  )).returning();
  return row ?? null;
}

/** The body is built once, at the first attempt, and every retry sends the same bytes. */
async function freezeBody(db: DbOrTx, d: Claimed): Promise<string | null> {
  if (!d.experimentId) return null;
  const ended = d.experimentStatus && d.experimentStatus !== 'QUEUED' && d.experimentStatus !== 'RUNNING'
    ? { status: d.experimentStatus, lastError: d.experimentLastError, at: d.createdAt } : null;
  const payload = await buildExperimentPayload(db, d.experimentId, d.event === 'webhook.test' ? 'webhook.test' : 'experiment.finished', ended);
  if (!payload) return null;
  const body = JSON.stringify(payload);
  await db.update(webhookDeliveries).set({ body }).where(and(eq(webhookDeliveries.id, d.id), sql`${webhookDeliveries.body} is null`));
  return body;
}

async function recordOutcome(db: Db, job: { deliveryId: string; attempt: number }, outcome: SendOutcome, deps: AttemptDeps) {
  const ours = and(eq(webhookDeliveries.id, job.deliveryId), eq(webhookDeliveries.attempts, job.attempt), eq(webhookDeliveries.status, 'PENDING'));
  if (outcome.ok) {
    await db.update(webhookDeliveries).set({
      status: 'DELIVERED', lastHttpStatus: outcome.httpStatus, lastError: null, deliveredAt: sql`now()`,
      nextAttemptAt: null, lockedUntil: null, updatedAt: sql`clock_timestamp()`,
    }).where(ours);
    return;
  }
  const failed = { lastHttpStatus: outcome.httpStatus, lastError: outcome.error, lockedUntil: null, updatedAt: sql`clock_timestamp()` };
  const schedule = deps.schedule;
  if (outcome.permanent || !schedule || job.attempt >= deps.config.maxAttempts) {
    await db.update(webhookDeliveries).set({ ...failed, status: 'FAILED', nextAttemptAt: null }).where(ours);
    return;
  }
  const delayMs = retryDelayMs(deps.config, job.attempt);
  // One transaction: a PENDING row waiting for a retry always has its job.
  await db.transaction(async (tx) => {
    const rows = await tx.update(webhookDeliveries).set({
      ...failed, nextAttemptAt: sql`now() + make_interval(secs => ${delayMs / 1000})`, jobSentAt: sql`now()`,
    }).where(ours).returning({ id: webhookDeliveries.id });
    if (rows.length) await schedule({ deliveryId: job.deliveryId, attempt: job.attempt + 1, delayMs }, tx);
  });
}

/** Ends a PENDING delivery without (another) attempt. */
async function settle(db: DbOrTx, id: string, p: { status: 'FAILED'; lastError: string }) {
  await db.update(webhookDeliveries).set({ ...p, nextAttemptAt: null, lockedUntil: null, updatedAt: sql`clock_timestamp()` })
    .where(and(eq(webhookDeliveries.id, id), eq(webhookDeliveries.status, 'PENDING')));
}

/**
 * "Send test": one signed POST now, with the payload of the latest recorded experiment that
 * ended (or a sample when none has), as event `webhook.test`. Logged like any delivery; not retried.
 */
export async function sendTestDelivery(db: Db, deps: Omit<AttemptDeps, 'schedule'>): Promise<WebhookDelivery> {
  if (!(await getWebhook(db))) throw new UserError('Save a webhook URL and signing secret first', {}, 409);
  const [latest] = await db.select({ id: experiments.id, name: experiments.name, status: experiments.status }).from(experiments)
    .where(and(eq(experiments.record, true), sql`${experiments.status} in ('COMPLETED', 'STOPPED', 'ERROR')`))
    .orderBy(desc(experiments.updatedAt)).limit(1);
  const payload = latest ? await buildExperimentPayload(db, latest.id, 'webhook.test', null) : null;
  const [row] = await db.insert(webhookDeliveries).values({
    event: 'webhook.test', experimentId: latest?.id ?? null, experimentName: latest?.name ?? null,
    experimentStatus: latest?.status ?? null, body: JSON.stringify(payload ?? samplePayload()),
    // The worker's scan leaves it alone: this process sends it, now.
    jobSentAt: sql`now()`,
  }).returning({ id: webhookDeliveries.id });
  await attemptDelivery(db, { deliveryId: row.id, attempt: 1 }, deps);
  return (await getDelivery(db, row.id))!;
}

/** Keeps the newest WEBHOOK_DELIVERIES_KEPT finished deliveries; PENDING ones are never pruned. */
export async function pruneDeliveries(db: DbOrTx, keep = WEBHOOK_DELIVERIES_KEPT): Promise<number> {
  const rows = await db.execute<{ id: string }>(sql`
    delete from webhook_deliveries
    where status <> 'PENDING' and created_at < (
      select created_at from webhook_deliveries order by created_at desc offset ${keep - 1} limit 1)
    returning id`);
  return rows.length;
}
