/**
 * The CSV side of an export (RFC 4180): every text cell quoted, inner quotes doubled, rows ended
 * by CRLF. Numbers and booleans are written bare and a missing value as an empty cell, so an
 * empty string ("") and no value stay apart.
 *
 * Formula injection guard: a spreadsheet runs a cell that starts with = + - @ (or a tab or CR
 * before one) as a formula, and outputs and inputs are provider and user text. Such a text cell
 * gets a leading single quote ('=1+1), which spreadsheets show as text. Numbers we write ourselves
 * (a score of -0.5) are left alone: they cannot hold a formula.
 */

export type CsvValue = string | number | boolean | null | undefined;

const FORMULA_START = /^[=+\-@\t\r]/;

export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  const text = FORMULA_START.test(value) ? `'${value}` : value;
  return `"${text.replaceAll('"', '""')}"`;
}

export function csvRow(cells: readonly CsvValue[]): string {
  return `${cells.map(csvCell).join(',')}\r\n`;
}

/**
 * A JSON value as one cell: text as itself (an output the model wrote), numbers and booleans bare,
 * objects and arrays as compact JSON text.
 */
export function jsonCell(value: unknown): CsvValue {
  if (value === null || value === undefined) return null;
  if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') return value;
  return JSON.stringify(value);
}
