import type { ParsedRecord } from './parse-upload';
import { MAX_RECORD_CHARS, recordTooLarge } from './upload-limits';

/** What a JSON value is, for error messages. */
export function jsonKind(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'an array';
  return typeof value === 'object' ? 'an object' : `a ${typeof value}`;
}

export function toRecord(value: unknown): { record: Record<string, unknown> } | { error: string } {
  if (value !== null && typeof value === 'object' && !Array.isArray(value)) return { record: value as Record<string, unknown> };
  return { error: `expected a JSON object, found ${jsonKind(value)}` };
}

function parseLine(text: string, line: number): ParsedRecord | null {
  const trimmed = text.trim(); // also drops the CR of CRLF
  if (trimmed === '') return null;
  try {
    const result = toRecord(JSON.parse(trimmed));
    return 'record' in result ? { line, record: result.record } : { line, error: result.error };
  } catch (err) {
    return { line, error: `invalid JSON: ${err instanceof Error ? err.message : String(err)}` };
  }
}

/**
 * JSON Lines: one object per line, blank lines skipped, a bad line reported and skipped. Only the
 * new chunk is searched for newlines, so a long line split over many chunks stays linear. A line
 * longer than `maxRecordChars` is reported and its text dropped as it comes, so memory stays bounded.
 */
export async function* parseJsonl(texts: AsyncIterable<string>, maxRecordChars = MAX_RECORD_CHARS): AsyncGenerator<ParsedRecord> {
  let pending = '';
  let tooLong = false;
  let line = 0;
  const end = (rest: string): ParsedRecord | null => {
    line++;
    const parsed = tooLong || pending.length + rest.length > maxRecordChars
      ? { line, error: recordTooLarge('the line', maxRecordChars) }
      : parseLine(pending + rest, line);
    pending = '';
    tooLong = false;
    return parsed;
  };
  for await (const chunk of texts) {
    let start = 0;
    for (let nl = chunk.indexOf('\n'); nl !== -1; nl = chunk.indexOf('\n', start)) {
      const parsed = end(chunk.slice(start, nl));
      start = nl + 1;
      if (parsed) yield parsed;
    }
    if (tooLong) continue;
    const rest = chunk.slice(start);
    if (pending.length + rest.length > maxRecordChars) {
      tooLong = true;
      pending = '';
    } else {
      pending += rest;
    }
  }
  const last = end('');
  if (last) yield last;
}
