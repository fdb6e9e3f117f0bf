import { and, eq, sql } from 'drizzle-orm';
import type { PgBoss } from 'pg-boss';
import type { Db } from '../db/client';
import { experimentVariants as variantsTable, experiments } from '../db/schema';
import { sendJob } from '../queue/boss';
import { notifyExperiment } from '../runner/notifications';
import { isUniqueViolation, UserError, zodToUserError } from '../errors';
import { createExperimentSchema, type CreateExperimentInput } from './config';
import { validateExperiment } from './validate';
import { experimentVariants } from './variants';
import { databaseNow } from '../db/now';
import { checkConcurrency, checkQuotas, getQuotas } from '../quotas/quotas';
import type { Quotas } from '../quotas/quota-schema';
import { countItemsAt, countItemsUpTo } from '../datasets/items';

/**
 * Validates, checks the quotas, stores the full config snapshot and enqueues `experiment-run` in
 * one transaction: there is never an experiment without its job or a job without its experiment.
 * Returns at once, whatever the dataset size (no per-item rows here). `by` is the user it counts
 * against (every entry point passes its principal's id; admins included).
 */
export async function createExperiment(db: Db, boss: PgBoss, raw: CreateExperimentInput, by: { userId: string }): Promise<{ id: string }> {
  const parsed = createExperimentSchema.safeParse(raw);
  if (!parsed.success) throw zodToUserError(parsed.error);
  const input = parsed.data;
  const now = await databaseNow(db);
  // A version in the future would change as items are added: a version must be a fixed past.
  if (input.datasetVersion && input.datasetVersion.getTime() > now.getTime()) {
    throw new UserError('The dataset version cannot be in the future', { datasetVersion: 'Pick a time in the past or "Latest"' });
  }
  const version = input.datasetVersion ?? now;

  const { problems, fieldErrors } = await validateExperiment(db, { datasetId: input.datasetId, version, config: input.config, latest: !input.datasetVersion });
  if (problems.length) throw new UserError(problems.join('; '), fieldErrors);

  const quotas = await getQuotas(db);
  const variants = experimentVariants(input.config);
  const runsPerItem = input.config.repetitions * variants.length;
  const items = await itemsForQuota(db, quotas, { datasetId: input.datasetId, version, runsPerItem });
  const maxTokens = Math.max(...variants.map((v) => v.params.maxTokens ?? -1));
  const overQuota = checkQuotas(quotas, { repetitions: input.config.repetitions, variants: variants.length, maxTokens: maxTokens < 0 ? undefined : maxTokens, items });
  if (overQuota) throw overQuota;
  // Without max tokens a provider may answer at the model's full length: the quota is the cap.
  const config = input.config.params.maxTokens === undefined && quotas.maxTokens !== null
    ? { ...input.config, params: { ...input.config.params, maxTokens: quotas.maxTokens } }
    : input.config;

  const nameTaken = () => new UserError(`An experiment named "${input.name}" already exists in this dataset`, { name: 'Name is taken' }, 409);
  const taken = await db.select({ id: experiments.id }).from(experiments)
    .where(and(eq(experiments.datasetId, input.datasetId), eq(experiments.name, input.name)));
  if (taken.length) throw nameTaken();

  // Two identical creates at once both pass the check above: the unique index decides, and the
  // loser's job is rolled back with its row.
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(experiments).values({
      datasetId: input.datasetId,
      datasetVersion: version,
      name: input.name,
      description: input.description,
      config,
      record: input.record,
      status: 'QUEUED',
      // The database's clock: the worker compares it with now() (ephemeral timeout).
      clientSeenAt: input.record ? null : sql`now()`,
      createdBy: by.userId,
    }).returning({ id: experiments.id });
    await tx.insert(variantsTable).values(experimentVariants(config).map((v) => ({
      experimentId: row.id, variant: v.index, name: v.name, providerConnectionId: v.providerConnectionId, model: v.model,
    })));
    const busy = await checkConcurrency(tx, quotas, { ownerId: by.userId, actorId: by.userId });
    if (busy) throw busy;
    await sendJob(boss, 'experiment-run', { experimentId: row.id }, { tx });
    // Workers hear of it when it commits; the job is the fallback should no worker be listening.
    await notifyExperiment(tx, { kind: 'queued', id: row.id });
    return { id: row.id };
  }).catch((err: unknown) => {
    throw isUniqueViolation(err, 'experiments_dataset_name_uq') ? nameTaken() : err;
  });
}

/**
 * The item count the runs quota needs, read no further than the quota (a dataset far larger than
 * any quota costs no more to create than one at the limit). Only a refusal counts exactly, so its
 * message names the real size. Without a runs quota nothing is counted: the worker plans the total.
 */
async function itemsForQuota(db: Db, quotas: Quotas, p: { datasetId: string; version: Date; runsPerItem: number }): Promise<number> {
  if (quotas.maxItemsPerExperiment === null) return 0;
  const cap = Math.floor(quotas.maxItemsPerExperiment / p.runsPerItem);
  const upTo = await countItemsUpTo(db, p.datasetId, p.version, cap);
  return upTo > cap ? countItemsAt(db, p.datasetId, p.version) : upTo;
}
