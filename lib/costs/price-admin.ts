// Price editing per provider connection (Settings and the JSON API): admins only, checked by the
// action/route wrapper. A price edit changes what later calls are charged, never a recorded cost.
import { and, asc, eq, sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { modelPrices, providerConnections } from '../db/schema';
import { NotFoundError, UserError } from '../errors';
import { defaultPrice, defaultPricedModels } from './default-prices';
import { toModelPrice } from './prices';
import { MAX_PRICES_PER_CONNECTION, type PriceRow } from './price-schema';
import type { z } from 'zod';
import type { deleteModelPriceSchema, setModelPriceSchema } from './price-schema';

async function connection(db: DbOrTx, id: string) {
  const [row] = await db.select({ id: providerConnections.id, simulator: providerConnections.isSimulator })
    .from(providerConnections).where(eq(providerConnections.id, id));
  if (!row) throw new NotFoundError('Provider connection');
  return row;
}

/** A connection's prices: its own, then the shipped defaults it has not overridden, by model name. */
export async function listConnectionPrices(db: DbOrTx, providerConnectionId: string): Promise<PriceRow[]> {
  const conn = await connection(db, providerConnectionId);
  const own = await db.select().from(modelPrices).where(eq(modelPrices.providerConnectionId, providerConnectionId)).orderBy(asc(modelPrices.model));
  const rows: PriceRow[] = own.map((p) => ({ model: p.model, ...toModelPrice(p), source: 'custom' }));
  const taken = new Set(rows.map((r) => r.model));
  for (const model of defaultPricedModels({ simulator: conn.simulator })) {
    if (!taken.has(model)) rows.push({ model, ...defaultPrice(model, { simulator: conn.simulator })!, source: 'default' });
  }
  return rows.sort((a, b) => a.model.localeCompare(b.model));
}

/** Sets (or replaces) one model's price on a connection. */
export async function setModelPrice(db: DbOrTx, input: z.infer<typeof setModelPriceSchema>, by: { userId: string } | null): Promise<PriceRow> {
  await connection(db, input.providerConnectionId);
  const values = {
    providerConnectionId: input.providerConnectionId, model: input.model, inputPerMTok: input.inputPerMTok,
    cachedInputPerMTok: input.cachedInputPerMTok, outputPerMTok: input.outputPerMTok, asOf: input.asOf, updatedBy: by?.userId ?? null,
  };
  // The cap is checked in the same statement as the insert (a replace never counts against it).
  const [row] = await db.insert(modelPrices).select(sql`select ${sql.join([
    sql`${values.providerConnectionId}::uuid`, sql`${values.model}`, sql`${values.inputPerMTok}::numeric`,
    sql`${values.cachedInputPerMTok}::numeric`, sql`${values.outputPerMTok}::numeric`, sql`${values.asOf}`, sql`${values.updatedBy}`, sql`now()`,
  ], sql`, `)} where (select count(*) from model_prices where provider_connection_id = ${values.providerConnectionId}
      and model <> ${values.model}) < ${MAX_PRICES_PER_CONNECTION}`)
    .onConflictDoUpdate({
      target: [modelPrices.providerConnectionId, modelPrices.model],
      set: { inputPerMTok: values.inputPerMTok, cachedInputPerMTok: values.cachedInputPerMTok, outputPerMTok: values.outputPerMTok, asOf: values.asOf, updatedBy: values.updatedBy, updatedAt: sql`now()` },
    })
    .returning();
  if (!row) throw new UserError(`A provider connection holds at most ${MAX_PRICES_PER_CONNECTION} prices; remove one first`);
  return { model: row.model, ...toModelPrice(row), source: 'custom' };
}

/** Removes a connection's own price for a model (a shipped default, if any, applies again). */
export async function deleteModelPrice(db: DbOrTx, input: z.infer<typeof deleteModelPriceSchema>): Promise<{ deleted: boolean }> {
  await connection(db, input.providerConnectionId);
  const rows = await db.delete(modelPrices)
    .where(and(eq(modelPrices.providerConnectionId, input.providerConnectionId), eq(modelPrices.model, input.model)))
    .returning({ model: modelPrices.model });
  return { deleted: rows.length > 0 };
}

