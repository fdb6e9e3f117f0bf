// Prices shipped with the app, US dollars per million tokens, each dated: a connection uses them
// for a model it has no price of its own for (Settings can override any of them). Client-safe.
import type { ModelPrice } from './prices';

/**
 * OpenAI's published list prices (standard tier) for common models. Cached input is the price of
 * prompt tokens OpenAI reports in usage.prompt_tokens_details.cached_tokens.
 */
export const OPENAI_DEFAULT_PRICES: Readonly<Record<string, ModelPrice>> = Object.freeze({
  'gpt-4o': { inputPerMTok: 2.5, cachedInputPerMTok: 1.25, outputPerMTok: 10, asOf: '2025-08-01' },
  'gpt-4o-mini': { inputPerMTok: 0.15, cachedInputPerMTok: 0.075, outputPerMTok: 0.6, asOf: '2025-08-01' },
  'gpt-4.1': { inputPerMTok: 2, cachedInputPerMTok: 0.5, outputPerMTok: 8, asOf: '2025-08-01' },
  'gpt-4.1-mini': { inputPerMTok: 0.4, cachedInputPerMTok: 0.1, outputPerMTok: 1.6, asOf: '2025-08-01' },
  'gpt-4.1-nano': { inputPerMTok: 0.1, cachedInputPerMTok: 0.025, outputPerMTok: 0.4, asOf: '2025-08-01' },
  'o3-mini': { inputPerMTok: 1.1, cachedInputPerMTok: 0.55, outputPerMTok: 4.4, asOf: '2025-08-01' },
  'o4-mini': { inputPerMTok: 1.1, cachedInputPerMTok: 0.275, outputPerMTok: 4.4, asOf: '2025-08-01' },
  'o3': { inputPerMTok: 2, cachedInputPerMTok: 0.5, outputPerMTok: 8, asOf: '2025-08-01' },
  'gpt-4-turbo': { inputPerMTok: 10, cachedInputPerMTok: null, outputPerMTok: 30, asOf: '2025-08-01' },
});

/**
 * Made-up prices for the built-in simulator's models (lib/simulator MODELS), so the demo shows
 * cost: sim-small like a small model, sim-large like a large one, sim-judge in between. They apply
 * only to connections flagged as the simulator.
 */
export const SIMULATOR_DEFAULT_PRICES: Readonly<Record<string, ModelPrice>> = Object.freeze({
  'sim-small': { inputPerMTok: 0.15, cachedInputPerMTok: 0.075, outputPerMTok: 0.6, asOf: '2025-08-01' },
  'sim-large': { inputPerMTok: 2.5, cachedInputPerMTok: 1.25, outputPerMTok: 10, asOf: '2025-08-01' },
  'sim-judge': { inputPerMTok: 0.4, cachedInputPerMTok: 0.1, outputPerMTok: 1.6, asOf: '2025-08-01' },
});

// A dated snapshot name (gpt-4o-2024-08-06) is priced like its family. Anchored, no nested
// quantifiers: linear in the name.
const DATED_SUFFIX = /-\d{4}-\d{2}-\d{2}$/;

/** The shipped price for `model`, or null. `simulator`: the connection is the built-in simulator. */
export function defaultPrice(model: string, opts: { simulator: boolean }): ModelPrice | null {
  const table = opts.simulator ? SIMULATOR_DEFAULT_PRICES : OPENAI_DEFAULT_PRICES;
  const own = (name: string) => (Object.hasOwn(table, name) ? table[name] : null);
  return own(model) ?? own(model.replace(DATED_SUFFIX, ''));
}

/** The models a connection has shipped prices for, for the Settings table. */
export function defaultPricedModels(opts: { simulator: boolean }): string[] {
  return Object.keys(opts.simulator ? SIMULATOR_DEFAULT_PRICES : OPENAI_DEFAULT_PRICES);
}
