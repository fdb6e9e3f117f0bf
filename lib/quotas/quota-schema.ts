import { z } from 'zod';

/**
 * Admin-set quotas, client-safe (no server imports): the Settings form and the server check share
 * these names, defaults and bounds. `null` means no limit (the fixed caps of the experiment schema
 * still apply: 100 repetitions, 1,000,000 max tokens).
 */
export interface Quotas {
  /** Repetitions of each item in one experiment. */
  maxRepetitions: number | null;
  /** The `max_tokens` parameter of each call; an experiment that sets none runs with this. */
  maxTokens: number | null;
  /** Runs of one experiment: items at the chosen dataset version × repetitions. */
  maxItemsPerExperiment: number | null;
  /** QUEUED or RUNNING experiments of one user at a time (created or resumed). */
  maxConcurrentExperimentsPerUser: number | null;
}

/** In force until an admin saves quotas in Settings. */
export const DEFAULT_QUOTAS: Quotas = {
  maxRepetitions: 10,
  maxTokens: 16_384,
  maxItemsPerExperiment: 100_000,
  maxConcurrentExperimentsPerUser: 5,
};

/** How each quota is named in messages and in the Settings form. */
export const QUOTA_LABELS: Record<keyof Quotas, string> = {
  maxRepetitions: 'Repetitions',
  maxTokens: 'Max tokens',
  maxItemsPerExperiment: 'Items per experiment',
  maxConcurrentExperimentsPerUser: 'Concurrent experiments per user',
};

const fmt = (n: number) => n.toLocaleString('en-US');

const limit = (key: keyof Quotas, max: number) => {
  const message = `${QUOTA_LABELS[key]}: a whole number from 1 to ${fmt(max)}, or empty for no limit`;
  return z.number({ error: message }).int(message).min(1, message).max(max, message).nullable();
};

export const quotasSchema = z.object({
  maxRepetitions: limit('maxRepetitions', 100),
  maxTokens: limit('maxTokens', 1_000_000),
  maxItemsPerExperiment: limit('maxItemsPerExperiment', 100_000_000),
  maxConcurrentExperimentsPerUser: limit('maxConcurrentExperimentsPerUser', 10_000),
}) satisfies z.ZodType<Quotas>;
export type QuotasInput = z.input<typeof quotasSchema>;

export const QUOTA_HINT = 'an admin can change quotas in Settings';
