import type { ParsedRecord } from './parse-upload';
import { toRecord } from './jsonl';
import { MAX_RECORD_CHARS, recordTooLarge, UploadRejectedError } from './upload-limits';

/** One element of the items array, as text to JSON.parse; null when it was too long to keep. */
export interface JsonArrayItem { line: number; index: number; text: string | null }

const enum Phase { Start, Object, Array, Done }

const LF = 10, CR = 13, SPACE = 32, TAB = 9;
const QUOTE = 34, BACKSLASH = 92, COMMA = 44, COLON = 58;
const LBRACKET = 91, RBRACKET = 93, LBRACE = 123, RBRACE = 125;
const MAX_KEY_CHARS = 64; // only "items" matters; longer keys are skipped, not kept

const NOT_AN_ARRAY = 'expected a JSON array of objects, or an object with an "items" array';

/**
 * Streams the elements of a JSON document's items array (`[...]` or `{"items": [...]}`) without
 * holding the document: one pass over the text, tracking only string/escape state, nesting depth
 * and the element being read (at most `maxRecordChars`; a longer element is counted, not kept).
 * Each element is then checked by JSON.parse, so a bad element is one bad item, not a lost file.
 * What cannot be split into elements (no array, a stray comma, the file ending early) is thrown
 * as an UploadRejectedError naming the line.
 */
export class JsonArraySplitter {
  private phase = Phase.Start;
  private depth = 0;
  private arrayDepth = 0;
  private inString = false;
  private escaped = false;
  private line = 1;
  // The element being read.
  private parts: string[] = [];
  private chars = 0;
  private started = false;
  private tooLong = false;
  private itemLine = 1;
  private index = 0;
  // `{"items": [...]}`: which key of the top-level object is being read.
  private keyExpected = false;
  private readingKey = false;
  private keyRaw: string | null = '';
  private valueOfItems = false;
  private foundItems = false;

  constructor(private readonly maxRecordChars = MAX_RECORD_CHARS) {}

  push(s: string, out: JsonArrayItem[]): void {
    let seg = this.phase === Phase.Array ? 0 : -1; // where the element's text in `s` starts
    for (let i = 0; i < s.length; i++) {
      const c = s.charCodeAt(i);
      if (c === LF) this.line++;
      if (this.inString) {
        if (this.escaped) this.escaped = false;
        else if (c === BACKSLASH) this.escaped = true;
        else if (c === QUOTE) { this.inString = false; if (this.readingKey) this.readingKey = false; continue; }
        if (this.readingKey && this.keyRaw !== null) this.keyRaw = this.keyRaw.length < MAX_KEY_CHARS ? this.keyRaw + s[i] : null;
        continue;
      }
      if (c === SPACE || c === LF || c === CR || c === TAB) continue;
      switch (this.phase) {
        case Phase.Start:
          if (c === LBRACKET) {
            this.phase = Phase.Array;
            this.depth = this.arrayDepth = 1;
            seg = i + 1;
          } else if (c === LBRACE) {
            this.phase = Phase.Object;
            this.depth = 1;
            this.keyExpected = true;
          } else {
            throw new UploadRejectedError(NOT_AN_ARRAY, { line: this.line });
          }
          break;
        case Phase.Array:
          if (this.depth === this.arrayDepth) {
            if (c === COMMA || c === RBRACKET) {
              this.addText(s.slice(seg, i));
              this.endItem(out, c === RBRACKET);
              seg = i + 1;
              if (c === RBRACKET) {
                this.depth--;
                this.phase = this.depth === 0 ? Phase.Done : Phase.Object;
                seg = -1;
              }
              break;
            }
            if (c === RBRACE) throw new UploadRejectedError('invalid JSON: unexpected "}" in the array', { line: this.line });
          }
          if (!this.started) {
            this.started = true;
            this.itemLine = this.line;
          }
          this.nest(c);
          break;
        case Phase.Object: {
          const seen = this.depth === 1 ? this.topLevelObjectChar(c) : 'value';
          if (seen === 'items') seg = i + 1;
          else if (seen === 'value') this.nest(c);
          break;
        }
        case Phase.Done:
          throw new UploadRejectedError('invalid JSON: text after the end of the document', { line: this.line });
      }
    }
    if (seg !== -1 && this.phase === Phase.Array) this.addText(s.slice(seg));
  }

