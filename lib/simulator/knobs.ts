// Runtime-adjustable behaviour of the simulator ("knobs"), settable at start, through
// setKnobs() or over HTTP (POST /_sim/knobs).

export type SimulatorKnobs = {
  /** Base latency of each chat completion. */
  latencyMs: number;
  /** Uniform ± jitter added to latencyMs (never below 0 ms in total). */
  jitterMs: number;
  /** Limit on chat completions (other endpoints are not limited); 0 = unlimited. */
  requestsPerMinute: number;
  /** Fraction (0..1) of chat completions answered 500/502/503. */
  errorRate: number;
  /** Fraction (0..1) of chat completions that never answer until the client disconnects. */
  hangRate: number;
  outage: boolean;
  /** Epoch ms; the simulator is in an outage while Date.now() is before it. */
  outageUntil: number | null;
  /** null = any key (or none) accepted. */
  requiredApiKey: string | null;
  /** Seeds the error/hang draws so a run's faults are repeatable. */
  seed: number;
  /** Send x-ratelimit-* headers with 429s, as OpenAI does; off = a provider that does not say its limit. */
  advertiseLimits: boolean;
  /** Send retry-after / retry-after-ms with 429s; off = a provider that never says when to come back. */
  sendRetryAfter: boolean;
};

export const DEFAULT_KNOBS: Readonly<SimulatorKnobs> = Object.freeze({
  latencyMs: 0,
  jitterMs: 0,
  requestsPerMinute: 0,
  errorRate: 0,
  hangRate: 0,
  outage: false,
  outageUntil: null,
  requiredApiKey: null,
  seed: 1,
  advertiseLimits: true,
  sendRetryAfter: true,
});

type Check = (v: unknown) => boolean;
const nonNegative: Check = (v) => typeof v === 'number' && Number.isFinite(v) && v >= 0;
const fraction: Check = (v) => typeof v === 'number' && v >= 0 && v <= 1;
const CHECKS: Record<keyof SimulatorKnobs, [Check, string]> = {
  latencyMs: [nonNegative, 'a number >= 0'],
  jitterMs: [nonNegative, 'a number >= 0'],
  requestsPerMinute: [nonNegative, 'a number >= 0'],
  errorRate: [fraction, 'a number in 0..1'],
  hangRate: [fraction, 'a number in 0..1'],
  outage: [(v) => typeof v === 'boolean', 'a boolean'],
  outageUntil: [(v) => v === null || nonNegative(v), 'epoch ms or null'],
  requiredApiKey: [(v) => v === null || (typeof v === 'string' && v !== ''), 'a string or null'],
  seed: [(v) => typeof v === 'number' && Number.isFinite(v), 'a number'],
  advertiseLimits: [(v) => typeof v === 'boolean', 'a boolean'],
  sendRetryAfter: [(v) => typeof v === 'boolean', 'a boolean'],
};

export class KnobError extends Error {}

/**
 * Validates a partial knob set. Undefined values are dropped (handy when spreading optional
 * env values); unknown names are rejected so a typo does not silently do nothing.
 */
export function normalizeKnobs(input: unknown): Partial<SimulatorKnobs> {
  if (!input || typeof input !== 'object' || Array.isArray(input)) {
    throw new KnobError('knobs must be a JSON object');
  }
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(input)) {
    if (value === undefined) continue;
    const check = CHECKS[key as keyof SimulatorKnobs];
    if (!check) throw new KnobError(`unknown knob: ${key}`);
    if (!check[0](value)) throw new KnobError(`knob ${key} must be ${check[1]}`);
    out[key] = value;
  }
  return out as Partial<SimulatorKnobs>;
}

/** Knobs from SIM_* environment variables; unset or empty variables are left out. */
export function knobsFromEnv(env: NodeJS.ProcessEnv = process.env): Partial<SimulatorKnobs> {
  const num = (name: string) => (env[name] ? Number(env[name]) : undefined);
  return normalizeKnobs({
    latencyMs: num('SIM_LATENCY_MS'),
    jitterMs: num('SIM_JITTER_MS'),
    requestsPerMinute: num('SIM_RPM'),
    errorRate: num('SIM_ERROR_RATE'),
    hangRate: num('SIM_HANG_RATE'),
    seed: num('SIM_SEED'),
    requiredApiKey: env.SIM_API_KEY || undefined,
  });
}
