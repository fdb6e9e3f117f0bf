// An experiment's budget cap inside the runner: what each dispatch reserves (its estimated tokens
// at its model's price) and what its call cost when it returned. The arithmetic is BudgetGuard's.
import { BudgetGuard, formatUsd, reservationUsd } from '../costs/budget';
import { callCost } from '../costs/cost';
import type { ModelPrice } from '../costs/prices';
import type { CallUsage } from '../costs/usage';
import { DEFAULT_COMPLETION_TOKENS } from './token-estimate';

/** What one dispatch of a work item reserved, and what its call cost once it returned. */
export interface BudgetShare { kind: 'task' | 'eval'; reservedUsd?: number; spentUsd?: number }

export class ExperimentBudget {
  private readonly guard: BudgetGuard;
  /** Completion tokens of the calls so far, by kind: the estimate when max_tokens is not set. */
  private readonly completions = { task: { sum: 0, count: 0 }, eval: { sum: 0, count: 0 } };

  constructor(capUsd: number, spentUsd: number, private readonly maxTokens: number | undefined) {
    this.guard = new BudgetGuard(capUsd, spentUsd);
  }

  /** Nothing in flight and the next call does not fit. */
  get reached() { return this.guard.reached; }

  get reason() {
    return `Budget reached: ${formatUsd(this.guard.spentUsd)} of ${formatUsd(this.guard.capUsd)}`;
  }

  /**
   * Reserves what the call may cost: `tokens` estimated for the whole call (prompt and completion),
   * at `price`. Free work (a cached answer, a code evaluator: no price) always fits.
   */
  reserve(w: BudgetShare, price: ModelPrice | null | undefined, tokens: number): boolean {
    if (!price) return true;
    const assumed = w.kind === 'task' ? this.maxTokens ?? DEFAULT_COMPLETION_TOKENS : DEFAULT_COMPLETION_TOKENS;
    const prompt = Math.max(0, tokens - assumed);
    // Without max_tokens, the answers so far say more than a fixed guess (with a margin).
    const seen = this.completions[w.kind];
    const completion = w.kind === 'task' && this.maxTokens !== undefined ? assumed
      : seen.count ? Math.ceil((seen.sum / seen.count) * 1.5) : assumed;
    const estimate = reservationUsd(price, prompt, completion);
    if (!this.guard.tryReserve(estimate)) return false;
    w.reservedUsd = estimate;
    return true;
  }

  /** The call returned having used `usage` at `price`. */
  noteCost(w: BudgetShare, usage: CallUsage, price: ModelPrice | null) {
    w.spentUsd = callCost(usage, price) ?? 0;
    if (usage.completionTokens !== null) {
      this.completions[w.kind].sum += usage.completionTokens;
      this.completions[w.kind].count++;
    }
  }

  /** The dispatch is over: its reservation becomes what it spent. */
  settle(w: BudgetShare) {
    if (w.reservedUsd === undefined && w.spentUsd === undefined) return;
    this.guard.settle(w.reservedUsd ?? 0, w.spentUsd ?? 0);
    w.reservedUsd = w.spentUsd = undefined;
  }
}
