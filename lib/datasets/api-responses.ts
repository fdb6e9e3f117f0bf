import { z } from 'zod';

/**
 * What the dataset routes answer (the OpenAPI document is generated from these; each handler
 * must return their input type). Dates are Date objects here and ISO strings on the wire.
 */

const id = z.uuid();
const time = z.date();

export const datasetSchema = z.object({
  id, name: z.string(), description: z.string(), createdAt: time,
  itemCount: z.number().int().meta({ description: 'Items active now (not archived)' }),
}).meta({ id: 'Dataset' });

export const datasetListRowSchema = z.object({
  id, name: z.string(), description: z.string(), createdAt: time,
  itemCount: z.number().int(),
  experimentCount: z.number().int().meta({ description: 'Recorded experiments only' }),
  lastExperimentAt: time.nullable().meta({ description: 'When the latest recorded experiment on it started' }),
}).meta({ id: 'DatasetListRow' });

export const datasetItemSchema = z.object({
  id, seq: z.number().int().meta({ description: 'Insertion order (stable)' }),
  input: z.unknown(), expectedOutput: z.unknown(), metadata: z.unknown(),
  replacesId: id.nullable().meta({ description: 'The item this one replaced when it was edited' }),
  createdAt: time, archivedAt: time.nullable(),
}).meta({ id: 'DatasetItem' });

export const itemsPageSchema = z.object({
  items: z.array(datasetItemSchema),
  version: time.meta({ description: 'The point in time the items are listed at' }),
  total: z.number().int(), page: z.number().int(), pageSize: z.number().int(), pages: z.number().int(),
});

export const datasetVersionsSchema = z.object({
  latest: z.object({ version: time, itemCount: z.number().int() }),
  versions: z.array(z.object({
    version: time.meta({ description: 'Pass as `version` to list the items as they were then' }),
    itemCount: z.number().int(),
    experiments: z.array(z.object({ id, name: z.string() })),
  })),
});

export const importReportSchema = z.object({
  inserted: z.number().int(),
  errors: z.array(z.object({ line: z.number().int(), error: z.string() })).meta({ description: 'The first 200 lines that could not be imported' }),
  errorCount: z.number().int(),
});
