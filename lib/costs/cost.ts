// What a call costs at a price. The database computes the recorded cost with the same formula
// in exact decimals (lib/costs/cost-sql.ts); this one is for estimates and display.
import type { ModelPrice } from './prices';
import { hasUsage, type CallUsage } from './usage';

/** US dollars, or null when the price or the usage is unknown (never a silent 0). */
export function callCost(u: CallUsage, price: ModelPrice | null): number | null {
  if (!price || !hasUsage(u)) return null;
  const prompt = u.promptTokens ?? 0;
  const cached = Math.min(u.cachedPromptTokens ?? 0, prompt);
  const cachedRate = price.cachedInputPerMTok ?? price.inputPerMTok;
  return ((prompt - cached) * price.inputPerMTok + cached * cachedRate + (u.completionTokens ?? 0) * price.outputPerMTok) / 1_000_000;
}
