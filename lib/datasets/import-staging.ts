import crypto from 'node:crypto';
import { sql } from 'drizzle-orm';
import type { DbOrTx } from '../db/client';
import { datasetItems } from '../db/schema';

/**
 * An import's rows wait in a temporary table (dropped with the transaction) and move into
 * dataset_items in one statement once the whole file has been read. Why not insert straight into
 * dataset_items inside the transaction: created_at is the clock when a row is written and an
 * import can take minutes, so a dataset version taken meanwhile (an experiment created then) would
 * later gain rows stamped before it. Moving them at the end shrinks that window to one statement.
 */
export async function createImportStaging(tx: DbOrTx) {
  const table = sql.identifier(`import_rows_${crypto.randomBytes(6).toString('hex')}`);
  await tx.execute(sql`create temp table ${table} (
    n bigint generated always as identity, input jsonb not null, expected_output jsonb, metadata jsonb not null
  ) on commit drop`);
  return {
    /** `itemsJson`: a JSON array of `[input, expectedOutput, metadata]` triples, in file order. */
    add: async (itemsJson: string) => {
      await tx.execute(sql`insert into ${table} (input, expected_output, metadata)
        select value -> 0, nullif(value -> 1, 'null'::jsonb), value -> 2
        from jsonb_array_elements(${itemsJson}::jsonb) with ordinality order by ordinality`);
    },
    publish: async (datasetId: string) => {
      await tx.execute(sql`insert into ${datasetItems} (dataset_id, input, expected_output, metadata)
        select ${datasetId}::uuid, input, expected_output, metadata from ${table} order by n`);
    },
  };
}
