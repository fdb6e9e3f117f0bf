import { describe, expect, it } from 'vitest';
import { BudgetGuard, formatUsd, reservationUsd } from './budget';

describe('BudgetGuard', () => {
  it('reserves while spent + reserved stays under the cap, and frees the reservation when a call settles', () => {
    const g = new BudgetGuard(1, 0.5);
    expect(g.tryReserve(0.2)).toBe(true);
    expect(g.tryReserve(0.2)).toBe(true);
    expect(g.tryReserve(0.2)).toBe(false);
    expect(g.reached).toBe(false); // calls are in flight: they may come in cheaper
    g.settle(0.2, 0.05);
    expect(g.spentUsd).toBeCloseTo(0.55);
    expect(g.tryReserve(0.2)).toBe(true);
  });

  it('is reached once nothing is in flight and the next call does not fit', () => {
    const g = new BudgetGuard(1, 0);
    expect(g.tryReserve(0.6)).toBe(true);
    g.settle(0.6, 1.01);
    expect(g.tryReserve(0.2)).toBe(false);
    expect(g.reached).toBe(true);
  });

  it('lets one call go when nothing is in flight and money is left, even if its estimate is larger', () => {
    const g = new BudgetGuard(1, 0.9);
    expect(g.tryReserve(0.5)).toBe(true);
    expect(g.tryReserve(0.01)).toBe(false);
    g.settle(0.5, 0.05);
    expect(g.spentUsd).toBeCloseTo(0.95);
    expect(g.tryReserve(0.5)).toBe(true);
  });

  it('a resume with a raised cap starts from what was spent', () => {
    const g = new BudgetGuard(2, 0.99);
    expect(g.tryReserve(0.5)).toBe(true);
  });
});

describe('reservationUsd and formatUsd', () => {
  it('prices prompt and completion tokens per million', () => {
    expect(reservationUsd({ inputPerMTok: 2, cachedInputPerMTok: null, outputPerMTok: 8, asOf: '2026-11-01' }, 1000, 500)).toBeCloseTo(0.006);
  });
  it('writes dollars readably', () => {
    expect(formatUsd(4.98)).toBe('$4.98');
    expect(formatUsd(5)).toBe('$5.00');
    expect(formatUsd(12.345)).toBe('$12.35');
    expect(formatUsd(0.0123)).toBe('$0.0123');
  });
});
