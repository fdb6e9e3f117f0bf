/**
 * Is this a database error that goes away by itself (the server restarting, a dropped connection,
 * a deadlock), as opposed to one that the same statement would hit again (bad data, a bug)?
 * Drizzle wraps driver errors, so the cause chain is walked.
 */
const NETWORK_CODES = new Set([
  // postgres.js
  'CONNECTION_CLOSED', 'CONNECTION_ENDED', 'CONNECTION_DESTROYED', 'CONNECT_TIMEOUT',
  // Node sockets
  'ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ETIMEDOUT', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH',
]);

// SQLSTATEs: admin/crash shutdown, cannot connect now, too many connections, serialization
// failure, deadlock, lock not available, query canceled by a restart.
const TRANSIENT_SQLSTATES = new Set(['57P01', '57P02', '57P03', '53300', '40001', '40P01', '55P03', '57014']);

export function isTransientDbError(err: unknown): boolean {
  for (let e: unknown = err, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code !== 'string') continue;
    if (NETWORK_CODES.has(code) || TRANSIENT_SQLSTATES.has(code) || code.startsWith('08')) return true;
  }
  return false;
}
