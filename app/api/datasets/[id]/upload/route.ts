import { z } from 'zod';
import { jsonRoute } from '@/lib/server/route';
import { importItems } from '@/lib/datasets/import';
import { getDataset } from '@/lib/datasets/items';
import { columnMappingSchema } from '@/lib/datasets/column-mapping';
import { tooManyBytes } from '@/lib/datasets/upload-limits';
import { uploadLimits } from '@/lib/config';
import { NotFoundError, UserError, zodToUserError } from '@/lib/errors';

export const dynamic = 'force-dynamic';

/**
 * POST the raw file as the body (streamed, not a 1 MB server action):
 * /api/datasets/:id/upload?format=csv|jsonl|json&mapping={"input":[..],"expected":[..],"metadata":[..]}
 * Answers { inserted, errorCount, errors: [{ line, error }] }: the good rows land, bad lines are
 * reported. When the upload as a whole fails nothing lands: 413 for a limit passed (UPLOAD_MAX_BYTES,
 * UPLOAD_MAX_ROWS), 400 for a file that cannot be read, 500 for a server fault.
 */
export const POST = jsonRoute<{ id: string }>(async (req, { db }, { id }) => {
  if (!z.uuid().safeParse(id).success) throw new NotFoundError('Dataset');
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
  const limits = uploadLimits();
  // Refused before reading a byte when the client announces the size; counted as read otherwise.
  if (Number(req.headers.get('content-length') ?? 0) > limits.maxBytes) throw tooManyBytes(limits);
  if (!(await getDataset(db, id))) throw new NotFoundError('Dataset');
  if (!req.body) throw new UserError('The upload is empty');
  try {
    return await importItems(db, { datasetId: id, source: req.body as unknown as AsyncIterable<Uint8Array>, format, mapping: mapping.data, limits });
  } catch (err) {
    if (err instanceof UserError) throw err;
    console.error('[upload] import failed', err);
    throw new UserError('The import failed on the server (the error has been logged); nothing was imported, try again.', {}, 500);
  }
});
