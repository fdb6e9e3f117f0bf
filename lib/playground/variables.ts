import type { DbOrTx } from '../db/client';
import { countItemsAt, getDataset, itemsLackingVariables } from '../datasets/items';
import { databaseNow } from '../db/now';
import { NotFoundError } from '../errors';

export interface VariableCoverage {
  /** Items in the dataset version. */
  total: number;
  /** Per variable, how many of those items lack it (0 = every item provides it). */
  lacking: Record<string, number>;
}

/** How well a dataset version provides a template's variables (the playground's green/red chips). */
export async function variableCoverage(db: DbOrTx, p: { datasetId: string; version: Date | null; variables: string[] }): Promise<VariableCoverage> {
  if (!await getDataset(db, p.datasetId)) throw new NotFoundError('Dataset');
  const version = p.version ?? await databaseNow(db);
  const [total, lacking] = await Promise.all([
    countItemsAt(db, p.datasetId, version),
    itemsLackingVariables(db, p.datasetId, version, p.variables),
  ]);
  return { total, lacking };
}
