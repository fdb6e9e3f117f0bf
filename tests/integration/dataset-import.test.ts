import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTestDb, untilDatabaseTimePasses, type TestDb } from '../helpers/db';
import { createDataset, countItemsAt, editItem, archiveItem, itemsPage } from '../../lib/datasets/items';
import { databaseNow } from '../../lib/db/now';
import { importItems } from '../../lib/datasets/import';

let t: TestDb;
beforeAll(async () => { t = await createTestDb(); });
afterAll(async () => { await t?.drop(); });

async function* chunks(text: string, size: number) {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

describe('dataset import and versions (real PostgreSQL)', () => {
  it('imports a 100k-row CSV in batches, reporting bad lines and keeping the good ones', async () => {
    const ds = await createDataset(t.db, { name: 'big' });
    const lines = ['question,answer,source'];
    for (let i = 0; i < 100_000; i++) lines.push(i === 500 ? 'broken,row' : `"What is ${i} + 1?",${i + 1},gen`);
    const started = Date.now();
    const report = await importItems(t.db, {
      datasetId: ds.id, source: chunks(lines.join('\n'), 64 * 1024), format: 'csv',
      mapping: { input: ['question'], expected: ['answer'], metadata: ['source'] },
    });
    console.log(`imported ${report.inserted} rows in ${Date.now() - started} ms`);
    expect(report.inserted).toBe(99_999);
    expect(report.errorCount).toBe(1);
    expect(report.errors[0]).toEqual({ line: 502, error: expect.stringMatching(/expected 3 fields, found 2/) });
    expect(await countItemsAt(t.db, ds.id, await databaseNow(t.db))).toBe(99_999);
    const [first] = await itemsPage(t.db, { datasetId: ds.id, version: await databaseNow(t.db), limit: 1 });
    expect(first).toMatchObject({ input: { question: 'What is 0 + 1?' }, expectedOutput: { answer: '1' }, metadata: { source: 'gen' } });
  });

  it('rejects a mapping of columns the file lacks, with a clear message', async () => {
    const ds = await createDataset(t.db, { name: 'small' });
    await expect(importItems(t.db, {
      datasetId: ds.id, source: chunks('q,a\nx,y\n', 4), format: 'csv', mapping: { input: ['question'], expected: [], metadata: [] },
    })).rejects.toThrow('The file has no column "question"');
  });

  it('edits and archives never change an earlier version', async () => {
    const ds = await createDataset(t.db, { name: 'versions' });
    await importItems(t.db, { datasetId: ds.id, source: chunks('{"q":"a"}\n{"q":"b"}\n{"q":"c"}\n', 5), format: 'jsonl', mapping: { input: ['q'], expected: [], metadata: [] } });
    const v1 = await databaseNow(t.db);
    await untilDatabaseTimePasses(t.db, v1);
    const items = await itemsPage(t.db, { datasetId: ds.id, version: v1, limit: 10 });
    await editItem(t.db, items[0].id, { input: { q: 'a2' } });
    await archiveItem(t.db, items[1].id);
    const v2 = await databaseNow(t.db);
    const at = async (v: Date) => (await itemsPage(t.db, { datasetId: ds.id, version: v, limit: 10 })).map((i) => (i.input as { q: string }).q).sort();
    expect(await at(v1)).toEqual(['a', 'b', 'c']);
    expect(await at(v2)).toEqual(['a2', 'c']);
  });
});
