import { afterEach, describe, expect, it } from 'vitest';
import { retryDelayMs, webhookConfig } from './config';

const saved = { ...process.env };
afterEach(() => { process.env = { ...saved }; });

describe('webhook retry schedule', () => {
  it('by default, six attempts span about ten minutes (20 s doubling)', () => {
    delete process.env.WEBHOOK_RETRY_DELAY_S;
    delete process.env.WEBHOOK_MAX_ATTEMPTS;
    const config = webhookConfig();
    expect(config.maxAttempts).toBe(6);
    const waits = Array.from({ length: config.maxAttempts - 1 }, (_, i) => retryDelayMs(config, i + 1) / 1000);
    expect(waits).toEqual([20, 40, 80, 160, 320]);
    expect(waits.reduce((a, b) => a + b)).toBe(620);
  });

  it('reads its settings from the environment and names a bad one', () => {
    process.env.WEBHOOK_RETRY_DELAY_S = '0.5';
    process.env.WEBHOOK_TIMEOUT_MS = '2000';
    expect(webhookConfig()).toMatchObject({ retryDelayMs: 500, timeoutMs: 2000 });
    process.env.WEBHOOK_MAX_ATTEMPTS = '0';
    expect(() => webhookConfig()).toThrow('WEBHOOK_MAX_ATTEMPTS must be a number of at least 1, got "0"');
  });
});
