import { describe, expect, it } from 'vitest';
import { shareOf } from './shared-budget';

describe('shareOf', () => {
  it('is the whole budget when no other worker wants any', () => {
    expect(shareOf([], 10)).toBe(1);
  });

  it('splits evenly between workers that all wait on their share', () => {
    expect(shareOf([{ backlogged: true, usedRps: 3 }, { backlogged: true, usedRps: 3 }], 10)).toBeCloseTo(1 / 3);
  });

  it('leaves a light worker what it uses and gives the rest to the ones that want more', () => {
    // The other uses 1/s of 10 without waiting: this worker may take the other 9.
    expect(shareOf([{ backlogged: false, usedRps: 1 }], 10)).toBeCloseTo(0.9);
    // Two light ones using 1 and 2, one other backlogged: (10 - 3) / 2 each.
    expect(shareOf([{ backlogged: false, usedRps: 1 }, { backlogged: false, usedRps: 2 }, { backlogged: true, usedRps: 3 }], 10)).toBeCloseTo(0.35);
  });

  it('never below an even split, so a light worker that grows does not overshoot the budget for long', () => {
    expect(shareOf([{ backlogged: false, usedRps: 9 }], 10)).toBeCloseTo(0.5);
  });
});
