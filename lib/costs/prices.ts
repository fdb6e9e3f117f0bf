// Model prices, shared by cost recording and the estimate. Amounts are US dollars per million tokens.
import { and, eq } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { modelPrices, providerConnections } from '../db/schema';
import { defaultPrice } from './default-prices';

export interface ModelPrice {
  inputPerMTok: number;
  /** Cached prompt tokens, when the provider discounts them; null = charged as input. */
  cachedInputPerMTok: number | null;
  outputPerMTok: number;
  /** When the price was last known to be right (ISO date), shown as "prices as of ...". */
  asOf: string;
}

/** The price a provider connection charges for `model`, or null when none is set ("no price set"). */
export async function findModelPrice(db: DbOrTx, providerConnectionId: string, model: string): Promise<ModelPrice | null> {
  const [row] = await db.select({ simulator: providerConnections.isSimulator, price: modelPrices })
    .from(providerConnections)
    .leftJoin(modelPrices, and(eq(modelPrices.providerConnectionId, providerConnections.id), eq(modelPrices.model, model)))
    .where(eq(providerConnections.id, providerConnectionId));
  if (!row) return null;
  // An explicit price (Settings) wins over the shipped default.
  if (row.price) return toModelPrice(row.price);
  return defaultPrice(model, { simulator: row.simulator });
}

export function toModelPrice(p: Pick<typeof modelPrices.$inferSelect, 'inputPerMTok' | 'cachedInputPerMTok' | 'outputPerMTok' | 'asOf'>): ModelPrice {
  return { inputPerMTok: p.inputPerMTok, cachedInputPerMTok: p.cachedInputPerMTok, outputPerMTok: p.outputPerMTok, asOf: p.asOf };
}

export const priceKey = (providerConnectionId: string, model: string) => `${providerConnectionId}\u0000${model}`;

/**
 * The prices of several (connection, model) pairs, read once (the runner does it when it claims an
 * experiment, so every call of that run is charged at the same price). Missing = no price set.
 */
export async function loadModelPrices(db: DbOrTx, pairs: { providerConnectionId: string; model: string }[]): Promise<Map<string, ModelPrice | null>> {
  const out = new Map<string, ModelPrice | null>();
  for (const p of pairs) {
    const key = priceKey(p.providerConnectionId, p.model);
    if (!out.has(key)) out.set(key, await findModelPrice(db, p.providerConnectionId, p.model));
  }
  return out;
}
