import { jsonRoute } from '@/lib/server/route';
import { importItems } from '@/lib/datasets/import';
import { getDataset } from '@/lib/datasets/items';
import { columnMappingSchema } from '@/lib/datasets/column-mapping';
import { NotFoundError, UserError, zodToUserError } from '@/lib/errors';

export const dynamic = 'force-dynamic';

/**
 * POST the raw file as the body (streamed, not a 1 MB server action):
 * /api/datasets/:id/upload?format=csv|jsonl|json&mapping={"input":[..],"expected":[..],"metadata":[..]}
 * Answers { inserted, errorCount, errors: [{ line, error }] }; good rows are kept when some fail.
 */
export const POST = jsonRoute<{ id: string }>(async (req, { db }, { id }) => {
  const url = new URL(req.url);
  const format = url.searchParams.get('format');
  if (format !== 'csv' && format !== 'jsonl' && format !== 'json') throw new UserError('format must be csv, jsonl or json');
  let rawMapping: unknown;
  try {
    rawMapping = JSON.parse(url.searchParams.get('mapping') ?? 'null');
  } catch {
    throw new UserError('mapping must be JSON');
  }
  const mapping = columnMappingSchema.safeParse(rawMapping);
  if (!mapping.success) throw zodToUserError(mapping.error);
  if (!(await getDataset(db, id))) throw new NotFoundError('Dataset');
  if (!req.body) throw new UserError('The upload is empty');
  return importItems(db, { datasetId: id, source: req.body as unknown as AsyncIterable<Uint8Array>, format, mapping: mapping.data });
});
