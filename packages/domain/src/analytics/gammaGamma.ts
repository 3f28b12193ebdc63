// Gamma-Gamma spend model (Fader, Hardie & Lee 2005b; Colombo & Jiang 1999):
// per-transaction spend ~ Gamma(p, ν), ν ~ Gamma(q, γ) across customers.
import { digamma, lgamma, trigamma } from './lgamma.ts';

export interface GammaGammaParams {
  p: number;
  q: number;
  /** In the money unit of the spends (minor units when fed from summariseTransactions). */
  gamma: number;
}

export interface GammaGammaFit {
  params: GammaGammaParams;
  standardErrors: GammaGammaParams;
  covariance: Float64Array;
  logLikelihood: number;
  /** Customers used: x > 0 and a positive mean spend. */
  customers: number;
  /** Customers left out: no repeat purchase, or a mean spend ≤ 0 (no likelihood). */
  excluded: number;
  /** γp/(q−1) when q > 1, else the observed mean spend: the prediction for customers without repeats. */
  populationMeanSpend: number;
  converged: boolean;
}

export interface SpendRows {
  x: Float64Array;
  meanSpend: Float64Array;
  weight?: Float64Array;
}

/** One customer's ℓ(p, q, γ | x, m̄) as written in the notes (x > 0, m̄ > 0). */
export function gammaGammaLogLikelihoodOne(params: GammaGammaParams, x: number, meanSpend: number): number {
  const { p, q, gamma } = params;
  return (
    lgamma(p * x + q) - lgamma(p * x) - lgamma(q) + q * Math.log(gamma) + (p * x - 1) * Math.log(meanSpend) +
    p * x * Math.log(x) - (p * x + q) * Math.log(gamma + x * meanSpend)
  );
}

/**
 * Returns Σ w·ℓ over rows with x > 0 and m̄ > 0 (others skipped) with, on
 * request, the natural-scale gradient and row-major Hessian in (p, q, γ).
 * lnΓ, ψ and ψ′ terms are computed once per distinct x; each row costs one logarithm.
 */
export function gammaGammaLikelihood(rows: SpendRows): (params: GammaGammaParams, gradient?: Float64Array, hessian?: Float64Array) => number {
  let count = 0;
  for (let i = 0; i < rows.x.length; i++) if ((rows.x[i] ?? 0) > 0 && (rows.meanSpend[i] ?? 0) > 0) count++;
  const x = new Float64Array(count);
  const m = new Float64Array(count);
  const w = new Float64Array(count);
  let maxX = 0;
  let totalWeight = 0;
  let sumWLogM = 0;
  let sumWXLogXM = 0;
  for (let i = 0, j = 0; i < rows.x.length; i++) {
    const xi = rows.x[i] ?? 0;
    const mi = rows.meanSpend[i] ?? 0;
    if (!(xi > 0 && mi > 0)) continue;
    if (!Number.isInteger(xi)) throw new RangeError(`x must be an integer, got ${xi}`);
    const wi = rows.weight ? (rows.weight[i] ?? 0) : 1;
    x[j] = xi;
    m[j] = mi;
    w[j] = wi;
    j++;
    maxX = Math.max(maxX, xi);
    totalWeight += wi;
    sumWLogM += wi * Math.log(mi);
    sumWXLogXM += wi * xi * (Math.log(mi) + Math.log(xi));
  }
  const weightOfX = new Float64Array(maxX + 1);
  for (let i = 0; i < count; i++) weightOfX[x[i] ?? 0] = (weightOfX[x[i] ?? 0] ?? 0) + (w[i] ?? 0);
  const presentX: number[] = [];
  for (let k = 1; k <= maxX; k++) if ((weightOfX[k] ?? 0) > 0) presentX.push(k);

  return (params, gradient, hessian) => {
    const { p, q, gamma } = params;
    if (!(p > 0 && q > 0 && gamma > 0) || !Number.isFinite(p + q + gamma)) return -Infinity;
    const wantGradient = gradient !== undefined || hessian !== undefined;
    const lnGamma = Math.log(gamma);
    let ll = totalWeight * (q * lnGamma - lgamma(q)) - sumWLogM + p * sumWXLogXM;
    let dp = sumWXLogXM;
    let dq = totalWeight * (lnGamma - (wantGradient ? digamma(q) : 0));
    let dGamma = (totalWeight * q) / gamma;
    let hpp = 0;
    let hpq = 0;
    let hqq = hessian ? -totalWeight * trigamma(q) : 0;
    for (const k of presentX) {
      const wk = weightOfX[k] ?? 0;
      ll += wk * (lgamma(p * k + q) - lgamma(p * k));
      if (wantGradient) {
        const psiPkq = digamma(p * k + q);
        dp += wk * k * (psiPkq - digamma(p * k));
        dq += wk * psiPkq;
      }
      if (hessian) {
        const triPkq = trigamma(p * k + q);
        hpp += wk * k * k * (triPkq - trigamma(p * k));
        hpq += wk * k * triPkq;
        hqq += wk * triPkq;
      }
    }
    // Row terms of −(px+q)·ln(γ + x m̄) and their derivatives.
    let sumXD = 0;
    let sumD = 0;
    let sumPxqD2 = 0;
    for (let i = 0; i < count; i++) {
      const xi = x[i] ?? 0;
      const wi = w[i] ?? 0;
      const d = 1 / (gamma + xi * (m[i] ?? 0));
      const logDenominator = -Math.log(d);
      const pxq = p * xi + q;
      ll -= wi * pxq * logDenominator;
      dp -= wi * xi * logDenominator;
      dq -= wi * logDenominator;
      dGamma -= wi * pxq * d;
      sumXD += wi * xi * d;
      sumD += wi * d;
      sumPxqD2 += wi * pxq * d * d;
    }
    if (gradient) {
      gradient[0] = dp;
      gradient[1] = dq;
      gradient[2] = dGamma;
    }
    if (hessian) {
      const hpg = -sumXD;
      const hqg = totalWeight / gamma - sumD;
      const hgg = (-totalWeight * q) / (gamma * gamma) + sumPxqD2;
      hessian.set([hpp, hpq, hpg, hpq, hqq, hqg, hpg, hqg, hgg]);
    }
    return ll;
  };
}

/**
 * E[M | x, m̄] = p(γ + x m̄)/(px + q − 1): the expected average order value.
 * Customers without a usable spend history get the population mean.
 */
export function expectedAverageSpend(fit: Pick<GammaGammaFit, 'params' | 'populationMeanSpend'>, x: number, meanSpend: number): number {
  const { p, q, gamma } = fit.params;
  if (!(x > 0 && meanSpend > 0)) return fit.populationMeanSpend;
  const denominator = p * x + q - 1;
  return denominator > 0 ? (p * (gamma + x * meanSpend)) / denominator : meanSpend;
}

export function expectedAverageSpendAll(fit: Pick<GammaGammaFit, 'params' | 'populationMeanSpend'>, rows: SpendRows): Float64Array {
  const out = new Float64Array(rows.x.length);
  for (let i = 0; i < out.length; i++) out[i] = expectedAverageSpend(fit, rows.x[i] ?? 0, rows.meanSpend[i] ?? 0);
  return out;
}
