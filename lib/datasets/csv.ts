import type { ParsedRecord } from './parse-upload';
import { formatBytes } from '../limits';
import { MAX_RECORD_CHARS, recordTooLarge, UploadRejectedError } from './upload-limits';

export interface CsvRow {
  /** Physical line (1-based) where the row starts; a quoted field may span more lines. */
  line: number;
  fields: string[];
  error?: string;
}

const COMMA = 44;
const QUOTE = 34;
const CR = 13;
const LF = 10;

const enum State { FieldStart, Unquoted, Quoted, QuoteInQuoted }

/**
 * Incremental RFC 4180 splitter: text goes in in arbitrary chunks (a chunk may end inside a quoted
 * field, between CR and LF, or between two quotes of an escaped ""), rows come out. Field text is
 * copied by slices, not per character, so tens of MB stay fast. Lenient where real files are
 * sloppy: a quote inside an unquoted field is kept literally; a lone CR ends a line.
 *
 * Memory is bounded: a row longer than MAX_RECORD_CHARS is reported as a bad row and its text is
 * dropped as it comes; a quoted field that long ends the whole upload (an unclosed quote would
 * otherwise swallow the rest of the file), pointing at the line where the quote opened.
 */
export class CsvSplitter {
  private fields: string[] = [];
  private field = '';
  private state = State.FieldStart;
  private line = 1;
  private rowLine = 1;
  private rowStarted = false;
  private rowError: string | undefined;
  private skipLF = false; // the previous chunk ended with the CR of a CRLF
  private rowChars = 0;
  private quotedChars = 0;
  private quoteLine = 1;
  private discarding = false; // the row is too long: its text is counted, not kept
  constructor(private readonly maxRecordChars = MAX_RECORD_CHARS) {}

  push(s: string, out: CsvRow[]): void {
    let i = 0;
    const n = s.length;
    if (n === 0) return;
    if (this.skipLF) {
      this.skipLF = false;
      if (s.charCodeAt(0) === LF) i = 1;
    }
    while (i < n) {
      switch (this.state) {
        case State.FieldStart:
          if (s.charCodeAt(i) === QUOTE) {
            this.state = State.Quoted;
            this.quoteLine = this.line;
            this.quotedChars = 0;
            this.rowStarted = true;
            i++;
            break;
          }
          this.state = State.Unquoted;
        // falls through
        case State.Unquoted: {
          let j = i;
          for (; j < n; j++) {
            const c = s.charCodeAt(j);
            if (c === COMMA || c === CR || c === LF) break;
          }
          if (j > i) {
            this.append(s.slice(i, j));
            this.rowStarted = true;
          }
          if (j === n) return;
          i = this.delimiter(s, j, out);
          break;
        }
        case State.Quoted: {
          const q = s.indexOf('"', i);
          const end = q === -1 ? n : q;
          const text = s.slice(i, end);
          this.countLines(text);
          this.append(text);
          if (q === -1) return;
          this.prevCR = false;
          this.state = State.QuoteInQuoted;
          i = q + 1;
          break;
        }
        case State.QuoteInQuoted: {
          const c = s.charCodeAt(i);
          if (c === QUOTE) {
            this.state = State.Quoted;
            this.append('"'); // "" is an escaped quote
            i++;
          } else if (c === COMMA || c === CR || c === LF) {
            i = this.delimiter(s, i, out);
          } else {
            this.rowError ??= `unexpected text after a closing quote`;
            this.state = State.Unquoted;
          }
          break;
        }
      }
    }
  }

  /** Flushes the last row (a file need not end with a newline). */
  finish(out: CsvRow[]): void {
    if (this.state === State.Quoted) {
      throw new UploadRejectedError('unclosed quote (the file ends inside the quoted field that opens on this line)', { line: this.quoteLine });
    } else if (this.rowStarted || this.fields.length > 0) {
      this.endRow(out);
    }
  }

