'use server';

import { defineAction } from '@/lib/server/safe-action';
import { archiveItem, editItem, getDataset, insertItems } from '@/lib/datasets/items';
import { addItemSchema, archiveItemSchema, editItemSchema } from '@/lib/datasets/item-input';
import { NotFoundError, UserError } from '@/lib/errors';
import type { RequestContext } from '@/lib/server/context';

const STALE = 'This item was edited or archived since the page loaded: reload to see its current version';

const datasetPage = ({ datasetId }: { datasetId: string }) => `/datasets/${datasetId}`;

async function requireDataset(ctx: RequestContext, id: string) {
  if (!(await getDataset(ctx.db, id))) throw new NotFoundError('Dataset');
}

export const addItemAction = defineAction(addItemSchema, async ({ datasetId, input, expectedOutput, metadata }, ctx) => {
  await requireDataset(ctx, datasetId);
  await insertItems(ctx.db, datasetId, [{ input, expectedOutput, metadata: metadata as Record<string, unknown> }]);
  return { added: 1 };
}, { revalidate: datasetPage });

/** Archives the old row and inserts the new one: versions before now keep the old item. */
export const editItemAction = defineAction(editItemSchema, async ({ datasetId, itemId, input, expectedOutput, metadata }, ctx) => {
  await requireDataset(ctx, datasetId);
  try {
    const created = await editItem(ctx.db, itemId, { input, expectedOutput, metadata: metadata as Record<string, unknown> });
    return { id: created.id };
  } catch (err) {
    // editItem throws a plain Error when the row is gone or already archived.
    if (err instanceof Error && /not found or already archived/.test(err.message)) throw new UserError(STALE);
    throw err;
  }
}, { revalidate: datasetPage });

export const archiveItemAction = defineAction(archiveItemSchema, async ({ datasetId, itemId }, ctx) => {
  await requireDataset(ctx, datasetId);
  if (!(await archiveItem(ctx.db, itemId))) throw new UserError(STALE);
  return { archived: 1 };
}, { revalidate: datasetPage });
