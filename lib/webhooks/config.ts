// The webhook sender's settings from the environment; tests shrink the retry delay to run in seconds.
function num(name: string, fallback: number, min: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min) throw new Error(`${name} must be a number of at least ${min}, got "${raw}"`);
  return value;
}

export function webhookConfig() {
  return {
    // Attempt n (n >= 1) that fails waits base * 2^(n-1) before the next: 20, 40, 80, 160, 320 s
    // by default, so six attempts span about ten minutes.
    retryDelayMs: num('WEBHOOK_RETRY_DELAY_S', 20, 0) * 1000,
    maxAttempts: Math.floor(num('WEBHOOK_MAX_ATTEMPTS', 6, 1)),
    timeoutMs: num('WEBHOOK_TIMEOUT_MS', 10_000, 100),
    // How often the worker looks for deliveries queued by the trigger.
    scanMs: num('WEBHOOK_SCAN_MS', 1_000, 50),
  };
}
export type WebhookConfig = ReturnType<typeof webhookConfig>;

/** How long to wait after failed attempt `attempt` (1 = the first). */
export const retryDelayMs = (config: Pick<WebhookConfig, 'retryDelayMs'>, attempt: number) =>
  config.retryDelayMs * 2 ** Math.max(0, attempt - 1);
