import { parseCsv } from './csv';
import { parseJsonArray } from './json-array';
import { parseJsonl } from './jsonl';

export type UploadFormat = 'csv' | 'jsonl' | 'json';

export interface ParsedRecord {
  /** The 1-based line where the record starts (the CSV header is line 1). */
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
 * Records of an uploaded file, one at a time, so no upload ever sits in memory as a whole, and
 * every record is bounded (MAX_RECORD_CHARS). Bad rows come out as `{line, error}` and parsing
 * continues, so the user sees every problem in one pass; a file that cannot be read on (an
 * unclosed quote, a JSON document that is not an array) throws an UploadRejectedError.
 */
export async function* parseRecords(
  source: AsyncIterable<string | Uint8Array>,
  format: UploadFormat,
): AsyncGenerator<ParsedRecord> {
  const texts = decodeChunks(source);
  if (format === 'csv') yield* parseCsv(texts);
  else if (format === 'jsonl') yield* parseJsonl(texts);
  else yield* parseJsonArray(texts);
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
