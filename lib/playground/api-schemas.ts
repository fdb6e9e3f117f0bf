import { z } from 'zod';

/** What the playground's helper routes answer. Client-safe: pure zod. */

export const previewItemsSchema = z.object({
  items: z.array(z.object({ id: z.uuid(), input: z.unknown(), expected: z.unknown() })),
});

export const variableCoverageSchema = z.object({
  total: z.number().int().meta({ description: 'Items in the dataset version' }),
  lacking: z.record(z.string(), z.number().int()).meta({ description: 'Per variable, how many items lack it' }),
});

export const providerModelsSchema = z.object({
  models: z.array(z.string()),
  error: z.string().nullable().meta({ description: 'Why no models could be listed' }),
});
