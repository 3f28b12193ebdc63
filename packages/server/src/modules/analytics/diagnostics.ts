// Model diagnostics of a BG/NBD fit (pure): the frequency histogram the model
// implies vs the observed one, and calibration vs hold-out repeat purchases
// by calibration frequency (Fader, Hardie & Lee 2005, figures 2–4).
import { expectedPurchasesAll, lgamma, type BgNbdParams } from '@vefa/domain';

export const FREQUENCY_BINS = 8; // 0..6 and "7+"
const labelOf = (x: number) => (x === FREQUENCY_BINS - 1 ? `${x}+` : String(x));

/**
 * P(X(t) = x) for x = 0..bins−2 under BG/NBD (FHL 2005, eq. 8), in logs:
 * B(a,b+x)/B(a,b) · Γ(r+x)/(Γ(r)x!) · (α/(α+t))^r (t/(α+t))^x
 * + [x>0] B(a+1,b+x−1)/B(a,b) · [1 − (α/(α+t))^r Σ_{j<x} Γ(r+j)/(Γ(r)j!) (t/(α+t))^j].
 */
export function countProbabilities(params: BgNbdParams, t: number, bins = FREQUENCY_BINS): Float64Array {
  const { r, alpha, a, b } = params;
  const out = new Float64Array(bins);
  const lnBab = lgamma(a) + lgamma(b) - lgamma(a + b);
  const lnP = Math.log(alpha / (alpha + t));
  const lnQ = t > 0 ? Math.log(t / (alpha + t)) : -Infinity;
  let poissonMixSum = 0; // Σ_{j<x} NBD(j)
  for (let x = 0; x < bins - 1; x++) {
    const lnNbd = lgamma(r + x) - lgamma(r) - lgamma(x + 1) + r * lnP + (x > 0 ? x * lnQ : 0);
    const nbd = Math.exp(lnNbd);
    let p = Math.exp(lgamma(a) + lgamma(b + x) - lgamma(a + b + x) - lnBab + lnNbd);
    if (x > 0) p += Math.exp(lgamma(a + 1) + lgamma(b + x - 1) - lgamma(a + b + x) - lnBab) * Math.max(0, 1 - poissonMixSum);
    out[x] = Number.isFinite(p) ? p : 0;
    poissonMixSum += nbd;
  }
  let rest = 1;
  for (let x = 0; x < bins - 1; x++) rest -= out[x] ?? 0;
  out[bins - 1] = Math.max(0, rest);
  return out;
}

/** Customers by calibration repeat purchases: observed vs Σ_i P(X(T_i) = x). */
export function frequencyHistogram(params: BgNbdParams, x: Float64Array, T: Float64Array) {
  const actual = new Float64Array(FREQUENCY_BINS);
  const byT = new Map<number, number>();
  for (let i = 0; i < x.length; i++) {
    const bin = Math.min(FREQUENCY_BINS - 1, x[i] ?? 0);
    actual[bin] = (actual[bin] ?? 0) + 1;
    const t = T[i] ?? 0;
    byT.set(t, (byT.get(t) ?? 0) + 1);
  }
  const expected = new Float64Array(FREQUENCY_BINS);
  for (const [t, count] of byT) {
    const p = countProbabilities(params, t);
    for (let k = 0; k < FREQUENCY_BINS; k++) expected[k] = (expected[k] ?? 0) + count * (p[k] ?? 0);
  }
  return Array.from({ length: FREQUENCY_BINS }, (_, k) => ({ frequency: k, label: labelOf(k), actual: actual[k] ?? 0, expected: finite(expected[k] ?? 0) }));
}

/** Mean hold-out repeat purchases by calibration frequency: observed vs the model's conditional expectation. */
export function holdoutByFrequency(params: BgNbdParams, rows: { x: Float64Array; tx: Float64Array; T: Float64Array }, holdout: Float64Array, length: number) {
  const expected = expectedPurchasesAll(params, rows, length);
  const customers = new Float64Array(FREQUENCY_BINS);
  const actualSum = new Float64Array(FREQUENCY_BINS);
  const expectedSum = new Float64Array(FREQUENCY_BINS);
  let totalActual = 0;
  let totalExpected = 0;
  for (let i = 0; i < rows.x.length; i++) {
    const bin = Math.min(FREQUENCY_BINS - 1, rows.x[i] ?? 0);
    const e = finite(expected[i] ?? 0);
    customers[bin] = (customers[bin] ?? 0) + 1;
    actualSum[bin] = (actualSum[bin] ?? 0) + (holdout[i] ?? 0);
    expectedSum[bin] = (expectedSum[bin] ?? 0) + e;
    totalActual += holdout[i] ?? 0;
    totalExpected += e;
  }
  return {
    totalActual,
    totalExpected,
    byFrequency: Array.from({ length: FREQUENCY_BINS }, (_, k) => {
      const n = customers[k] ?? 0;
      return { frequency: k, label: labelOf(k), customers: n, actual: n > 0 ? (actualSum[k] ?? 0) / n : 0, expected: n > 0 ? (expectedSum[k] ?? 0) / n : 0 };
    }),
  };
}

function finite(v: number): number {
  return Number.isFinite(v) ? v : 0;
}
