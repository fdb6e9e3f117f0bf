import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { createTestDb, untilDatabaseTimePasses, type TestDb } from '../helpers/db';
import { waitFor } from '../helpers/processes';
import { countItemsAt, createDataset, itemsPage } from '../../lib/datasets/items';
import { databaseNow } from '../../lib/db/now';
import { importItems } from '../../lib/datasets/import';
import { UploadRejectedError } from '../../lib/datasets/upload-limits';
import { DEFAULT_UPLOAD_LIMITS, LIMITS } from '../../lib/limits';

let t: TestDb;
beforeAll(async () => { t = await createTestDb(); });
afterAll(async () => { await t?.drop(); });

const csvMapping = { input: ['question'], expected: ['answer'], metadata: [] };

async function* csvRows(n: number, opts: { after?: (row: number) => Promise<void> | void } = {}) {
  yield 'question,answer\n';
  for (let i = 0; i < n; i++) {
    await opts.after?.(i);
    yield `"What is ${i} + 1?",${i + 1}\n`;
  }
}

async function* once(text: string) {
  yield text;
}

async function itemCount(datasetId: string) {
  return countItemsAt(t.db, datasetId, await databaseNow(t.db));
}

async function stagingTables() {
  const rows = await t.db.execute<{ n: number }>(sql`select count(*)::int as n from pg_class where relname like 'import_rows_%'`);
  return Number(rows[0].n);
}

