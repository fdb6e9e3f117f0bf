import type { ParsedRecord } from './parse-upload';

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
 * new chunk is searched for newlines, so a long line split over many chunks stays linear.
 */
export async function* parseJsonl(texts: AsyncIterable<string>): AsyncGenerator<ParsedRecord> {
  let pending = '';
  let line = 0;
  for await (const chunk of texts) {
    let start = 0;
    for (let nl = chunk.indexOf('\n'); nl !== -1; nl = chunk.indexOf('\n', start)) {
      const parsed = parseLine(pending + chunk.slice(start, nl), ++line);
      pending = '';
      start = nl + 1;
      if (parsed) yield parsed;
    }
    pending += chunk.slice(start);
  }
  const last = parseLine(pending, ++line);
  if (last) yield last;
}
