import { describe, expect, it } from 'vitest';
import { detectFormat, parseRecords, type ParsedRecord, type UploadFormat } from './parse-upload';
import { UploadRejectedError } from './upload-limits';

async function collect(gen: AsyncIterable<ParsedRecord>): Promise<ParsedRecord[]> {
  const out: ParsedRecord[] = [];
  for await (const r of gen) out.push(r);
  return out;
}

async function* stringChunks(text: string, size: number): AsyncGenerator<string> {
  for (let i = 0; i < text.length; i += size) yield text.slice(i, i + size);
}

// Byte chunks cut anywhere, including inside multi-byte UTF-8 characters.
async function* byteChunks(text: string, sizes: () => number): AsyncGenerator<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  for (let i = 0; i < bytes.length;) {
    const n = sizes();
    yield bytes.subarray(i, i + n);
    i += n;
  }
}

const parse = (text: string, format: UploadFormat) => collect(parseRecords(stringChunks(text, text.length || 1), format));

/** The same result for the whole text, every small string chunk size, and odd byte chunk sizes. */
async function parseEveryWay(text: string, format: UploadFormat): Promise<ParsedRecord[]> {
  const whole = await parse(text, format);
  for (let size = 1; size <= 7; size++) {
    expect(await collect(parseRecords(stringChunks(text, size), format))).toEqual(whole);
    expect(await collect(parseRecords(byteChunks(text, () => size), format))).toEqual(whole);
  }
  return whole;
}

describe('CSV', () => {
  it('handles quoted commas, escaped quotes, newlines in quotes, CRLF and a BOM', async () => {
    const text = '\uFEFFname,note,n\r\n"Smith, J","He said ""hi""\r\nthen left",1\r\nplain,,2\r\n"é ✓ 😀",x,3';
    expect(await parseEveryWay(text, 'csv')).toEqual([
      { line: 2, record: { name: 'Smith, J', note: 'He said "hi"\r\nthen left', n: '1' } },
      { line: 4, record: { name: 'plain', note: '', n: '2' } },
      { line: 5, record: { name: 'é ✓ 😀', note: 'x', n: '3' } },
    ]);
  });

  it('reports rows with the wrong number of fields and continues', async () => {
    expect(await parseEveryWay('a,b,c\n1,2,3\n1,2,3,4\n5,6\n7,8,9\n', 'csv')).toEqual([
      { line: 2, record: { a: '1', b: '2', c: '3' } },
      { line: 3, error: 'expected 3 fields, found 4' },
      { line: 4, error: 'expected 3 fields, found 2' },
      { line: 5, record: { a: '7', b: '8', c: '9' } },
    ]);
  });

  it('skips blank lines, accepts lone CR line ends and trailing empty fields', async () => {
    expect(await parseEveryWay('a,b\r\r\n1,\r\n\n"",2', 'csv')).toEqual([
      { line: 3, record: { a: '1', b: '' } },
      { line: 5, record: { a: '', b: '2' } },
    ]);
  });

  it('reports text after a closing quote as a bad row', async () => {
    expect(await parseEveryWay('a,b\n"x"y,1\n2,3\n', 'csv')).toEqual([
      { line: 2, error: 'unexpected text after a closing quote' },
      { line: 3, record: { a: '2', b: '3' } },
    ]);
  });

  it('refuses the whole file at an unclosed quote, naming the line where it opened', async () => {
    for (const size of [1, 3, 64]) {
      const rows = collect(parseRecords(stringChunks('a,b\n1,2\n2,"open\n3,4\n5,6', size), 'csv'));
      await expect(rows).rejects.toThrow(new UploadRejectedError('unclosed quote (the file ends inside the quoted field that opens on this line)', { line: 3 }));
      await expect(rows).rejects.toMatchObject({ line: 3, status: 400 });
    }
  });

  it('stops at a bad header, names blank header cells, keeps __proto__ as data', async () => {
    expect(await parse('id,id\n1,2\n', 'csv')).toEqual([{ line: 1, error: 'header: duplicate column "id"' }]);
    expect(await parse(' x ,,__proto__\n1,2,3', 'csv')).toEqual([{ line: 2, record: { x: '1', column_2: '2', ['__proto__']: '3' } }]);
    const [r] = await parse('__proto__\n{}', 'csv');
    expect(Object.getPrototypeOf(r.record)).toBe(Object.prototype);
    expect(Object.keys(r.record!)).toEqual(['__proto__']);
  });

  it('parses nothing from an empty file or a header alone', async () => {
    expect(await parse('', 'csv')).toEqual([]);
    expect(await parse('a,b\n', 'csv')).toEqual([]);
  });

  it('streams 100k rows fed in small chunks that split rows and quoted fields', async () => {
    const N = 100_000;
    const note = (i: number) => (i % 3 === 0 ? `multi\nline, "quoted" ${i}` : i % 3 === 1 ? `naïve ✓ ${i}` : `${i}`);
    const cell = (s: string) => (/[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s);
    const lines = ['id,note,flag'];
    for (let i = 0; i < N; i++) lines.push(`${i},${cell(note(i))},${i % 2 ? 'yes' : 'no'}`);
    const text = lines.join('\r\n') + '\r\n';

    let seed = 7;
    const size = () => 1 + ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % 97);
    let count = 0;
    let expectedLine = 2;
    for await (const r of parseRecords(byteChunks(text, size), 'csv')) {
      const i = count++;
      if (r.line !== expectedLine || r.record?.id !== String(i) || r.record?.note !== note(i) || r.record?.flag !== (i % 2 ? 'yes' : 'no')) {
        expect({ i, r }).toEqual({ i, r: { line: expectedLine, record: { id: String(i), note: note(i), flag: i % 2 ? 'yes' : 'no' } } });
      }
      expectedLine += i % 3 === 0 ? 2 : 1;
    }
    expect(count).toBe(N);
  });
});

