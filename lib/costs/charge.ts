// What the runner records for a call that used tokens: the usage and the price it is charged at.
import type { ExperimentConfig } from '../experiments/config';
import { experimentVariants } from '../experiments/variants';
import { isJudge } from '../evaluators/types';
import { priceKey, type ModelPrice } from './prices';
import type { CallUsage } from './usage';

export type PriceMap = ReadonlyMap<string, ModelPrice | null>;

/** The (connection, model) pairs an experiment calls: each variant's task model and its judges' (distinct). */
export function pricedModels(config: ExperimentConfig): { providerConnectionId: string; model: string }[] {
  const seen = new Set<string>();
  return [
    ...experimentVariants(config).map((v) => ({ providerConnectionId: v.providerConnectionId, model: v.model })),
    ...config.evaluators.filter(isJudge).map((e) => ({ providerConnectionId: e.providerConnectionId, model: e.model })),
  ].filter((m) => {
    const key = priceKey(m.providerConnectionId, m.model);
    return !seen.has(key) && seen.add(key);
  });
}

/**
 * The usage fields of a run or evaluation record, with the price of `model` on that connection
 * from `prices` (null = no price set: tokens are kept, the cost stays unknown). No usage, no fields.
 */
export function charged(prices: PriceMap | undefined, providerConnectionId: string, model: string, usage: CallUsage | null | undefined) {
  if (!usage) return {};
  return {
    promptTokens: usage.promptTokens, completionTokens: usage.completionTokens, cachedPromptTokens: usage.cachedPromptTokens,
    price: prices?.get(priceKey(providerConnectionId, model)) ?? null,
  };
}
