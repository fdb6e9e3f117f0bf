'use server';

import { z } from 'zod';
import { defineAction } from '@/lib/server/safe-action';
import { createDataset } from '@/lib/datasets/items';
import { assertDatasetNameFree } from '@/lib/datasets/queries';

const newDatasetSchema = z.object({
  name: z.string().trim().min(1, 'Name is required').max(200, 'Name is too long (200 characters at most)'),
  description: z.string().trim().max(2000, 'Description is too long (2,000 characters at most)').default(''),
});

export const createDatasetAction = defineAction(newDatasetSchema, async (input, ctx) => {
  await assertDatasetNameFree(ctx.db, input.name);
  const row = await createDataset(ctx.db, input);
  return { id: row.id };
});
