import { beforeAll, describe, expect, it } from 'vitest';
import { createDataset, itemsPage } from '../../lib/datasets/items';
import { databaseNow } from '../../lib/db/now';
import { routeTestDatabase } from '../helpers/api';
import { config as proxyConfig } from '../../proxy';

/**
 * Large uploads through the upload route as the upload panel sends them: the file itself (a Blob)
 * as the body. Every row lands, in file order, with its content.
 */

const ROWS = 20_000;
const app = routeTestDatabase();
let POST: typeof import('../../app/api/datasets/[id]/upload/route').POST;
beforeAll(async () => {
  ({ POST } = await import('../../app/api/datasets/[id]/upload/route'));
});

function upload(datasetId: string, format: string, mapping: object, file: Blob, headers: Record<string, string> = {}) {
  const url = `http://localhost/api/datasets/${datasetId}/upload?${new URLSearchParams({ format, mapping: JSON.stringify(mapping) })}`;
  const req = new Request(url, { method: 'POST', body: file, headers: { ...app.auth, 'content-type': 'application/octet-stream', ...headers } });
  return POST(req, { params: Promise.resolve({ id: datasetId }) });
}

async function allItems(datasetId: string) {
  const version = await databaseNow(app.t.db);
  const out: Awaited<ReturnType<typeof itemsPage>> = [];
  for (let after: number | undefined; ;) {
    const page = await itemsPage(app.t.db, { datasetId, version, afterSeq: after, limit: 5000 });
    out.push(...page);
    if (page.length < 5000) return out;
    after = page.at(-1)!.seq!;
  }
}

const question = (i: number) => `Row ${i}: what is ${i} + ${i}? "quoted", and a comma`;

describe(`an upload of ${ROWS.toLocaleString('en-US')} rows`, () => {
  it('CSV: every row lands in file order with its columns mapped', async () => {
    const ds = await createDataset(app.t.db, { name: 'scale-csv' });
    const lines = ['id,question,answer,tag'];
    for (let i = 0; i < ROWS; i++) lines.push(`${i},"${question(i).replace(/"/g, '""')}",${2 * i},t${i % 3}`);
    const res = await upload(ds.id, 'csv', { input: ['question'], expected: ['answer'], metadata: ['tag'] }, new Blob([lines.join('\n') + '\n']));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ inserted: ROWS, errorCount: 0, errors: [] });
    const items = await allItems(ds.id);
    expect(items).toHaveLength(ROWS);
    for (const i of [0, 1, 9_999, ROWS - 1]) {
      expect(items[i]).toMatchObject({ input: { question: question(i) }, expectedOutput: { answer: String(2 * i) }, metadata: { tag: `t${i % 3}` } });
    }
  });

  it('JSONL: every line lands, a bad line is reported by number and the rest are kept', async () => {
    const ds = await createDataset(app.t.db, { name: 'scale-jsonl' });
    const lines: string[] = [];
    for (let i = 0; i < ROWS; i++) lines.push(i === 12_345 ? '{"question": broken' : JSON.stringify({ question: question(i), answer: 2 * i, n: i }));
    const res = await upload(ds.id, 'jsonl', { input: ['question'], expected: ['answer'], metadata: ['n'] }, new Blob([lines.join('\n')]));
    expect(res.status).toBe(200);
    const report = await res.json();
    expect(report).toMatchObject({ inserted: ROWS - 1, errorCount: 1 });
    expect(report.errors[0].line).toBe(12_346);
    const items = await allItems(ds.id);
    expect(items).toHaveLength(ROWS - 1);
    expect(items[ROWS - 2]).toMatchObject({ input: { question: question(ROWS - 1) }, expectedOutput: { answer: 2 * (ROWS - 1) }, metadata: { n: ROWS - 1 } });
    expect(items.map((it) => (it.metadata as { n: number }).n)).toEqual([...Array(ROWS).keys()].filter((i) => i !== 12_345));
  });
});

describe('the upload route outside the proxy', () => {
  it('is left out of the proxy (which would cut its body at 10 MB) and every other route is not', () => {
    const [matcher] = proxyConfig.matcher;
    const matches = (p: string) => new RegExp(`^${matcher}$`).test(p);
    expect(matches('/api/datasets/3fa85f64-5717-4562-b3fc-2c963f66afa6/upload')).toBe(false);
    for (const p of ['/api/datasets/3fa85f64-5717-4562-b3fc-2c963f66afa6', '/api/datasets/x/items', '/api/datasets/x/upload/more', '/datasets/x', '/api/experiments']) {
      expect(matches(p), p).toBe(true);
    }
  });

  it('makes the Host and cross-site checks itself', async () => {
    const ds = await createDataset(app.t.db, { name: 'scale-foreign' });
    const file = new Blob(['q\nhello\n']);
    const mapping = { input: ['q'], expected: [], metadata: [] };
    const foreignHost = await upload(ds.id, 'csv', mapping, file, { host: 'evil.example:3000' });
    expect(foreignHost.status).toBe(421);
    const crossSite = await upload(ds.id, 'csv', mapping, file, { origin: 'https://evil.example', 'sec-fetch-site': 'cross-site' });
    expect(crossSite.status).toBe(403);
    expect(await allItems(ds.id)).toHaveLength(0);
    const sameSite = await upload(ds.id, 'csv', mapping, file, { host: '127.0.0.1:3000', origin: 'http://127.0.0.1:3000', 'sec-fetch-site': 'same-origin' });
    expect(sameSite.status).toBe(200);
    expect(await allItems(ds.id)).toHaveLength(1);
  });
});
