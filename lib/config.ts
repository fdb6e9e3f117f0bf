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

export function runnerConfig() {
  return {
    maxConcurrency: num('RUNNER_MAX_CONCURRENCY', 20),
    callTimeoutMs: num('RUNNER_CALL_TIMEOUT_MS', 120_000),
    staleClaimMs: num('RUNNER_STALE_CLAIM_MS', 10 * 60_000),
    heartbeatMs: num('RUNNER_HEARTBEAT_MS', 0) || num('RUNNER_STALE_CLAIM_MS', 10 * 60_000) / 2,
    orphanScanMs: num('RUNNER_ORPHAN_SCAN_MS', 0) || num('RUNNER_STALE_CLAIM_MS', 10 * 60_000),
    orphanScanJitterMs: num('RUNNER_ORPHAN_SCAN_JITTER_MS', 5 * 60_000),
    claimCheckMs: num('RUNNER_CLAIM_CHECK_MS', 500),
    taskBatchSize: num('RUNNER_TASK_BATCH_SIZE', 50),
    retryBaseMs: num('RUNNER_RETRY_BASE_MS', 1000),
    ephemeralTimeoutMs: num('EPHEMERAL_HEARTBEAT_TIMEOUT_MS', 30_000),
    ephemeralRetentionMs: num('EPHEMERAL_RETENTION_MS', 24 * 3600_000),
    // Delayed evaluation retries wait 1..25 of these (minutes in production, shrunk by tests).
    evalRetryUnitMs: num('EVAL_RETRY_UNIT_MS', 60_000),
    evalRetryWindowMs: num('EVAL_RETRY_WINDOW_MS', 24 * 3600_000),
  };
}
export type RunnerConfig = ReturnType<typeof runnerConfig>;

export function simulatorBaseUrl(): string {
  return process.env.SIMULATOR_URL ?? `http://127.0.0.1:${num('SIMULATOR_PORT', 4010)}/v1`;
}
