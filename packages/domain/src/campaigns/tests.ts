// The two comparisons a campaign result rests on: conversion (two proportions)
// and revenue per customer (Welch's t). Both report the treated − control
// difference with a confidence interval and a two-sided p-value.
import { normalCdf, normalQuantile, studentTQuantile, studentTTwoSidedP } from './distributions.ts';

export interface Interval { low: number; high: number }

export interface ProportionComparison {
  treatedRate: number;
  controlRate: number;
  /** treatedRate − controlRate. */
  difference: number;
  differenceCi: Interval;
  /** treatedRate / controlRate − 1; null when the control rate is 0. */
  relativeUplift: number | null;
  relativeCi: Interval | null;
  z: number;
  pValue: number;
}

/**
 * Two-proportion z test: the pooled standard error under H0 for z and p; the
 * unpooled (Wald) error for the interval of the difference; the Katz log
 * interval for the ratio (Agresti, Categorical Data Analysis, §1.4, §3.1).
 */
export function compareProportions(
  treated: { successes: number; n: number }, control: { successes: number; n: number }, confidence = 0.95,
): ProportionComparison | null {
  if (treated.n <= 0 || control.n <= 0) return null;
  const p1 = treated.successes / treated.n;
  const p2 = control.successes / control.n;
  const pooled = (treated.successes + control.successes) / (treated.n + control.n);
  const se0 = Math.sqrt(pooled * (1 - pooled) * (1 / treated.n + 1 / control.n));
  const z = se0 > 0 ? (p1 - p2) / se0 : 0;
  const pValue = se0 > 0 ? 2 * normalCdf(-Math.abs(z)) : 1;
  const crit = normalQuantile(1 - (1 - confidence) / 2);
  const se = Math.sqrt((p1 * (1 - p1)) / treated.n + (p2 * (1 - p2)) / control.n);
  const difference = p1 - p2;
  let relativeUplift: number | null = null;
  let relativeCi: Interval | null = null;
  if (p2 > 0) {
    relativeUplift = p1 / p2 - 1;
    if (treated.successes > 0) {
      const logRatio = Math.log(p1 / p2);
      const seLog = Math.sqrt((1 - p1) / treated.successes + (1 - p2) / control.successes);
      relativeCi = { low: Math.exp(logRatio - crit * seLog) - 1, high: Math.exp(logRatio + crit * seLog) - 1 };
    }
  }
  return {
    treatedRate: p1, controlRate: p2, difference, differenceCi: { low: difference - crit * se, high: difference + crit * se },
    relativeUplift, relativeCi, z, pValue,
  };
}

export interface SampleSummary { n: number; mean: number; variance: number }

/** n, mean and unbiased variance in one pass (Welford), stable for money in minor units. */
export function summarise(values: ArrayLike<number>): SampleSummary {
  let mean = 0;
  let m2 = 0;
  for (let i = 0; i < values.length; i++) {
    const x = values[i] ?? 0;
    const delta = x - mean;
    mean += delta / (i + 1);
    m2 += delta * (x - mean);
  }
  return { n: values.length, mean, variance: values.length > 1 ? m2 / (values.length - 1) : 0 };
}

export interface MeanComparison {
  treatedMean: number;
  controlMean: number;
  difference: number;
  differenceCi: Interval;
  relativeUplift: number | null;
  t: number;
  df: number;
  pValue: number;
}

/** Welch's t test with Welch–Satterthwaite degrees of freedom (Welch 1947): no equal-variance assumption. */
export function welchTest(treated: SampleSummary, control: SampleSummary, confidence = 0.95): MeanComparison | null {
  if (treated.n < 2 || control.n < 2) return null;
  const a = treated.variance / treated.n;
  const b = control.variance / control.n;
  const se = Math.sqrt(a + b);
  const difference = treated.mean - control.mean;
  const relativeUplift = control.mean !== 0 ? treated.mean / control.mean - 1 : null;
  if (se === 0) {
    return { treatedMean: treated.mean, controlMean: control.mean, difference, differenceCi: { low: difference, high: difference }, relativeUplift, t: 0, df: treated.n + control.n - 2, pValue: difference === 0 ? 1 : 0 };
  }
  const df = (a + b) ** 2 / (a ** 2 / (treated.n - 1) + b ** 2 / (control.n - 1));
  const t = difference / se;
  const crit = studentTQuantile(1 - (1 - confidence) / 2, df);
  return {
    treatedMean: treated.mean, controlMean: control.mean, difference, differenceCi: { low: difference - crit * se, high: difference + crit * se },
    relativeUplift, t, df, pValue: studentTTwoSidedP(t, df),
  };
}
