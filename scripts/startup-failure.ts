import { errorCauses, formatLogTail, ProcessFailure, type ProcessLog } from '../lib/log-tail';

/**
 * What `npm start` prints when a step fails: the step, the cause (with the causes it wraps), and
 * the last lines of the failing process's own log: the one the error carries (PostgreSQL that
 * would not start, a build, a web server that never answered), else PostgreSQL's when it runs
 * (a migration refused by the server is explained in its log).
 */
export function startupFailureReport(p: { stage: string; error: unknown; postgres?: ProcessLog }): string {
  const head = `[start] failed while ${p.stage}: ${errorCauses(p.error)}`;
  const log = p.error instanceof ProcessFailure ? p.error.log : p.postgres;
  return log ? `${head}\n${formatLogTail(log)}` : head;
}
