/**
 * A small seeded pseudo-random generator (mulberry32): the same seed gives the same draws on every
 * machine, so a bootstrap interval is reproducible and a test can recompute it. Not for anything
 * security-relevant.
 */
export type Random = () => number;

/** Uniform draws in [0, 1) from a 32-bit seed. */
export function mulberry32(seed: number): Random {
  let state = seed | 0;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** A uniform index in [0, n). */
export const drawIndex = (random: Random, n: number) => Math.floor(random() * n);
