import { describe, expect, it } from 'vitest';
import reference from './fixtures/reference.json' with { type: 'json' };
import { normalCdf, normalQuantile, studentTCdf, studentTQuantile } from './distributions.ts';
import { compareProportions, summarise, welchTest } from './tests.ts';
import { bootstrapMeanDifference } from './bootstrap.ts';
import { minimumDetectableEffect, sampleSizeForProportions } from './planning.ts';
import { campaignEconomics } from './economics.ts';
import { campaignVerdict } from './verdict.ts';
import { createRandom } from '../analytics/random.ts';

// Reference values: fixtures/reference.json, made by fixtures/generate.py with mpmath
// (independent of this code); the Welch case is also Wikipedia's worked example
// ("Welch's t-test", example 1: t = −2.46, df ≈ 24.99, p = 0.021).
const close = (actual: number, expected: number, rel = 1e-9) =>
  expect(Math.abs(actual - expected), `${actual} vs ${expected}`).toBeLessThanOrEqual(rel * Math.max(1, Math.abs(expected)));

describe('distributions', () => {
  it('match the normal CDF and quantile to 1e-12', () => {
    for (const [x, p] of reference.normalCdf as [number, number][]) expect(Math.abs(normalCdf(x) - p) / Math.max(p, 1e-300)).toBeLessThan(1e-12);
    for (const [p, x] of reference.normalQuantile as [number, number][]) close(normalQuantile(p), x, 1e-12);
  });
  it('match the Student t CDF and quantile, fractional df included', () => {
    for (const [t, df, p] of reference.studentTCdf as [number, number, number][]) close(studentTCdf(t, df), p, 1e-11);
    for (const [p, df, t] of reference.studentTQuantile as [number, number, number][]) close(studentTQuantile(p, df), t, 1e-10);
  });
  it('agree with the closed forms for 1 and 2 degrees of freedom', () => {
    for (const t of [-30, -2, -0.3, 0, 0.7, 5, 100]) {
      close(studentTCdf(t, 1), 0.5 + Math.atan(t) / Math.PI, 1e-13);
      close(studentTCdf(t, 2), 0.5 + t / (2 * Math.sqrt(2 + t * t)), 1e-13);
    }
    for (const p of [0.001, 0.2, 0.9, 0.975]) {
      close(studentTQuantile(p, 1), Math.tan(Math.PI * (p - 0.5)), 1e-10);
      close(studentTQuantile(p, 2), (2 * p - 1) * Math.sqrt(2 / (4 * p * (1 - p))), 1e-10);
    }
  });
});

describe('two-proportion test', () => {
  it('matches the reference z, p, interval and relative uplift', () => {
    for (const c of reference.twoProportion) {
      const r = compareProportions({ successes: c.treated[0] ?? 0, n: c.treated[1] ?? 0 }, { successes: c.control[0] ?? 0, n: c.control[1] ?? 0 });
      if (!r) throw new Error('no result');
      close(r.z, c.z, 1e-12);
      close(r.pValue, c.pValue, 1e-11);
      close(r.difference, c.difference, 1e-12);
      close(r.differenceCi.low, c.ci[0] ?? NaN, 1e-12);
      close(r.differenceCi.high, c.ci[1] ?? NaN, 1e-12);
      close(r.relativeUplift ?? NaN, c.relativeUplift, 1e-12);
      close(r.relativeCi?.low ?? NaN, c.relativeCi[0] ?? NaN, 1e-11);
      close(r.relativeCi?.high ?? NaN, c.relativeCi[1] ?? NaN, 1e-11);
    }
  });
});

describe("Welch's t test", () => {
  it('matches the reference t, df, p and interval', () => {
    for (const c of reference.welch) {
      const r = welchTest(summarise(c.a), summarise(c.b));
      if (!r) throw new Error('no result');
      close(r.t, c.t, 1e-11);
      close(r.df, c.df, 1e-11);
      close(r.pValue, c.pValue, 1e-9);
      close(r.differenceCi.low, c.ci[0] ?? NaN, 1e-10);
      close(r.differenceCi.high, c.ci[1] ?? NaN, 1e-10);
    }
    const wiki = welchTest(summarise(reference.welch[0]?.a ?? []), summarise(reference.welch[0]?.b ?? []));
    expect(wiki?.t.toFixed(2)).toBe('-2.46');
    expect(wiki?.pValue.toFixed(3)).toBe('0.021');
  });
});

describe('planning', () => {
  it('gives the textbook 686 per group for 10% → 15% at α 0.05, power 0.8', () => {
    for (const [p1, p2, share, total] of reference.sampleSizeTotal as [number, number, number, number][]) close(sampleSizeForProportions(p1, p2 - p1, share), total, 1e-10);
    expect(Math.ceil(sampleSizeForProportions(0.1, 0.05, 0.5) / 2)).toBe(686);
  });
  it('inverts the sample size into the minimum detectable effect', () => {
    const mde = minimumDetectableEffect(0.05, 46505.42160595716, 0.1);
    close(mde ?? NaN, 0.01, 1e-7);
    expect(minimumDetectableEffect(0.05, 10, 0.1)).toBeGreaterThan(0.5);
    expect(minimumDetectableEffect(0.05, 1, 0.1)).toBeNull();
  });
});