describe('uploads are all or nothing (real PostgreSQL)', () => {
  it('a source that fails after 2,500 rows leaves no rows at all', async () => {
    const ds = await createDataset(t.db, { name: 'fails-half-way' });
    async function* failing() {
      for await (const chunk of csvRows(2_500)) yield chunk;
      throw new Error('connection to the browser lost');
    }
    await expect(importItems(t.db, { datasetId: ds.id, source: failing(), format: 'csv', mapping: csvMapping }))
      .rejects.toThrow('connection to the browser lost');
    expect(await itemCount(ds.id)).toBe(0);
    expect(await stagingTables()).toBe(0);
  });

  it('a database error after thousands of staged rows leaves no rows, and the next import works', async () => {
    const ds = await createDataset(t.db, { name: 'database-error' });
    // A real failure inside PostgreSQL, raised only for the 2,999th row of the file.
    await t.db.execute(sql.raw(`
      create function refuse_row() returns trigger language plpgsql as $$
      begin
        if new.input ->> 'question' = 'What is 2998 + 1?' then raise exception 'disk full (simulated)'; end if;
        return new;
      end $$;
      create trigger refuse_row before insert on dataset_items for each row execute function refuse_row();`));
    try {
      await expect(importItems(t.db, { datasetId: ds.id, source: csvRows(5_000), format: 'csv', mapping: csvMapping }))
        .rejects.toMatchObject({ cause: { message: 'disk full (simulated)' } });
      expect(await itemCount(ds.id)).toBe(0);
      expect(await stagingTables()).toBe(0);
    } finally {
      await t.db.execute(sql.raw('drop trigger refuse_row on dataset_items; drop function refuse_row();'));
    }
    const report = await importItems(t.db, { datasetId: ds.id, source: csvRows(10), format: 'csv', mapping: csvMapping });
    expect(report).toEqual({ inserted: 10, errorCount: 0, errors: [] });
    expect(await itemCount(ds.id)).toBe(10);
  });

  it('keeps the per-line report: good rows land, bad lines and oversized items are reported', async () => {
    const ds = await createDataset(t.db, { name: 'per-line' });
    const text = ['question,answer', 'a,1', 'broken', `${'x'.repeat(600 * 1024)},2`, `${'x'.repeat(LIMITS.itemBytes)},2`, '"b, quoted",3'].join('\n');
    const report = await importItems(t.db, { datasetId: ds.id, source: once(text), format: 'csv', mapping: csvMapping });
    expect(report).toEqual({
      inserted: 2, errorCount: 3, errors: [
        { line: 3, error: 'expected 2 fields, found 1' },
        { line: 4, error: 'the item is 600 KB; the limit is 512 KB' },
        { line: 5, error: 'the item is 524,323 bytes; the limit is 524,288 bytes (512 KB)' },
      ],
    });
    const items = await itemsPage(t.db, { datasetId: ds.id, version: await databaseNow(t.db), limit: 10 });
    expect(items.map((i) => [i.input, i.expectedOutput])).toEqual([[{ question: 'a' }, { answer: '1' }], [{ question: 'b, quoted' }, { answer: '3' }]]);
  });

  it('reports values PostgreSQL cannot store as bad lines instead of failing the upload', async () => {
    const ds = await createDataset(t.db, { name: 'hostile-values' });
    const deep = `${'['.repeat(5_000)}${']'.repeat(5_000)}`;
    const text = ['{"q": "fine"}', '{"q": "nul \\u0000 here"}', '{"q": "half \\ud800 pair"}', `{"q": ${deep}}`, '{"q": "😀 also fine"}'].join('\n');
    const report = await importItems(t.db, { datasetId: ds.id, source: once(text), format: 'jsonl', mapping: { input: ['q'], expected: [], metadata: [] } });
    expect(report.inserted).toBe(2);
    expect(report.errors).toEqual([
      { line: 2, error: 'the item contains a NUL character (\\u0000), which cannot be stored' },
      { line: 3, error: expect.stringContaining('half of a surrogate pair') },
      { line: 4, error: 'the item is nested more than 100 levels deep (the limit)' },
    ]);
    expect(await itemCount(ds.id)).toBe(2);
  });

  it('an unclosed quote refuses the whole file (400) with the line where it opened; nothing lands', async () => {
    const ds = await createDataset(t.db, { name: 'unclosed-quote' });
    const text = 'question,answer\nfine,1\n"opens here,2\nstill,3\n';
    const err = await importItems(t.db, { datasetId: ds.id, source: once(text), format: 'csv', mapping: csvMapping }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UploadRejectedError);
    expect(err).toMatchObject({ status: 400, line: 3, message: 'Line 3: unclosed quote (the file ends inside the quoted field that opens on this line)' });
    expect(await itemCount(ds.id)).toBe(0);
  });

  it('an unclosed quote in a large file stops at the field limit, without reading on', async () => {
    const ds = await createDataset(t.db, { name: 'unclosed-quote-large' });
    let pulled = 0;
    async function* source() {
      yield 'question,answer\nfine,1\nfine,2\nfine,"never closed\n';
      const rows = 'more,3\n'.repeat(10_000);
      for (let i = 0; i < 10_000; i++) { pulled += rows.length; yield rows; } // 700 MB if read to the end
    }
    await expect(importItems(t.db, { datasetId: ds.id, source: source(), format: 'csv', mapping: csvMapping }))
      .rejects.toThrow('Line 4: unclosed quote, or a quoted field longer than 1 MB (a field may be at most 1 MB)');
    expect(pulled).toBeLessThan(2 * 1024 * 1024);
    expect(await itemCount(ds.id)).toBe(0);
  });

  it('the row limit refuses the file (413) at the first row past it; exactly the limit is fine', async () => {
    const ds = await createDataset(t.db, { name: 'row-limit' });
    const limits = { maxBytes: DEFAULT_UPLOAD_LIMITS.maxBytes, maxRows: 1_000 };
    const err = await importItems(t.db, { datasetId: ds.id, source: csvRows(1_001), format: 'csv', mapping: csvMapping, limits }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UploadRejectedError);
    expect(err).toMatchObject({ status: 413, message: 'Row 1,001 (line 1,002): more than 1,000 rows (the limit; set UPLOAD_MAX_ROWS to raise it)' });
    expect(await itemCount(ds.id)).toBe(0);
    const report = await importItems(t.db, { datasetId: ds.id, source: csvRows(1_000), format: 'csv', mapping: csvMapping, limits });
    expect(report.inserted).toBe(1_000);
  });

  it('the byte limit refuses a 1 GB upload (413) once passed, pulling only about the limit', async () => {
    const ds = await createDataset(t.db, { name: 'byte-limit' });
    const limits = { maxBytes: 4 * 1024 * 1024, maxRows: DEFAULT_UPLOAD_LIMITS.maxRows };
    const chunk = new TextEncoder().encode('"What is the capital of France?",Paris\n'.repeat(1680)); // ~64 KB
    let pulled = 0;
    async function* oneGigabyte() {
      yield new TextEncoder().encode('question,answer\n');
      while (pulled < 1024 ** 3) { pulled += chunk.byteLength; yield chunk; }
    }
    const err = await importItems(t.db, { datasetId: ds.id, source: oneGigabyte(), format: 'csv', mapping: csvMapping, limits }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UploadRejectedError);
    expect(err).toMatchObject({ status: 413, message: 'The upload is larger than 4 MB (the limit; set UPLOAD_MAX_BYTES to raise it)' });
    expect(pulled).toBeGreaterThan(limits.maxBytes - chunk.byteLength);
    expect(pulled).toBeLessThanOrEqual(limits.maxBytes + chunk.byteLength);
    expect(await itemCount(ds.id)).toBe(0);
  });

  it('a dataset version taken while an import runs never gains its rows', async () => {
    const ds = await createDataset(t.db, { name: 'version-during-import' });
    let release!: () => void;
    const gate = new Promise<void>((r) => { release = r; });
    let atGate = false;
    const importing = importItems(t.db, {
      datasetId: ds.id, format: 'csv', mapping: csvMapping,
      source: csvRows(2_500, { after: async (row) => { if (row === 2_000) { atGate = true; await gate; } } }),
    });
    // Two batches are written (and would be stamped before now if they went straight in).
    await waitFor(async () => {
      if (!atGate) return false;
      const rows = await t.db.execute<{ n: number }>(sql`select count(*)::int as n from pg_stat_activity
        where datname = current_database() and state like 'idle in transaction%'`);
      return Number(rows[0].n) === 1;
    }, { what: 'the import to wait mid-transaction' });
    const versionDuring = await databaseNow(t.db);
    await untilDatabaseTimePasses(t.db, versionDuring);
    release();
    expect((await importing).inserted).toBe(2_500);
    expect(await countItemsAt(t.db, ds.id, versionDuring)).toBe(0);
    expect(await itemCount(ds.id)).toBe(2_500);
  });
});
