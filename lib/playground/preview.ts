import type { DbOrTx } from '../db/client';
import { getDataset, itemsPage } from '../datasets/items';
import { databaseNow } from '../db/now';
import { NotFoundError } from '../errors';

export interface PreviewItem { id: string; input: unknown; expected: unknown }

/** The first few items of a dataset version, to preview the prompt rendered with real inputs. */
export async function previewItems(db: DbOrTx, p: { datasetId: string; version: Date | null; limit: number }): Promise<{ items: PreviewItem[] }> {
  if (!await getDataset(db, p.datasetId)) throw new NotFoundError('Dataset');
  const version = p.version ?? await databaseNow(db);
  const rows = await itemsPage(db, { datasetId: p.datasetId, version, limit: p.limit });
  return { items: rows.map((r) => ({ id: r.id, input: r.input, expected: r.expectedOutput })) };
}
