import type { DbOrTx } from '../db/client';
import { applyMapping, mappingProblems, type ColumnMapping } from './column-mapping';
import { parseRecords, type UploadFormat } from './parse-upload';
import { insertItems, type NewItem } from './items';
import { UserError } from '../errors';

export interface ImportReport {
  inserted: number;
  /** Lines that could not be imported, with why (the first 200; `errorCount` has the total). */
  errors: { line: number; error: string }[];
  errorCount: number;
}

const BATCH = 1000;
const MAX_REPORTED_ERRORS = 200;

/**
 * Streams an upload into dataset items: parse, map columns, insert in batches of 1,000. A bad line
 * is reported with its number and the good lines are kept (nothing is lost for one bad row), so a
 * 100k-row file never sits in memory whole.
 */
export async function importItems(db: DbOrTx, p: {
  datasetId: string; source: AsyncIterable<string | Uint8Array>; format: UploadFormat; mapping: ColumnMapping;
}): Promise<ImportReport> {
  const report: ImportReport = { inserted: 0, errors: [], errorCount: 0 };
  const fail = (line: number, error: string) => {
    report.errorCount++;
    if (report.errors.length < MAX_REPORTED_ERRORS) report.errors.push({ line, error });
  };
  let batch: NewItem[] = [];
  let checkedColumns = false;
  for await (const rec of parseRecords(p.source, p.format)) {
    if (rec.error || !rec.record) { fail(rec.line, rec.error ?? 'unreadable line'); continue; }
    if (!checkedColumns && p.format === 'csv') {
      const problems = mappingProblems(p.mapping, Object.keys(rec.record));
      if (problems.length) throw new UserError(problems.join('; '));
      checkedColumns = true;
    }
    const mapped = applyMapping(rec.record, p.mapping);
    if (Object.keys(mapped.input).length === 0) { fail(rec.line, 'no input field has a value'); continue; }
    batch.push({ input: mapped.input, expectedOutput: mapped.expectedOutput, metadata: mapped.metadata });
    if (batch.length >= BATCH) {
      report.inserted += await insertItems(db, p.datasetId, batch);
      batch = [];
    }
  }
  if (batch.length) report.inserted += await insertItems(db, p.datasetId, batch);
  return report;
}
