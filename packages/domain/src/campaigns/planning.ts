// Before launch: how many customers a test needs, or what it can detect.
import { normalQuantile } from './distributions.ts';

export interface PowerOptions { alpha?: number; power?: number }

/**
 * Customers needed in total (treated + control) to detect a conversion rate of
 * `baseline + effect` against `baseline`, with a share `controlShare` held
 * out: normal approximation without continuity correction (Fleiss, Levin &
 * Paik 2003, eq. 4.14) for unequal groups.
 */
export function sampleSizeForProportions(baseline: number, effect: number, controlShare: number, options: PowerOptions = {}): number {
  const p1 = baseline;
  const p2 = baseline + effect;
  if (!(p1 > 0 && p1 < 1 && p2 > 0 && p2 < 1) || effect === 0 || !(controlShare > 0 && controlShare < 1)) return NaN;
  const c = controlShare;
  const za = normalQuantile(1 - (options.alpha ?? 0.05) / 2);
  const zb = normalQuantile(options.power ?? 0.8);
  const pBar = c * p1 + (1 - c) * p2;
  const root = za * Math.sqrt(pBar * (1 - pBar) * (1 / c + 1 / (1 - c))) + zb * Math.sqrt((p1 * (1 - p1)) / c + (p2 * (1 - p2)) / (1 - c));
  return (root / effect) ** 2;
}

/** Smallest absolute uplift in conversion this many customers can detect (bisection on the sample size). */
export function minimumDetectableEffect(baseline: number, totalCustomers: number, controlShare: number, options: PowerOptions = {}): number | null {
  if (!(baseline > 0 && baseline < 1) || !(totalCustomers > 0) || !(controlShare > 0 && controlShare < 1)) return null;
  let lo = 1e-9;
  let hi = 1 - baseline - 1e-9;
  if (!(sampleSizeForProportions(baseline, hi, controlShare, options) <= totalCustomers)) return null;
  for (let i = 0; i < 100; i++) {
    const mid = (lo + hi) / 2;
    if (sampleSizeForProportions(baseline, mid, controlShare, options) > totalCustomers) lo = mid;
    else hi = mid;
  }
  return hi;
}
