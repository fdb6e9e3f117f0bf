// A budget cap on one experiment: each call reserves what it may cost before it is sent and
// settles with what it did cost when it returns, so the cap is exceeded at most by the error of the
// estimates of the calls in flight when it is reached (never by calls sent after it).
import type { ModelPrice } from './prices';

export class BudgetGuard {
  private reservedUsd = 0;
  /** A call was refused since the last settlement: nothing more fits unless a reservation frees up. */
  private refused = false;

  constructor(readonly capUsd: number, private spent: number) {}

  get spentUsd() { return this.spent; }
  get reserved() { return this.reservedUsd; }

  /**
   * Reserves `estimateUsd` if it fits under the cap with everything spent and reserved. With nothing
   * in flight and money left, one call goes whatever its estimate (a pessimistic first estimate
   * must not stop an experiment that can afford its calls): the overshoot stays one call at most.
   */
  tryReserve(estimateUsd: number): boolean {
    const probe = this.reservedUsd === 0 && this.spent < this.capUsd;
    if (!probe && this.spent + this.reservedUsd + estimateUsd > this.capUsd) {
      this.refused = true;
      return false;
    }
    this.reservedUsd += estimateUsd;
    return true;
  }

  settle(reservedUsd: number, spentUsd: number): void {
    this.reservedUsd = Math.max(0, this.reservedUsd - reservedUsd);
    this.spent += spentUsd;
    this.refused = false;
  }

  /** Nothing in flight and the next call did not fit: the experiment is done with this budget. */
  get reached(): boolean {
    return this.refused && this.reservedUsd === 0;
  }
}

/** What a call may cost: its estimated prompt and completion tokens at `price` (cached-input discount ignored: an upper bound). */
export function reservationUsd(price: ModelPrice, promptTokens: number, completionTokens: number): number {
  return (promptTokens * price.inputPerMTok + completionTokens * price.outputPerMTok) / 1_000_000;
}

export function formatUsd(usd: number): string {
  return `$${usd >= 0.1 || usd === 0 ? usd.toFixed(2) : usd.toPrecision(3)}`;
}
