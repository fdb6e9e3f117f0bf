/**
 * The budget cap and call cache fields as the forms hold them (text and a mode), and how they turn
 * into the experiment config. Client-safe: the same messages as the config schema, shown inline.
 */
export type CallCacheMode = 'auto' | 'on' | 'off';
export const CALL_CACHE_MODES: readonly CallCacheMode[] = ['auto', 'on', 'off'];

export const CALL_CACHE_LABELS: Record<CallCacheMode, string> = {
  auto: 'Auto: temperature 0 with one repetition',
  on: 'On',
  off: 'Off',
};

export const CALL_CACHE_HINTS: Record<CallCacheMode, string> = {
  auto: 'Identical deterministic calls are answered from the cache, free.',
  on: 'Identical calls answered from the cache; repetitions after the first still call the model.',
  off: 'Every call goes to the provider.',
};

export const BUDGET_CAP_HINT = 'Optional: stops the experiment before it spends more (needs a price for its models).';

export const BUDGET_MAX_USD = 1_000_000;

export type BudgetParse = { ok: true; value: number | null } | { ok: false; error: string };

/** "", "5", "$5.00", "1,000" → the cap in dollars (null: none). */
export function parseBudgetText(text: string): BudgetParse {
  const cleaned = text.trim().replace(/^\$/, '').replaceAll(',', '').trim();
  if (cleaned === '') return { ok: true, value: null };
  const value = Number(cleaned);
  if (!Number.isFinite(value)) return { ok: false, error: 'The budget cap must be an amount in dollars, like 5 or 0.50' };
  if (value <= 0) return { ok: false, error: 'The budget cap must be more than $0' };
  if (value > BUDGET_MAX_USD) return { ok: false, error: 'The budget cap must be at most $1,000,000' };
  return { ok: true, value };
}

/** The config fields for a cap and a cache mode: left out when unset, so the defaults stay the runner's. */
export function budgetConfigFields(budget: number | null, cache: CallCacheMode): { budgetUsd?: number; cache?: CallCacheMode } {
  return { ...(budget !== null ? { budgetUsd: budget } : {}), ...(cache !== 'auto' ? { cache } : {}) };
}

/** A STOPPED experiment's last error that says the cap was reached. */
export const stoppedByBudget = (lastError: string | null | undefined) => !!lastError && /^budget reached/i.test(lastError);
