import { describe, expect, it } from 'vitest';
import { LIMITS } from '../limits';
import { CsvSplitter, type CsvRow } from './csv';
import { parseJsonl } from './jsonl';
import { parseRecords, type ParsedRecord } from './parse-upload';
import { addItemSchema } from './item-input';
import { capBytes, MAX_RECORD_CHARS, UploadRejectedError, utf8Length } from './upload-limits';

async function collect(gen: AsyncIterable<ParsedRecord>): Promise<ParsedRecord[]> {
  const out: ParsedRecord[] = [];
  for await (const r of gen) out.push(r);
  return out;
}

async function* pieces(parts: string[]): AsyncGenerator<string> {
  yield* parts;
}

function splitRows(text: string, max: number, size: number): CsvRow[] {
  const s = new CsvSplitter(max);
  const out: CsvRow[] = [];
  for (let i = 0; i < text.length; i += size) s.push(text.slice(i, i + size), out);
  s.finish(out);
  return out;
}

describe('capBytes', () => {
  it('stops pulling the source once past the limit, naming the limit and how to raise it', async () => {
    let pulled = 0;
    async function* endless() {
      for (;;) {
        pulled += 1024;
        yield new Uint8Array(1024);
      }
    }
    const read = async () => { for await (const chunk of capBytes(endless(), { maxBytes: 10_000, maxRows: 10 })) void chunk; };
    const err = await read().catch((e: unknown) => e);
    expect(err).toBeInstanceOf(UploadRejectedError);
    expect(err).toMatchObject({ status: 413, message: 'The upload is larger than 9.8 KB (the limit; set UPLOAD_MAX_BYTES to raise it)' });
    expect(pulled).toBe(10 * 1024);
  });

  it('counts strings in UTF-8 bytes', async () => {
    const read = async (s: string, maxBytes: number) => { for await (const c of capBytes(pieces([s]), { maxBytes, maxRows: 1 })) void c; };
    await expect(read('é😀', 6)).resolves.toBeUndefined();
    await expect(read('é😀', 5)).rejects.toThrow(UploadRejectedError);
  });

  it('utf8Length agrees with TextEncoder', () => {
    for (const s of ['', 'abc', 'é', '✓', '😀', 'a\u0000b', 'mixé ✓ 😀 end']) expect(utf8Length(s)).toBe(new TextEncoder().encode(s).length);
  });
});

describe('CSV record limit', () => {
  it('reports a row that is too long, keeps none of its text, and reads on', () => {
    const rows = splitRows(`a,b\n${'x'.repeat(500)},y\n1,${','.repeat(300)}\n2,3\n`, 100, 7);
    expect(rows).toEqual([
      { line: 1, fields: ['a', 'b'] },
      { line: 2, fields: [''], error: 'the row is longer than 100 bytes (a record may be at most 100 bytes)' },
      { line: 3, fields: [''], error: 'the row is longer than 100 bytes (a record may be at most 100 bytes)' },
      { line: 4, fields: ['2', '3'] },
    ]);
  });

  it('refuses a quoted field longer than the limit at the line where the quote opened', () => {
    const text = `a,b\n1,2\n3,"an unclosed quote\n4,5\n${'6,7\n'.repeat(100)}`;
    expect(() => splitRows(text, 100, 16)).toThrow(new UploadRejectedError('unclosed quote, or a quoted field longer than 100 bytes (a field may be at most 100 bytes)', { line: 3 }));
    // A long quoted field in a row that is already too long: still refused (the quote may never close).
    expect(() => splitRows(`${'z'.repeat(150)},"${'q'.repeat(150)}`, 100, 16)).toThrow(/^Line 1: unclosed quote, or a quoted field longer than 100 bytes/);
  });

  it('applies MAX_RECORD_CHARS by default (1 MB)', async () => {
    expect(MAX_RECORD_CHARS).toBe(2 * LIMITS.itemBytes);
    const huge = `"${'q'.repeat(MAX_RECORD_CHARS + 10)}`;
    await expect(collect(parseRecords(pieces(['a\n', huge.slice(0, 700_000), huge.slice(700_000)]), 'csv')))
      .rejects.toThrow('Line 2: unclosed quote, or a quoted field longer than 1 MB (a field may be at most 1 MB)');
  });
});

describe('JSONL record limit', () => {
  it('reports a line that is too long and reads the next ones', async () => {
    const text = ['{"a": 1}', `{"b": "${'x'.repeat(300)}"}`, '{"c": 3}'].join('\n');
    const parts = text.match(/[\s\S]{1,17}/g)!;
    expect(await collect(parseJsonl(pieces(parts), 100))).toEqual([
      { line: 1, record: { a: 1 } },
      { line: 2, error: 'the line is longer than 100 bytes (a record may be at most 100 bytes)' },
      { line: 3, record: { c: 3 } },
    ]);
    expect(await collect(parseJsonl(pieces(['{"a": 1}\n', 'y'.repeat(150)]), 100))).toEqual([
      { line: 1, record: { a: 1 } },
      { line: 2, error: 'the line is longer than 100 bytes (a record may be at most 100 bytes)' },
    ]);
  });
});

describe('items added one at a time', () => {
  it('must fit LIMITS.itemBytes, with the limit in the message', () => {
    const datasetId = '00000000-0000-4000-8000-000000000000';
    const fits = addItemSchema.safeParse({ datasetId, input: JSON.stringify({ q: 'x'.repeat(100_000) }) });
    expect(fits.success).toBe(true);
    // Three fields of ~190,000 characters each: every field is allowed, together they are not.
    const big = JSON.stringify({ q: 'é'.repeat(95_000) });
    const tooBig = addItemSchema.safeParse({ datasetId, input: big, expectedOutput: big, metadata: big });
    expect(tooBig.success).toBe(false);
    expect(tooBig.error?.issues[0].message).toBe('The item is 556.7 KB; the limit is 512 KB');
    const deep = addItemSchema.safeParse({ datasetId, input: `${'['.repeat(50_000)}${']'.repeat(50_000)}` });
    expect(deep.error?.issues[0].message).toBe('The item is nested more than 100 levels deep (the limit)');
  });
});
