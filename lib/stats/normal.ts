/**
 * The standard normal distribution's CDF and quantile, for the large-sample interval of a mean
 * (lib/stats/bootstrap.ts). The CDF uses the Abramowitz & Stegun 7.1.26 erf approximation
 * (absolute error below 1.5e-7); the quantile inverts it by bisection.
 */

function erf(x: number): number {
  const sign = x < 0 ? -1 : 1;
  const ax = Math.abs(x);
  const t = 1 / (1 + 0.3275911 * ax);
  const poly = t * (0.254829592 + t * (-0.284496736 + t * (1.421413741 + t * (-1.453152027 + t * 1.061405429))));
  return sign * (1 - poly * Math.exp(-ax * ax));
}

export const normalCdf = (z: number) => 0.5 * (1 + erf(z / Math.SQRT2));

/** z with normalCdf(z) = p, for 0 < p < 1. */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new RangeError(`A probability strictly between 0 and 1 is needed, not ${p}`);
  let lo = -10, hi = 10;
  for (let i = 0; i < 60; i++) {
    const mid = (lo + hi) / 2;
    if (normalCdf(mid) < p) lo = mid; else hi = mid;
  }
  return (lo + hi) / 2;
}
