// What the runner records for a call that used tokens: the usage and the price it is charged at.
import type { ExperimentConfig } from '../experiments/config';
import { isJudge } from '../evaluators/types';
import { priceKey, type ModelPrice } from './prices';
import type { CallUsage } from './usage';

export type PriceMap = ReadonlyMap<string, ModelPrice | null>;

/** The (connection, model) pairs an experiment calls: its task model and its judges'. */
export function pricedModels(config: ExperimentConfig): { providerConnectionId: string; model: string }[] {
  return [
    { providerConnectionId: config.providerConnectionId, model: config.model },
    ...config.evaluators.filter(isJudge).map((e) => ({ providerConnectionId: e.providerConnectionId, model: e.model })),
  ];
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
