import { and, count, eq, inArray, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { experiments, quotas as quotasTable } from '../db/schema';
import { UserError, zodToUserError } from '../errors';
import { DEFAULT_QUOTAS, QUOTA_HINT, QUOTA_LABELS, quotasSchema, type Quotas, type QuotasInput } from './quota-schema';

// Over a quota is refused, not malformed: the same request passes once an admin raises the limit.
const QUOTA_STATUS = 403;

const fmt = (n: number) => n.toLocaleString('en-US');

/** The quotas in force: the saved row, or the defaults while none has been saved. */
export async function getQuotas(db: DbOrTx): Promise<Quotas> {
  const [row] = await db.select().from(quotasTable).where(eq(quotasTable.id, 1));
  if (!row) return { ...DEFAULT_QUOTAS };
  return {
    maxRepetitions: row.maxRepetitions,
    maxTokens: row.maxTokens,
    maxItemsPerExperiment: row.maxItemsPerExperiment,
    maxConcurrentExperimentsPerUser: row.maxConcurrentExperimentsPerUser,
  };
}

/** Saves all four quotas at once (null = no limit). Experiments already queued keep running. */
export async function setQuotas(db: DbOrTx, raw: QuotasInput, by: { userId: string | null } = { userId: null }): Promise<Quotas> {
  const parsed = quotasSchema.safeParse(raw);
  if (!parsed.success) throw zodToUserError(parsed.error);
  const values = { ...parsed.data, updatedBy: by.userId, updatedAt: new Date() };
  await db.insert(quotasTable).values({ id: 1, ...values }).onConflictDoUpdate({ target: quotasTable.id, set: values });
  return parsed.data;
}

/** What one experiment asks for, known at creation. */
export interface QuotaAsk {
  repetitions: number;
  /** Variants in the experiment (each runs every item and repetition); 1 when unset. */
  variants?: number;
  /** Undefined when the experiment sets none (createExperiment then applies the quota). */
  maxTokens: number | undefined;
  /** Items at the chosen dataset version. */
  items: number;
}

/**
 * The per-experiment quotas (repetitions, max tokens, runs): a UserError naming every limit the
 * experiment is over, or null.
 */
export function checkQuotas(q: Quotas, ask: QuotaAsk): UserError | null {
  const over: string[] = [];
  const fieldErrors: Record<string, string> = {};
  const refuse = (key: keyof Quotas, asked: string, limit: number, field?: string) => {
    over.push(`${QUOTA_LABELS[key]}: ${asked}, the limit is ${fmt(limit)}`);
    if (field) fieldErrors[field] = `At most ${fmt(limit)} (quota)`;
  };
  if (q.maxRepetitions !== null && ask.repetitions > q.maxRepetitions) {
    refuse('maxRepetitions', `${fmt(ask.repetitions)} asked`, q.maxRepetitions, 'config.repetitions');
  }
  if (q.maxTokens !== null && ask.maxTokens !== undefined && ask.maxTokens > q.maxTokens) {
    refuse('maxTokens', `${fmt(ask.maxTokens)} asked`, q.maxTokens, 'config.params.maxTokens');
  }
  const variants = ask.variants ?? 1;
  const runs = ask.items * ask.repetitions * variants;
  if (q.maxItemsPerExperiment !== null && runs > q.maxItemsPerExperiment) {
    const times = variants > 1 ? ` × ${fmt(variants)} variants` : '';
    refuse('maxItemsPerExperiment', `${fmt(runs)} asked (${fmt(ask.items)} items × ${fmt(ask.repetitions)} repetitions${times})`, q.maxItemsPerExperiment);
  }
  return over.length ? new UserError(`${over.join('; ')} (${QUOTA_HINT})`, fieldErrors, QUOTA_STATUS) : null;
}

/**
 * The concurrency quota, checked inside the transaction that has just queued an experiment of
 * `ownerId` (created or resumed), so that experiment is among those counted. A transaction-level
 * advisory lock per owner makes two starts at once count one after the other: without it, both
 * would see the last free slot. Queue the experiment first and call this after, so the lock is
 * never held while waiting for a row.
 */
export async function checkConcurrency(tx: DbOrTx, q: Quotas, p: { ownerId: string; actorId: string }): Promise<UserError | null> {
  const limit = q.maxConcurrentExperimentsPerUser;
  if (limit === null) return null;
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`quota:concurrency:${p.ownerId}`}, 0))`);
  const [{ n }] = await tx.select({ n: count() }).from(experiments)
    .where(and(eq(experiments.createdBy, p.ownerId), inArray(experiments.status, ['QUEUED', 'RUNNING'])));
  if (n <= limit) return null;
  const whose = p.actorId === p.ownerId ? 'you have' : 'its owner has';
  return new UserError(
    `${QUOTA_LABELS.maxConcurrentExperimentsPerUser}: ${whose} ${fmt(n - 1)} queued or running, the limit is ${fmt(limit)} `
      + `(stop one or wait for one to finish; ${QUOTA_HINT})`,
    {}, QUOTA_STATUS,
  );
}
