import { describe, expect, it } from 'vitest';
import { CsvSplitter, type CsvRow } from '../datasets/csv';
import { csvCell, csvRow, jsonCell } from './export-csv';
import { contentDisposition, exportFilename, exportHref } from './export-params';

/** The rows our own upload parser reads back from `text`. */
function readBack(text: string): string[][] {
  const out: CsvRow[] = [];
  const splitter = new CsvSplitter();
  splitter.push(text, out);
  splitter.finish(out);
  return out.map((r) => r.fields);
}

describe('CSV cells', () => {
  it('quotes every text cell and doubles the quotes inside', () => {
    expect(csvCell('plain')).toBe('"plain"');
    expect(csvCell('say "hi"')).toBe('"say ""hi"""');
    expect(csvCell('a,b')).toBe('"a,b"');
    expect(csvCell('line 1\r\nline 2\nline 3')).toBe('"line 1\r\nline 2\nline 3"');
    expect(csvCell('')).toBe('""');
  });

  it('writes numbers and booleans bare, and no value as an empty cell', () => {
    expect(csvCell(-0.5)).toBe('-0.5');
    expect(csvCell(12)).toBe('12');
    expect(csvCell(true)).toBe('true');
    expect(csvCell(null)).toBe('');
    expect(csvCell(undefined)).toBe('');
    expect(csvCell(Number.NaN)).toBe('');
  });

  it('puts a quote before text a spreadsheet would run as a formula', () => {
    for (const text of ['=1+1', '+1', '-2+3', '@SUM(A1)', '\t=cmd', '\r=cmd', '=HYPERLINK("http://x","y")']) {
      expect(csvCell(text), JSON.stringify(text)).toBe(`"'${text.replaceAll('"', '""')}"`);
    }
    // Only at the start: inside a cell these characters are plain text.
    expect(csvCell('a=1')).toBe('"a=1"');
    expect(csvCell(' =1')).toBe('" =1"');
  });

  it('ends a row with CRLF, and reads back cell for cell', () => {
    const row = csvRow(['id-1', 3, 'say "hi",\nbye', null, '', '=2*3', false]);
    expect(row.endsWith('\r\n')).toBe(true);
    expect(readBack(row + csvRow(['next']))).toEqual([['id-1', '3', 'say "hi",\nbye', '', '', "'=2*3", 'false'], ['next']]);
  });

  it('writes JSON values as compact JSON text, and text as itself', () => {
    expect(jsonCell({ question: 'What is 2 + 2?', tags: ['a', 'b'] })).toBe('{"question":"What is 2 + 2?","tags":["a","b"]}');
    expect(jsonCell([1, 2])).toBe('[1,2]');
    expect(jsonCell('the answer is 4')).toBe('the answer is 4');
    expect(jsonCell(4)).toBe(4);
    expect(jsonCell(null)).toBeNull();
    expect(readBack(csvRow([jsonCell({ q: 'a "quoted", comma' })]))).toEqual([['{"q":"a \\"quoted\\", comma"}']]);
  });
});

describe('export links and file names', () => {
  it('leaves the defaults out of the link', () => {
    expect(exportHref('e1', 'csv')).toBe('/api/experiments/e1/export?format=csv');
    expect(exportHref('e1', 'jsonl', { status: 'failed', variant: 2 })).toBe('/api/experiments/e1/export?format=jsonl&status=failed&variant=2');
  });

  it('makes a name safe for a header and a file system from any experiment name', () => {
    expect(exportFilename('gpt vs claude (v2)', 'csv')).toBe('gpt-vs-claude-v2.csv');
    expect(exportFilename('../../etc/passwd', 'jsonl')).toBe('etc-passwd.jsonl');
    expect(exportFilename('"; rm -rf /\r\nx', 'csv')).toBe('rm-rf-x.csv');
    expect(exportFilename('Über große Tests', 'csv', { status: 'succeeded', variant: 1 })).toBe('Uber-gro-e-Tests-succeeded-variant-1.csv');
    expect(exportFilename('日本語', 'csv')).toBe('experiment.csv');
    expect(exportFilename('-'.repeat(50_000), 'csv')).toBe('experiment.csv');
    expect(exportFilename('x'.repeat(500), 'csv')).toBe(`${'x'.repeat(80)}.csv`);
  });

  it('sends the full name as filename*, percent-encoded', () => {
    const header = contentDisposition('Über "tests"; 1', 'csv', { status: 'failed', variant: null });
    expect(header).toBe(`attachment; filename="Uber-tests-1-failed.csv"; filename*=UTF-8''%C3%9Cber%20%22tests%22%3B%201-failed.csv`);
    // A lone surrogate would make encodeURIComponent throw.
    expect(contentDisposition('bad \uD800 name', 'jsonl')).toContain("filename*=UTF-8''bad%20%EF%BF%BD%20name.jsonl");
  });
});
