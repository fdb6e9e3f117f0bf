import type { DbOrTx } from '../db/client';
import { uploadLimits } from '../config';
import type { UploadLimits } from '../limits';
import { UserError } from '../errors';
import { mappingProblems, type ColumnMapping } from './column-mapping';
import { parseRecords, type UploadFormat } from './parse-upload';
import { itemFromRecord } from './record-item';
import { createImportStaging } from './import-staging';
import { capBytes, tooManyRows } from './upload-limits';

export interface ImportReport {
  inserted: number;
  /** Lines that could not be imported, with why (the first 200; `errorCount` has the total). */
  errors: { line: number; error: string }[];
  errorCount: number;
}

// A batch is sent when it has this many items or this many bytes, whichever comes first.
const BATCH_ITEMS = 1000;
const BATCH_BYTES = 4 * 1024 * 1024;
const MAX_REPORTED_ERRORS = 200;

/**
 * Streams an upload into dataset items, all or nothing: parse, map columns, stage in batches as
 * rows come (the file never sits in memory), and publish the items in the same transaction at the
 * end. A bad line (unreadable, no input value, too large) is reported with its number and the
 * good lines are kept; a failure of the whole upload (a limit passed, an unreadable file, a
 * dropped connection) rolls everything back, so there is never a partial import.
 */
export async function importItems(db: DbOrTx, p: {
  datasetId: string; source: AsyncIterable<string | Uint8Array>; format: UploadFormat; mapping: ColumnMapping;
  limits?: UploadLimits;
}): Promise<ImportReport> {
  const limits = p.limits ?? uploadLimits();
  return db.transaction(async (tx) => {
    const staging = await createImportStaging(tx);
    const report: ImportReport = { inserted: 0, errors: [], errorCount: 0 };
    const fail = (line: number, error: string) => {
      report.errorCount++;
      if (report.errors.length < MAX_REPORTED_ERRORS) report.errors.push({ line, error });
    };
    // One batch is written while the next is parsed; its failure surfaces at the next await.
    let inflight: Promise<void> = Promise.resolve();
    const send = async (json: string) => {
      await inflight;
      inflight = staging.add(json);
      inflight.catch(() => {}); // awaited later; this only keeps it from counting as unhandled
    };
    let batch: string[] = [];
    let batchBytes = 0;
    let rows = 0;
    let checkedColumns = false;
    try {
      for await (const rec of parseRecords(capBytes(p.source, limits), p.format)) {
        if (++rows > limits.maxRows) throw tooManyRows(rows, rec.line, limits);
        if (rec.error || !rec.record) { fail(rec.line, rec.error ?? 'unreadable line'); continue; }
        if (!checkedColumns && p.format === 'csv') {
          const problems = mappingProblems(p.mapping, Object.keys(rec.record));
          if (problems.length) throw new UserError(problems.join('; '));
          checkedColumns = true;
        }
        const item = itemFromRecord(rec.record, p.mapping);
        if (!item.ok) { fail(rec.line, item.problem); continue; }
        batch.push(item.text);
        batchBytes += item.bytes;
        report.inserted++;
        if (batch.length >= BATCH_ITEMS || batchBytes >= BATCH_BYTES) {
          await send(`[${batch.join(',')}]`);
          batch = [];
          batchBytes = 0;
        }
      }
      if (batch.length) await send(`[${batch.join(',')}]`);
    } catch (err) {
      await inflight.catch(() => {}); // let the write in flight settle before the rollback
      throw err;
    }
    await inflight;
    await staging.publish(p.datasetId);
    return report;
  });
}
