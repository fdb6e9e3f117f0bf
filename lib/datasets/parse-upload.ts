import { parseCsv } from './csv';
import { parseJsonl, toRecord } from './jsonl';

export type UploadFormat = 'csv' | 'jsonl' | 'json';

export interface ParsedRecord {
  /**
   * CSV and JSONL: the 1-based line where the record starts (the CSV header is line 1).
   * JSON: the 1-based position of the item in the array, since JSON.parse keeps no positions.
   */
  line: number;
  record?: Record<string, unknown>;
  error?: string;
}

/**
 * Decodes UTF-8 byte chunks (a multi-byte character may be split between chunks) and drops a
 * leading BOM. Invalid bytes become U+FFFD rather than failing the whole upload.
 */
export async function* decodeChunks(source: AsyncIterable<string | Uint8Array>): AsyncGenerator<string> {
  const decoder = new TextDecoder('utf-8'); // strips a byte-order mark at the start of the stream
  let first = true;
  for await (const chunk of source) {
    let text = typeof chunk === 'string' ? decoder.decode() + chunk : decoder.decode(chunk, { stream: true });
    if (first && text.length > 0) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    if (text) yield text;
  }
  const rest = decoder.decode();
  if (rest) yield rest;
}

/**
 * Records of an uploaded file, one at a time, so 100k-row uploads never sit in memory as a whole
 * (except for `json`, which must be parsed at once). Bad rows come out as `{line, error}` and
 * parsing continues, so the user sees every problem in one pass.
 */
export async function* parseRecords(
  source: AsyncIterable<string | Uint8Array>,
  format: UploadFormat,
): AsyncGenerator<ParsedRecord> {
  const texts = decodeChunks(source);
  if (format === 'csv') yield* parseCsv(texts);
  else if (format === 'jsonl') yield* parseJsonl(texts);
  else yield* parseJsonDocument(texts);
}

/** A top-level array of objects, or `{"items": [...]}`. */
async function* parseJsonDocument(texts: AsyncIterable<string>): AsyncGenerator<ParsedRecord> {
  const parts: string[] = [];
  for await (const t of texts) parts.push(t);
  const text = parts.join('');
  let doc: unknown;
  try {
    doc = JSON.parse(text);
  } catch (err) {
    // V8 quotes the offending text in some messages, newlines included: keep the error one line.
    const message = (err instanceof Error ? err.message : String(err)).replace(/\s+/g, ' ');
    yield { line: errorLine(text, message), error: `invalid JSON: ${message}` };
    return;
  }
  const items = Array.isArray(doc) ? doc
    : doc !== null && typeof doc === 'object' && Array.isArray((doc as { items?: unknown }).items) ? (doc as { items: unknown[] }).items
    : null;
  if (!items) {
    yield { line: 1, error: 'expected a JSON array of objects, or an object with an "items" array' };
    return;
  }
  for (let i = 0; i < items.length; i++) {
    const result = toRecord(items[i]);
    yield 'record' in result ? { line: i + 1, record: result.record } : { line: i + 1, error: `item ${i + 1}: ${result.error}` };
  }
}

// V8 reports "... (line 3 column 5)" or "... at position 42"; either way, point at the line.
// Its "Unexpected token" messages carry no position, so those fall back to line 1.
function errorLine(text: string, message: string): number {
  const line = /\(line (\d+) column \d+\)/.exec(message);
  if (line) return Number(line[1]);
  const pos = /at position (\d+)/.exec(message);
  if (!pos) return 1;
  let n = 1;
  for (let i = 0, end = Math.min(Number(pos[1]), text.length); i < end; i++) if (text.charCodeAt(i) === 10) n++;
  return n;
}

/**
 * Format from the file name, checked against the first bytes: a `.json` file that is really JSON
 * Lines (a common mix-up) is read as JSONL. Without a known extension, content decides; CSV is the
 * fallback.
 */
export function detectFormat(filename: string, firstBytes: string): UploadFormat {
  const ext = /\.([a-z0-9]+)$/i.exec(filename)?.[1]?.toLowerCase();
  if (ext === 'jsonl' || ext === 'ndjson') return 'jsonl';
  if (ext === 'csv') return 'csv';
  const text = firstBytes.replace(/^\uFEFF/, '').trimStart();
  if (text.startsWith('[')) return 'json';
  if (text.startsWith('{')) return looksLikeJsonl(text) ? 'jsonl' : 'json';
  return ext === 'json' ? 'json' : 'csv';
}

function looksLikeJsonl(text: string): boolean {
  // An object closing at the end of a line and another opening on the next: never valid JSON.
  if (/\}[ \t]*\r?\n\s*\{/.test(text)) return true;
  const nl = text.indexOf('\n');
  try {
    const first: unknown = JSON.parse(nl === -1 ? text : text.slice(0, nl));
    // A one-line `{"items": [...]}` is a JSON document; any other complete one-line object is a record.
    return first !== null && typeof first === 'object' && !Array.isArray((first as { items?: unknown }).items);
  } catch {
    return false; // pretty-printed JSON, or a first line cut off by the sample
  }
}