  /** Throws when the document ended early or had no items array. */
  finish(): void {
    if (this.phase === Phase.Done) return;
    if (this.phase === Phase.Start || (this.phase === Phase.Object && !this.foundItems)) {
      throw new UploadRejectedError(NOT_AN_ARRAY, { line: this.line });
    }
    if (this.phase === Phase.Array && this.started) {
      throw new UploadRejectedError(`invalid JSON: the file ends inside item ${this.index + 1}, which starts on this line`, { line: this.itemLine });
    }
    throw new UploadRejectedError('invalid JSON: the file ends before the document is closed', { line: this.line });
  }

  private nest(c: number): void {
    if (c === QUOTE) this.inString = true;
    else if (c === LBRACE || c === LBRACKET) this.depth++;
    else if (c === RBRACE || c === RBRACKET) this.depth--;
  }

  /**
   * A character directly inside the top-level object: part of its structure, the opening of the
   * items array, or the start of another key's value (read on as any nested value).
   */
  private topLevelObjectChar(c: number): 'structure' | 'items' | 'value' {
    if (c === QUOTE && this.keyExpected) {
      this.inString = this.readingKey = true;
      this.keyExpected = false;
      this.keyRaw = '';
      return 'structure';
    }
    if (c === COLON) {
      this.valueOfItems = this.keyRaw !== null && decodeKey(this.keyRaw) === 'items';
      return 'structure';
    }
    if (c === COMMA) {
      this.keyExpected = true;
      return 'structure';
    }
    if (c === RBRACE) {
      if (!this.foundItems) throw new UploadRejectedError(NOT_AN_ARRAY, { line: this.line });
      this.depth = 0;
      this.phase = Phase.Done;
      return 'structure';
    }
    const itemsArray = this.valueOfItems && c === LBRACKET;
    this.valueOfItems = false;
    if (!itemsArray) return 'value';
    if (this.foundItems) throw new UploadRejectedError('the "items" key appears twice', { line: this.line });
    this.foundItems = true;
    this.phase = Phase.Array;
    this.depth = this.arrayDepth = 2;
    return 'items';
  }

  private addText(text: string): void {
    if (this.tooLong || text.length === 0) return;
    this.chars += text.length;
    if (this.chars > this.maxRecordChars) {
      this.tooLong = true;
      this.parts = [];
    } else {
      this.parts.push(text);
    }
  }

  private endItem(out: JsonArrayItem[], closing: boolean): void {
    if (!this.started) {
      if (closing && this.index === 0) return; // []
      throw new UploadRejectedError('invalid JSON: an empty item (a stray comma)', { line: this.line });
    }
    this.index++;
    out.push({ line: this.itemLine, index: this.index, text: this.tooLong ? null : this.parts.join('').trim() });
    this.parts = [];
    this.chars = 0;
    this.started = false;
    this.tooLong = false;
  }
}

function decodeKey(raw: string): string | null {
  try {
    return JSON.parse(`"${raw}"`) as string;
  } catch {
    return null;
  }
}

/** Records of a JSON document: `[{...}, ...]` or `{"items": [{...}, ...]}`, element by element. */
export async function* parseJsonArray(texts: AsyncIterable<string>, maxRecordChars = MAX_RECORD_CHARS): AsyncGenerator<ParsedRecord> {
  const splitter = new JsonArraySplitter(maxRecordChars);
  const items: JsonArrayItem[] = [];
  for await (const text of texts) {
    splitter.push(text, items);
    for (const item of items) yield toParsed(item, maxRecordChars);
    items.length = 0;
  }
  splitter.finish();
}

function toParsed(item: JsonArrayItem, maxRecordChars: number): ParsedRecord {
  const { line, index } = item;
  if (item.text === null) return { line, error: `item ${index}: ${recordTooLarge('the item', maxRecordChars)}` };
  let value: unknown;
  try {
    value = JSON.parse(item.text);
  } catch (err) {
    // V8 quotes the offending text in some messages, newlines included: keep the error one line.
    const message = (err instanceof Error ? err.message : String(err)).replace(/\s+/g, ' ');
    return { line, error: `item ${index}: invalid JSON: ${message}` };
  }
  const result = toRecord(value);
  return 'record' in result ? { line, record: result.record } : { line, error: `item ${index}: ${result.error}` };
}
