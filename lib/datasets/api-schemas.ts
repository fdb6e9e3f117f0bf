import { z } from 'zod';

/** Inputs that a server action and a route share. Client-safe: no server imports. */

export const datasetIdSchema = z.uuid({ message: 'Unknown dataset id' }).meta({ description: 'Dataset id' });

export const datasetRefSchema = z.object({ id: datasetIdSchema });

export const newDatasetSchema = z.object({
  name: z.string().trim().min(1, 'Name is required').max(200, 'Name is too long (200 characters at most)'),
  description: z.string().trim().max(2000, 'Description is too long (2,000 characters at most)').default(''),
});
