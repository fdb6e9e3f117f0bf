import { beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'drizzle-orm';
import { countItemsAt, createDataset, itemsPage } from '../../lib/datasets/items';
import { databaseNow } from '../../lib/db/now';
import { DEFAULT_UPLOAD_LIMITS } from '../../lib/limits';
import { routeTestDatabase } from '../helpers/api';

// The route handler itself, as Next.js calls it, over the app's own database client.
const app = routeTestDatabase();
let POST: typeof import('../../app/api/datasets/[id]/upload/route').POST;
beforeAll(async () => {
  ({ POST } = await import('../../app/api/datasets/[id]/upload/route'));
});

const mapping = JSON.stringify({ input: ['q'], expected: [], metadata: [] });

// A request body read only as the route asks for it (no read-ahead of its own).
function streamOf(body: AsyncIterable<Uint8Array>): ReadableStream<Uint8Array> {
  const it = body[Symbol.asyncIterator]();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const next = await it.next();
      if (next.done) controller.close();
      else controller.enqueue(next.value);
    },
    async cancel() { await it.return?.(); },
  }, { highWaterMark: 0 });
}

function upload(datasetId: string, format: string, body: AsyncIterable<Uint8Array>, headers: Record<string, string> = {}) {
  const url = `http://localhost/api/datasets/${datasetId}/upload?${new URLSearchParams({ format, mapping })}`;
  const req = new Request(url, { method: 'POST', body: streamOf(body), headers: { ...app.auth, 'content-type': 'text/csv', ...headers }, duplex: 'half' } as RequestInit);
  return POST(req, { params: Promise.resolve({ id: datasetId }) });
}

async function* text(s: string) {
  yield new TextEncoder().encode(s);
}

async function itemCount(datasetId: string) {
  return countItemsAt(app.t.db, datasetId, await databaseNow(app.t.db));
}

describe('POST /api/datasets/:id/upload', () => {
  it('imports and answers the per-line report', async () => {
    const ds = await createDataset(app.t.db, { name: 'route-ok' });
    const res = await upload(ds.id, 'csv', text('q\n"a"\n"b"\n'));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ inserted: 2, errorCount: 0, errors: [] });
  });

  it('reports a row whose input cells are all empty by its line, and does not import it', async () => {
    const ds = await createDataset(app.t.db, { name: 'route-no-input' });
    const res = await upload(ds.id, 'csv', text('q,a\nfirst,1\n,2\n"  ",3\nlast,4\n'));
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      inserted: 2, errorCount: 2,
      errors: [{ line: 3, error: 'no input value' }, { line: 4, error: 'no input value' }],
    });
    const items = await itemsPage(app.t.db, { datasetId: ds.id, version: await databaseNow(app.t.db), limit: 10 });
    expect(items.map((i) => i.input)).toEqual([{ q: 'first' }, { q: 'last' }]);

    // JSON Lines alike: a record whose input key is absent, null or empty.
    const jsonl = await upload(ds.id, 'jsonl', text('{"q": "third"}\n{"a": 5}\n{"q": null}\n{"q": ""}\n'));
    expect(await jsonl.json()).toMatchObject({ inserted: 1, errorCount: 3, errors: [{ line: 2 }, { line: 3 }, { line: 4 }] });
    expect(await itemCount(ds.id)).toBe(3);
  });

  it('refuses a 1 GB body at the default 200 MB limit (413), reading only about 200 MB of it', async () => {
    const ds = await createDataset(app.t.db, { name: 'route-1gb' });
    const chunk = new TextEncoder().encode('x'.repeat(64 * 1024));
    let pulled = 0;
    async function* oneGigabyte() {
      yield new TextEncoder().encode('{"q": "the only good line"}\n');
      while (pulled < 1024 ** 3) { pulled += chunk.byteLength; yield chunk; } // one endless line after it
    }
    const res = await upload(ds.id, 'jsonl', oneGigabyte());
    expect(res.status).toBe(413);
    expect(await res.json()).toMatchObject({ error: 'The upload is larger than 200 MB (the limit; set UPLOAD_MAX_BYTES to raise it)' });
    // The request stream may read a few chunks ahead of the parser, never the gigabyte.
    expect(pulled).toBeGreaterThan(DEFAULT_UPLOAD_LIMITS.maxBytes - chunk.byteLength);
    expect(pulled).toBeLessThan(DEFAULT_UPLOAD_LIMITS.maxBytes + 8 * chunk.byteLength);
    expect(await itemCount(ds.id)).toBe(0);
  });

  it('refuses an announced size over the limit before reading a byte', async () => {
    const ds = await createDataset(app.t.db, { name: 'route-content-length' });
    let pulled = 0;
    async function* body() { pulled++; yield new Uint8Array(10); }
    const res = await upload(ds.id, 'csv', body(), { 'content-length': String(1024 ** 3) });
    expect(res.status).toBe(413);
    expect((await res.json()).error).toBe('The upload is larger than 200 MB (the limit; set UPLOAD_MAX_BYTES to raise it)');
    expect(pulled).toBe(0);
  });

  it('reads UPLOAD_MAX_ROWS and UPLOAD_MAX_BYTES from the environment', async () => {
    const ds = await createDataset(app.t.db, { name: 'route-env' });
    process.env.UPLOAD_MAX_ROWS = '3';
    process.env.UPLOAD_MAX_BYTES = '1000';
    try {
      const rows = await upload(ds.id, 'csv', text('q\n1\n2\n3\n4\n'));
      expect(rows.status).toBe(413);
      expect((await rows.json()).error).toBe('Row 4 (line 5): more than 3 rows (the limit; set UPLOAD_MAX_ROWS to raise it)');
      const bytes = await upload(ds.id, 'csv', text(`q\n${'x'.repeat(1000)}\n`));
      expect(bytes.status).toBe(413);
      expect((await bytes.json()).error).toBe('The upload is larger than 1000 bytes (the limit; set UPLOAD_MAX_BYTES to raise it)');
    } finally {
      delete process.env.UPLOAD_MAX_ROWS;
      delete process.env.UPLOAD_MAX_BYTES;
    }
    expect(await itemCount(ds.id)).toBe(0);
  });

  it('answers 400 with the line for an unclosed quote, and nothing lands', async () => {
    const ds = await createDataset(app.t.db, { name: 'route-quote' });
    const res = await upload(ds.id, 'csv', text('q\ngood\n"open\nmore\n'));
    expect(res.status).toBe(400);
    expect((await res.json()).error).toBe('Line 3: unclosed quote (the file ends inside the quoted field that opens on this line)');
    expect(await itemCount(ds.id)).toBe(0);
  });

  it('answers 500 with a message when the database fails, and nothing lands', async () => {
    const ds = await createDataset(app.t.db, { name: 'route-db-error' });
    await app.t.db.execute(sql.raw(`
      create function refuse_all() returns trigger language plpgsql as $$ begin raise exception 'disk full (simulated)'; end $$;
      create trigger refuse_all before insert on dataset_items for each row execute function refuse_all();`));
    try {
      const res = await upload(ds.id, 'csv', text('q\na\nb\n'));
      expect(res.status).toBe(500);
      expect((await res.json()).error).toBe('The import failed on the server (the error has been logged); nothing was imported, try again.');
    } finally {
      await app.t.db.execute(sql.raw('drop trigger refuse_all on dataset_items; drop function refuse_all();'));
    }
    expect(await itemCount(ds.id)).toBe(0);
  });
});