  // Handles the comma, CR or LF at s[j]; returns the next index.
  private delimiter(s: string, j: number, out: CsvRow[]): number {
    const c = s.charCodeAt(j);
    this.state = State.FieldStart;
    if (c === COMMA) {
      if (!this.discarding) this.fields.push(this.field);
      this.field = '';
      this.grow(1); // a row of nothing but commas is bounded too
      this.rowStarted = true;
      return j + 1;
    }
    // A blank line is skipped rather than read as a one-field row.
    if (this.rowStarted || this.fields.length > 0) this.endRow(out);
    this.line++;
    this.rowLine = this.line;
    if (c === CR) {
      if (j + 1 < s.length) return s.charCodeAt(j + 1) === LF ? j + 2 : j + 1;
      this.skipLF = true;
    }
    return j + 1;
  }

  private endRow(out: CsvRow[]): void {
    this.fields.push(this.field);
    out.push(this.rowError ? { line: this.rowLine, fields: this.fields, error: this.rowError } : { line: this.rowLine, fields: this.fields });
    this.fields = [];
    this.field = '';
    this.rowStarted = false;
    this.rowError = undefined;
    this.rowChars = 0;
    this.discarding = false;
  }

  private append(text: string): void {
    if (this.state === State.Quoted) {
      this.quotedChars += text.length;
      if (this.quotedChars > this.maxRecordChars) {
        const max = formatBytes(this.maxRecordChars);
        throw new UploadRejectedError(`unclosed quote, or a quoted field longer than ${max} (a field may be at most ${max})`, { line: this.quoteLine });
      }
    }
    this.grow(text.length);
    if (!this.discarding) this.field += text;
  }

  private grow(n: number): void {
    this.rowChars += n;
    if (this.discarding || this.rowChars <= this.maxRecordChars) return;
    this.discarding = true;
    this.rowError = recordTooLarge('the row', this.maxRecordChars);
    this.fields = [];
    this.field = '';
  }

  // Line breaks inside quoted fields still advance the physical line count; a CRLF split across
  // two chunks counts once.
  private prevCR = false;
  private countLines(text: string): void {
    if (text.indexOf('\n') === -1 && text.indexOf('\r') === -1) {
      if (text.length > 0) this.prevCR = false;
      return;
    }
    for (let k = 0; k < text.length; k++) {
      const c = text.charCodeAt(k);
      if (c === CR || (c === LF && !this.prevCR)) this.line++;
      this.prevCR = c === CR;
    }
  }
}

/** CSV records: the first row is the header, values stay strings. */
export async function* parseCsv(texts: AsyncIterable<string>): AsyncGenerator<ParsedRecord> {
  const splitter = new CsvSplitter();
  let header: string[] | null = null;
  const rows: CsvRow[] = [];

  function* drain(): Generator<ParsedRecord, boolean> {
    for (const row of rows) {
      if (!header) {
        const problem = row.error ?? headerProblem(row.fields);
        if (problem) {
          yield { line: row.line, error: `header: ${problem}` };
          return false; // every row depends on the header, so stop here
        }
        header = row.fields.map((name, i) => name.trim() || `column_${i + 1}`);
        continue;
      }
      if (row.error) yield { line: row.line, error: row.error };
      else if (row.fields.length !== header.length) {
        yield { line: row.line, error: `expected ${header.length} fields, found ${row.fields.length}` };
      } else {
        // fromEntries defines own properties, so a column named __proto__ stays data.
        yield { line: row.line, record: Object.fromEntries(header.map((h, i) => [h, row.fields[i]])) };
      }
    }
    rows.length = 0;
    return true;
  }

  for await (const text of texts) {
    splitter.push(text, rows);
    if (!(yield* drain())) return;
  }
  splitter.finish(rows);
  yield* drain();
}

function headerProblem(names: string[]): string | undefined {
  const seen = new Set<string>();
  for (const raw of names) {
    const name = raw.trim();
    if (name && seen.has(name)) return `duplicate column "${name}"`;
    seen.add(name);
  }
  return undefined;
}