// A simulated campaign: each customer converts with probability p, and a buyer spends a
// lognormal amount. Truth is known, so the intervals can be checked against it.
function simulate(seed: number, n: number, p: number, meanSpend: number) {
  const random = createRandom(seed);
  const revenue = new Float64Array(n);
  let conversions = 0;
  for (let i = 0; i < n; i++) {
    if (random.uniform() < p) {
      conversions++;
      revenue[i] = Math.round(meanSpend * Math.exp(0.5 * random.normal() - 0.125));
    }
  }
  return { conversions, n, revenue };
}

describe('simulated campaigns', () => {
  it('recover a known uplift inside the 95% intervals', () => {
    const treated = simulate(11, 40_000, 0.12, 5000);
    const control = simulate(12, 10_000, 0.10, 5000);
    const conv = compareProportions({ successes: treated.conversions, n: treated.n }, { successes: control.conversions, n: control.n });
    expect(conv && conv.differenceCi.low <= 0.02 && 0.02 <= conv.differenceCi.high).toBe(true);
    expect(conv?.pValue).toBeLessThan(0.05);
    const rel = conv?.relativeCi;
    expect(rel && rel.low <= 0.2 && 0.2 <= rel.high).toBe(true);
    // True revenue per customer: p × meanSpend → 600 vs 500, uplift 100 minor units.
    const rev = welchTest(summarise(treated.revenue), summarise(control.revenue));
    expect(rev && rev.differenceCi.low <= 100 && 100 <= rev.differenceCi.high).toBe(true);
    const boot = bootstrapMeanDifference(treated.revenue, control.revenue, { resamples: 400, seed: 3 });
    expect(boot && boot.low <= 100 && 100 <= boot.high).toBe(true);
    // Bootstrap and Welch agree on a large sample.
    expect(Math.abs((boot?.low ?? 0) - (rev?.differenceCi.low ?? 0))).toBeLessThan(25);
    const money = campaignEconomics({ treatedCustomers: treated.n, revenuePerTreatedMinor: rev?.treatedMean ?? 0, revenuePerControlMinor: rev?.controlMean ?? 0, grossMarginRate: 0.3, costMinor: 500_000 });
    expect(money.roi).not.toBeNull();
    expect(campaignVerdict({ conversion: conv, revenue: rev, roi: money.roi, customers: 50_000, finished: true }).significant).toBe(true);
  });

  it('covers the true uplift in about 95% of repeated campaigns', () => {
    let covered = 0;
    const runs = 300;
    for (let s = 0; s < runs; s++) {
      const t = simulate(1000 + 2 * s, 3000, 0.15, 4000);
      const c = simulate(1001 + 2 * s, 3000, 0.12, 4000);
      const r = compareProportions({ successes: t.conversions, n: t.n }, { successes: c.conversions, n: c.n });
      if (r && r.differenceCi.low <= 0.03 && 0.03 <= r.differenceCi.high) covered++;
    }
    expect(covered / runs).toBeGreaterThan(0.92);
    expect(covered / runs).toBeLessThan(0.98);
  });

  it('with no true uplift, rejects in 3–7% of 1,000 seeded campaigns (both tests)', () => {
    let conversionRejections = 0;
    let revenueRejections = 0;
    const runs = 1000;
    for (let s = 0; s < runs; s++) {
      const t = simulate(50_000 + 2 * s, 1500, 0.1, 3000);
      const c = simulate(50_001 + 2 * s, 1000, 0.1, 3000);
      const conv = compareProportions({ successes: t.conversions, n: t.n }, { successes: c.conversions, n: c.n });
      const rev = welchTest(summarise(t.revenue), summarise(c.revenue));
      if (conv && conv.pValue < 0.05) conversionRejections++;
      if (rev && rev.pValue < 0.05) revenueRejections++;
    }
    expect(conversionRejections / runs).toBeGreaterThanOrEqual(0.03);
    expect(conversionRejections / runs).toBeLessThanOrEqual(0.07);
    expect(revenueRejections / runs).toBeGreaterThanOrEqual(0.03);
    expect(revenueRejections / runs).toBeLessThanOrEqual(0.07);
  });
});

describe('verdict and economics', () => {
  it('says "not significant yet" while running and "too early" below the planned size', () => {
    const conv = compareProportions({ successes: 11, n: 100 }, { successes: 10, n: 100 });
    expect(campaignVerdict({ conversion: conv, revenue: null, roi: null, customers: 200, finished: false }).code).toBe('not_significant_yet');
    expect(campaignVerdict({ conversion: conv, revenue: null, roi: null, customers: 200, plannedCustomers: 2000, finished: true }).code).toBe('too_early');
    expect(campaignVerdict({ conversion: conv, revenue: null, roi: null, customers: 200, finished: true }).code).toBe('no_effect');
  });
  it('computes ROI as (incremental margin − cost) / cost', () => {
    const e = campaignEconomics({ treatedCustomers: 1000, revenuePerTreatedMinor: 700, revenuePerControlMinor: 500, grossMarginRate: 0.25, costMinor: 20_000 });
    expect(e).toEqual({ incrementalRevenueMinor: 200_000, incrementalMarginMinor: 50_000, costMinor: 20_000, roi: 1.5 });
  });
});
