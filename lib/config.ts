import { DEFAULT_UPLOAD_LIMITS, type UploadLimits } from './limits';

// Process configuration from the environment. Every interval is configurable so tests run in seconds.
function num(name: string, fallback: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value)) throw new Error(`${name} must be a number, got "${raw}"`);
  return value;
}

export function databaseUrl(): string {
  const url = process.env.DATABASE_URL;
  if (!url) throw new Error('DATABASE_URL is not set (npm start sets it for the embedded database)');
  return url;
}

/** How long a worker's claim lasts without a heartbeat (the web side reads it to show "waiting for a worker"). */
export const leaseMs = () => num('RUNNER_LEASE_MS', 6_000);

export function runnerConfig() {
  const lease = leaseMs();
  return {
    maxConcurrency: num('RUNNER_MAX_CONCURRENCY', 20),
    callTimeoutMs: num('RUNNER_CALL_TIMEOUT_MS', 120_000),
    // A claim is a lease: the owner renews it every heartbeat; one older than this has no live
    // owner and is taken over. Recovery after a crash takes at most lease + scan period.
    leaseMs: lease,
    heartbeatMs: num('RUNNER_HEARTBEAT_MS', 0) || lease / 4,
    orphanScanMs: num('RUNNER_ORPHAN_SCAN_MS', 1_000),
    orphanScanJitterMs: num('RUNNER_ORPHAN_SCAN_JITTER_MS', 500),
    // DELAYED evaluations whose job should have run this long ago are rescheduled (and logged).
    repairScanMs: num('RUNNER_REPAIR_SCAN_MS', 30_000),
    // ...this long past their due time (a job in progress may be on a call for up to the call timeout).
    repairOverdueMs: num('RUNNER_REPAIR_OVERDUE_MS', 0) || num('RUNNER_CALL_TIMEOUT_MS', 120_000) + 60_000,
    claimCheckMs: num('RUNNER_CLAIM_CHECK_MS', 500),
    taskBatchSize: num('RUNNER_TASK_BATCH_SIZE', 50),
    retryBaseMs: num('RUNNER_RETRY_BASE_MS', 1000),
    ephemeralTimeoutMs: num('EPHEMERAL_HEARTBEAT_TIMEOUT_MS', 30_000),
    ephemeralRetentionMs: num('EPHEMERAL_RETENTION_MS', 24 * 3600_000),
    // Delayed evaluation retries wait 1..25 of these (minutes in production, shrunk by tests).
    evalRetryUnitMs: num('EVAL_RETRY_UNIT_MS', 60_000),
    evalRetryWindowMs: num('EVAL_RETRY_WINDOW_MS', 24 * 3600_000),
    // The call cache's size cap: past it, the least recently used answers are evicted (each minute).
    callCacheMaxBytes: num('CALL_CACHE_MAX_MB', 1024) * 1024 * 1024,
  };
}
export type RunnerConfig = ReturnType<typeof runnerConfig>;

export function simulatorBaseUrl(): string {
  return process.env.SIMULATOR_URL ?? `http://127.0.0.1:${num('SIMULATOR_PORT', 4010)}/v1`;
}

/** How large an upload may be; the upload route enforces these and the upload panel states them. */
export function uploadLimits(): UploadLimits {
  return {
    maxBytes: num('UPLOAD_MAX_BYTES', DEFAULT_UPLOAD_LIMITS.maxBytes),
    maxRows: num('UPLOAD_MAX_ROWS', DEFAULT_UPLOAD_LIMITS.maxRows),
  };
}

/**
 * The app's public URL (APP_URL): sign-in cookies, trusted origins and the Host check are derived
 * from it. Defaults to the local address `npm start` listens on.
 */
export function appUrl(): string {
  const fromEnv = process.env.APP_URL?.replace(/\/$/, '');
  if (fromEnv) return fromEnv;
  const host = process.env.HOST && process.env.HOST !== '0.0.0.0' ? process.env.HOST : '127.0.0.1';
  return `http://${host}:${num('PORT', 3000)}`;
}

/**
 * The Node flag of every plain Node process that loads a module marked `import 'server-only'` (the
 * worker, `npm start`, the scripts): without it that import throws, which is what keeps those modules
 * out of browser bundles. Next.js resolves the marker itself; `next` must not get this flag (its
 * server-side rendering needs React's full build, not the react-server one).
 */
export const SERVER_CONDITION = '--conditions=react-server';

/**
 * Node's arguments to run a TypeScript entry in Node itself, with tsx's loader and the server
 * condition. Spawn them with `process.execPath`, not through the tsx CLI: that one sits between
 * the caller and the program, relays a signal, waits 30 ms for the child to confirm it, then
 * SIGKILLs the child, so on a loaded machine a SIGTERM could skip the graceful shutdown.
 */
export function nodeTsArgs(entry: string, ...nodeFlags: string[]): string[] {
  return ['--import', 'tsx', SERVER_CONDITION, ...nodeFlags, entry];
}

/**
 * The worker's entry point with its node flags, for everything that starts one (npm start, the
 * tests, the bench). Its heap is capped (WORKER_HEAP_MB, default 256): V8 otherwise lets garbage
 * pile up to several hundred MB before collecting it, and a worker's live data is small (pages of
 * items, the calls in flight). An exhausted heap ends the process; its experiments are taken over.
 */
export function workerEntryArgs(): string[] {
  return nodeTsArgs('worker/main.ts', `--max-old-space-size=${num('WORKER_HEAP_MB', 256)}`);
}
