/**
 * What an export link says (format and filter) and what its download is called: pure, so the
 * experiment page builds its links with the same code the route reads them with.
 */

export const EXPORT_FORMATS = ['csv', 'jsonl'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export const EXPORT_CONTENT_TYPES: Record<ExportFormat, string> = {
  csv: 'text/csv; charset=utf-8',
  jsonl: 'application/x-ndjson',
};

export type ExportStatus = 'all' | 'succeeded' | 'failed';

export interface ExportFilter {
  status: ExportStatus;
  /** One variant (its number), or every one. */
  variant: number | null;
}

export const EXPORT_ALL: ExportFilter = { status: 'all', variant: null };

/** The route's address for this format and filter (the default parts left out). */
export function exportHref(experimentId: string, format: ExportFormat, filter: ExportFilter = EXPORT_ALL): string {
  const q = new URLSearchParams({ format });
  if (filter.status !== 'all') q.set('status', filter.status);
  if (filter.variant !== null) q.set('variant', String(filter.variant));
  return `/api/experiments/${encodeURIComponent(experimentId)}/export?${q}`;
}

const MAX_NAME_CHARS = 80;

/** "-failed-variant-2.csv": what sets this download apart from the whole export. */
function suffix(format: ExportFormat, filter: ExportFilter): string {
  const parts = [filter.status !== 'all' ? `-${filter.status}` : '', filter.variant !== null ? `-variant-${filter.variant}` : ''];
  return `${parts.join('')}.${format}`;
}

const isTrimmed = (c: string) => c === '-' || c === '.';

/**
 * The file name: the experiment's name reduced to letters, digits, dot, dash and underscore (safe
 * in a header and on every file system), then the filter, then the extension.
 */
export function exportFilename(experimentName: string, format: ExportFormat, filter: ExportFilter = EXPORT_ALL): string {
  const reduced = experimentName.normalize('NFKD').replace(/[\u0300-\u036f]/g, '')
    .replace(/[^A-Za-z0-9._-]+/g, '-').replace(/-{2,}/g, '-').slice(0, MAX_NAME_CHARS);
  // Trimmed by index, not by an end-anchored pattern (which backtracks on long runs of dashes).
  let from = 0;
  let to = reduced.length;
  while (from < to && isTrimmed(reduced[from])) from++;
  while (to > from && isTrimmed(reduced[to - 1])) to--;
  return `${reduced.slice(from, to) || 'experiment'}${suffix(format, filter)}`;
}

/**
 * `attachment` with the safe ASCII name, and the full name (UTF-8, RFC 6266 / 5987) for clients
 * that read `filename*`.
 */
export function contentDisposition(experimentName: string, format: ExportFormat, filter: ExportFilter = EXPORT_ALL): string {
  // By code point, and lone surrogates replaced: encodeURIComponent throws on half a pair.
  const name = Array.from(experimentName.replace(/[\uD800-\uDFFF]/gu, '\uFFFD')).slice(0, 200).join('');
  const full = `${name || 'experiment'}${suffix(format, filter)}`;
  const encoded = encodeURIComponent(full).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
  return `attachment; filename="${exportFilename(experimentName, format, filter)}"; filename*=UTF-8''${encoded}`;
}
