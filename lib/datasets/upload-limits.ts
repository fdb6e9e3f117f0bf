import { UserError } from '../errors';
import { formatBytes, LIMITS, type UploadLimits } from '../limits';

/**
 * Client-safe (the upload panel checks the same limits before sending). Three sizes bound an
 * upload: the whole file (UPLOAD_MAX_BYTES), its row count (UPLOAD_MAX_ROWS) and one record.
 */

/**
 * One record as read from the file (a CSV row, a JSONL line, one element of a JSON array), in
 * characters. Twice an item's limit, because a record may carry columns that are not imported;
 * it bounds the memory one record can take while it is read. The item itself is checked against
 * LIMITS.itemBytes once mapped.
 */
export const MAX_RECORD_CHARS = 2 * LIMITS.itemBytes;

const int = (n: number) => n.toLocaleString('en-US');

/**
 * A whole upload refused: nothing is imported. `line` is where the problem is, when there is one
 * place to point at. 413 for a limit passed, 400 for a file that cannot be read.
 */
export class UploadRejectedError extends UserError {
  readonly line: number | undefined;
  constructor(readonly reason: string, opts: { line?: number; status?: number } = {}) {
    super(opts.line === undefined ? reason : `Line ${int(opts.line)}: ${reason}`, {}, opts.status ?? 400);
    this.name = 'UploadRejectedError';
    this.line = opts.line;
  }
}

export function tooManyBytes(limits: UploadLimits): UploadRejectedError {
  return new UploadRejectedError(
    `The upload is larger than ${formatBytes(limits.maxBytes)} (the limit; set UPLOAD_MAX_BYTES to raise it)`, { status: 413 });
}

export function tooManyRows(row: number, line: number, limits: UploadLimits): UploadRejectedError {
  return new UploadRejectedError(
    `Row ${int(row)} (line ${int(line)}): more than ${int(limits.maxRows)} rows (the limit; set UPLOAD_MAX_ROWS to raise it)`, { status: 413 });
}

export function recordTooLarge(what: string, max = MAX_RECORD_CHARS): string {
  return `${what} is longer than ${formatBytes(max)} (a record may be at most ${formatBytes(max)})`;
}

/**
 * Passes chunks through and stops once more than `maxBytes` have come: the source is not read any
 * further (its iterator is closed), so a huge body is never read whole.
 */
export async function* capBytes<T extends string | Uint8Array>(source: AsyncIterable<T>, limits: UploadLimits): AsyncGenerator<T> {
  let total = 0;
  for await (const chunk of source) {
    total += typeof chunk === 'string' ? utf8Length(chunk) : chunk.byteLength;
    if (total > limits.maxBytes) throw tooManyBytes(limits);
    yield chunk;
  }
}

/** UTF-8 size of a string without encoding it (no Buffer: this module also runs in the browser). */
export function utf8Length(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xd800 && c <= 0xdfff) n += 1; // a surrogate pair: 4 bytes for 2 chars
    else if (c >= 0x800) n += 2;
    else if (c >= 0x80) n += 1;
  }
  return n;
}
