import { createRandom } from '../analytics/random.ts';
import type { Interval } from './tests.ts';

/**
 * Percentile bootstrap interval of mean(treated) − mean(control): each group
 * resampled with replacement on its own. Seeded, so a result page shows the
 * same interval on every visit. Revenue per customer is mostly zeros with a
 * long tail, where the t interval can be optimistic for small groups.
 */
export function bootstrapMeanDifference(
  treated: ArrayLike<number>, control: ArrayLike<number>, options: { resamples?: number; seed?: number; confidence?: number } = {},
): Interval | null {
  const n1 = treated.length;
  const n2 = control.length;
  if (n1 < 2 || n2 < 2) return null;
  const resamples = options.resamples ?? 1000;
  const random = createRandom(options.seed ?? 1);
  const diffs = new Float64Array(resamples);
  for (let r = 0; r < resamples; r++) {
    let s1 = 0;
    for (let i = 0; i < n1; i++) s1 += treated[Math.floor(random.uniform() * n1)] ?? 0;
    let s2 = 0;
    for (let i = 0; i < n2; i++) s2 += control[Math.floor(random.uniform() * n2)] ?? 0;
    diffs[r] = s1 / n1 - s2 / n2;
  }
  diffs.sort();
  const alpha = 1 - (options.confidence ?? 0.95);
  return { low: quantileOfSorted(diffs, alpha / 2), high: quantileOfSorted(diffs, 1 - alpha / 2) };
}

/** Linear interpolation between order statistics (type 7, the common default). */
function quantileOfSorted(sorted: Float64Array, p: number): number {
  const h = (sorted.length - 1) * p;
  const lo = Math.floor(h);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return (sorted[lo] ?? 0) + (h - lo) * ((sorted[hi] ?? 0) - (sorted[lo] ?? 0));
}
