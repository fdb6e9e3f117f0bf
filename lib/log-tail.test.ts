import { describe, expect, it } from 'vitest';
import { errorCauses, formatLogTail, LOG_TAIL_LINE_CHARS, LogTail } from './log-tail';

describe('LogTail', () => {
  it('keeps the last lines, joining lines split across chunks and dropping blank ones', () => {
    const tail = new LogTail(3);
    tail.write('one\ntw');
    tail.write('o\r\n\n  \nthree\nfour\nfi');
    expect(tail.get()).toEqual(['three', 'four', 'fi']);
    tail.write('ve\n');
    expect(tail.get()).toEqual(['three', 'four', 'five']);
  });

  it('cuts a very long line, ended or not', () => {
    const tail = new LogTail();
    tail.write('x'.repeat(LOG_TAIL_LINE_CHARS * 3));
    tail.write('y'.repeat(LOG_TAIL_LINE_CHARS));
    const [line] = tail.get();
    expect(line).toHaveLength(LOG_TAIL_LINE_CHARS + 1);
    expect(line.endsWith('…')).toBe(true);
  });
});

describe('formatLogTail', () => {
  it('says whose lines they are and where the whole log is', () => {
    expect(formatLogTail({ name: 'PostgreSQL', lines: ['LOG: a', 'FATAL: b'], file: '.data/pg.log' })).toBe(
      '  last 2 lines of the PostgreSQL log (all of it in .data/pg.log):\n  | LOG: a\n  | FATAL: b');
    expect(formatLogTail({ name: 'web', lines: [] })).toBe('  (the web log is empty)');
  });
});

describe('errorCauses', () => {
  it('follows the cause chain, naming each message once', () => {
    const root = new Error('relation "x" already exists');
    const wrapped = new Error('Failed query: create table x', { cause: root });
    expect(errorCauses(wrapped)).toBe('Failed query: create table x; cause: relation "x" already exists');
    expect(errorCauses(new Error('same', { cause: new Error('same') }))).toBe('same');
    expect(errorCauses('plain text')).toBe('plain text');
    expect(errorCauses(undefined)).toBe('unknown error');
  });
});
