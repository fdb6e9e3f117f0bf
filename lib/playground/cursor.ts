/**
 * The position in an experiment's stream of run changes: the change time (UTC ISO with
 * microseconds, as PostgreSQL keeps it) and the run id that breaks ties. Opaque to the browser.
 */
export interface RunCursor { at: string; id: string }

const CURSOR = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?Z)~([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i;

export function encodeCursor(c: RunCursor): string {
  return `${c.at}~${c.id}`;
}

/** null for a missing or malformed cursor (the caller decides whether that is an error). */
export function decodeCursor(raw: string | null | undefined): RunCursor | null {
  if (!raw) return null;
  const m = CURSOR.exec(raw.trim());
  if (!m || Number.isNaN(Date.parse(m[1]))) return null;
  return { at: m[1], id: m[2].toLowerCase() };
}

/** Compares two cursors in stream order (time, then id); the ISO strings share one format. */
export function compareCursors(a: RunCursor, b: RunCursor): number {
  if (a.at !== b.at) return padMicros(a.at) < padMicros(b.at) ? -1 : 1;
  return a.id < b.id ? -1 : a.id > b.id ? 1 : 0;
}

// "…:05Z" and "…:05.1Z" sort correctly only with the fraction padded to six digits.
function padMicros(iso: string): string {
  const m = /^(.*?)(?:\.(\d{1,6}))?Z$/.exec(iso);
  return m ? `${m[1]}.${(m[2] ?? '').padEnd(6, '0')}Z` : iso;
}

/** The later of two encoded cursors (either may be null). */
export function laterCursor(a: string | null, b: string | null): string | null {
  const ca = decodeCursor(a), cb = decodeCursor(b);
  if (!ca) return cb ? b : null;
  if (!cb) return a;
  return compareCursors(ca, cb) >= 0 ? a : b;
}
