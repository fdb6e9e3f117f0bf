import { sql } from 'drizzle-orm';
import type { DbOrTx } from './client';
import { dbNowMs } from './schema';

/**
 * A commit-safe cursor for "what changed since" polls (the experiments table, the playground's
 * runs). Rows carry a change time written with clock_timestamp(), but a transaction that stamped
 * its rows earlier can commit later than a poll that already read past that time, so "the newest
 * time I saw" is not a safe place to resume. Instead a poll resumes from the HORIZON: the start of
 * the oldest transaction still open in this database when the poll began (or now, if none is).
 * Every row stamped before it was committed before the poll's read and so was visible to it; a
 * row stamped at or after it is read again by the next poll (merged by id, so the overlap costs
 * only bytes, and it is the few rows written during the last poll's instant). A fixed overlap
 * window would be simpler but is only right for transactions shorter than the window; this is
 * right for any transaction, up to HORIZON_MAX_LAG (see below).
 *
 * Position: (at, id), the keyset of the rows' (change time, id). A cursor that continues a
 * catch-up in pages also carries the horizon of the poll that began it, so the catch-up ends on
 * that horizon rather than on its last row.
 */
export interface ChangeCursor {
  /** UTC ISO time with microseconds, as PostgreSQL keeps it. */
  at: string;
  /** The row id that breaks ties at `at` (the nil uuid: every row at `at`). */
  id: string;
  /** Present on a page-continuation cursor: where this catch-up ends. */
  horizon?: string;
}

export const NIL_UUID = '00000000-0000-0000-0000-000000000000';

/**
 * A transaction open longer than this no longer holds the horizon back: a stuck session (an open
 * psql, a forgotten BEGIN) would otherwise make every poll re-send everything changed since it
 * began. The app's own writes are single short statements, far inside it.
 */
export const HORIZON_MAX_LAG_S = 300;

const ISO = String.raw`\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.\d{1,6})?Z`;
const UUID = '[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}';
const CURSOR = new RegExp(`^(${ISO})~(${UUID})(?:~(${ISO}))?$`, 'i');

export function encodeChangeCursor(c: ChangeCursor): string {
  return c.horizon ? `${c.at}~${c.id}~${c.horizon}` : `${c.at}~${c.id}`;
}

/** null for a missing or malformed cursor (the caller decides whether that is an error). */
export function decodeChangeCursor(raw: string | null | undefined): ChangeCursor | null {
  if (!raw) return null;
  const m = CURSOR.exec(raw.trim());
  if (!m || Number.isNaN(Date.parse(m[1])) || (m[3] && Number.isNaN(Date.parse(m[3])))) return null;
  return m[3] ? { at: m[1], id: m[2].toLowerCase(), horizon: m[3] } : { at: m[1], id: m[2].toLowerCase() };
}

/** A change time as text, to the microsecond (select it with this to put it in a cursor). */
export const isoMicros = (column: ReturnType<typeof sql>) =>
  sql`to_char(${column} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`;

/**
 * The start of the oldest transaction open in this database (other than this session's), or now.
 * Must be read BEFORE the rows it guards, in an earlier statement: a statement's snapshot is taken
 * when it starts, so a transaction that commits between that snapshot and a later look at
 * pg_stat_activity would be neither visible nor counted. Sessions of other roles show no
 * xact_start to a non-superuser; the app connects as one role, so its writers are all seen.
 */
export async function commitHorizon(db: DbOrTx): Promise<string> {
  return (await commitHorizonAndNow(db)).horizon;
}

/** commitHorizon, and the database's clock (to the millisecond) read with it: one round trip. */
export async function commitHorizonAndNow(db: DbOrTx): Promise<{ horizon: string; now: Date }> {
  const rows = await db.execute<{ horizon: string; now: string }>(sql`
    select ${isoMicros(sql`greatest(
      least(coalesce(min(a.xact_start), 'infinity'::timestamptz), clock_timestamp()),
      clock_timestamp() - make_interval(secs => ${HORIZON_MAX_LAG_S}))`)} as horizon,
      ${dbNowMs}::text as now
    from pg_stat_activity a
    where a.datname = current_database() and a.pid <> pg_backend_pid() and a.xact_start is not null
      and a.backend_type = 'client backend'`);
  return { horizon: rows[0].horizon, now: new Date(rows[0].now) };
}

/**
 * Where the next request starts, after a page of changes (in keyset order) read with `horizon`:
 * on from the last row while more follow, else back to the horizon (rows stamped after it are
 * read again: that is the overlap that makes late commits safe).
 */
export function nextChangeCursor(p: { horizon: string; more: boolean; last: { at: string; id: string } | null }): ChangeCursor {
  if (p.more && p.last) return { at: p.last.at, id: p.last.id, horizon: p.horizon };
  return { at: p.horizon, id: NIL_UUID };
}
