'use server';

import { defineAction } from '@/lib/server/safe-action';
import { createDataset } from '@/lib/datasets/items';
import { assertDatasetNameFree } from '@/lib/datasets/queries';
import { newDatasetSchema } from '@/lib/datasets/api-schemas';

export const createDatasetAction = defineAction(newDatasetSchema, async (input, ctx) => {
  await assertDatasetNameFree(ctx.db, input.name);
  const row = await createDataset(ctx.db, input);
  return { id: row.id };
});