describe('JSONL', () => {
  it('skips blank lines and reports bad lines by number, then continues', async () => {
    const text = '\uFEFF{"a":1}\n\n[1]\nnot json\n{"b":"é"}\r\n  {"c":3}  ';
    const out = await parseEveryWay(text, 'jsonl');
    expect(out.map((r) => r.line)).toEqual([1, 3, 4, 5, 6]);
    expect(out[0]).toEqual({ line: 1, record: { a: 1 } });
    expect(out[1]).toEqual({ line: 3, error: 'expected a JSON object, found an array' });
    expect(out[2].error).toMatch(/^invalid JSON: /);
    expect(out[3]).toEqual({ line: 5, record: { b: 'é' } });
    expect(out[4]).toEqual({ line: 6, record: { c: 3 } });
  });

  it('reports non-object values', async () => {
    expect(await parse('"s"\n3\nnull\n', 'jsonl')).toEqual([
      { line: 1, error: 'expected a JSON object, found a string' },
      { line: 2, error: 'expected a JSON object, found a number' },
      { line: 3, error: 'expected a JSON object, found null' },
    ]);
  });
});

describe('JSON', () => {
  it('reads a top-level array element by element, with errors per item and the line each starts on', async () => {
    expect(await parseEveryWay('[{"q": "a"}, 5, {"q": "b"}]', 'json')).toEqual([
      { line: 1, record: { q: 'a' } },
      { line: 1, error: 'item 2: expected a JSON object, found a number' },
      { line: 1, record: { q: 'b' } },
    ]);
    expect(await parseEveryWay('[\n  {"q": "a,]}\\"[{"},\n  {"a": 1,},\n  {"n": {"deep": [1, {"x": "]"}]}}\n]\n', 'json')).toEqual([
      { line: 2, record: { q: 'a,]}"[{' } },
      { line: 3, error: expect.stringMatching(/^item 2: invalid JSON: [^\n]+$/) },
      { line: 4, record: { n: { deep: [1, { x: ']' }] } } },
    ]);
  });

  it('reads {"items": [...]}, skipping other keys', async () => {
    expect(await parseEveryWay('{"name": "x", "meta": {"items": [1]}, "items": [{"x": 1}], "after": ["y"]}', 'json')).toEqual([{ line: 1, record: { x: 1 } }]);
    expect(await parse('{"it\\u0065ms": [{"x": 1}]}', 'json')).toEqual([{ line: 1, record: { x: 1 } }]);
    expect(await parse('[]', 'json')).toEqual([]);
  });

  it('refuses a document it cannot split into items, naming the line', async () => {
    const refused = (text: string) => collect(parseRecords(stringChunks(text, 2), 'json'));
    await expect(refused('{"rows": []}')).rejects.toThrow('Line 1: expected a JSON array of objects, or an object with an "items" array');
    await expect(refused('"text"')).rejects.toThrow('expected a JSON array of objects');
    await expect(refused('{"items": [1], "items": [2]}')).rejects.toThrow('the "items" key appears twice');
    await expect(refused('[{"question": "a"},\n{"question": ')).rejects.toThrow('Line 2: invalid JSON: the file ends inside item 2, which starts on this line');
    await expect(refused('[{"a": 1}, ')).rejects.toThrow('invalid JSON: the file ends before the document is closed');
    await expect(refused('[{"a": 1},\n,{"a": 2}]')).rejects.toThrow('Line 2: invalid JSON: an empty item (a stray comma)');
    await expect(refused('[{"a": 1},]')).rejects.toThrow('an empty item (a stray comma)');
    await expect(refused('[{"a": 1}]\n[{"a": 2}]')).rejects.toThrow('Line 2: invalid JSON: text after the end of the document');
    await expect(refused('')).rejects.toBeInstanceOf(UploadRejectedError);
  });
});

describe('detectFormat', () => {
  it('uses the extension, checked against the content', () => {
    expect(detectFormat('data.csv', 'a,b\n')).toBe('csv');
    expect(detectFormat('data.JSONL', '{"a":1}\n')).toBe('jsonl');
    expect(detectFormat('data.ndjson', '')).toBe('jsonl');
    expect(detectFormat('data.json', '[{"a":1}]')).toBe('json');
    expect(detectFormat('data.json', '{\n  "items": [')).toBe('json');
    expect(detectFormat('data.json', '{"items": [{"a": 1}]}')).toBe('json');
    expect(detectFormat('data.json', '{"a":1}\n{"a":2}\n')).toBe('jsonl');
    expect(detectFormat('data.json', '\uFEFF{"a":1}\n{"a":')).toBe('jsonl');
  });

  it('sniffs content without a known extension', () => {
    expect(detectFormat('upload', '  [ {"a": 1} ]')).toBe('json');
    expect(detectFormat('upload.txt', '{"a":1}\n{"a":2}')).toBe('jsonl');
    expect(detectFormat('upload.txt', 'question,answer\n')).toBe('csv');
  });
});
