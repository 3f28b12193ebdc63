// BG/NBD (Fader, Hardie & Lee 2005): likelihood in log space and its fit by
// maximum likelihood over weighted (x, t_x, T) rows.
import { digamma, lgamma, trigamma } from './lgamma.ts';
import { logSumExp } from './logSumExp.ts';
import type { TripleRows } from './groupTriples.ts';

export interface BgNbdParams {
  r: number;
  alpha: number;
  a: number;
  b: number;
}

export interface BgNbdFit {
  params: BgNbdParams;
  standardErrors: BgNbdParams;
  /** Row-major 4×4 covariance of (r, alpha, a, b). */
  covariance: Float64Array;
  /** Σ weight·ℓ at the estimate, in the time unit of the input rows. */
  logLikelihood: number;
  customers: number;
  converged: boolean;
  evaluations: number;
}

/** One customer's log-likelihood ℓ(r, α, a, b | x, t_x, T) as written in the notes. */
export function bgnbdLogLikelihoodOne(params: BgNbdParams, x: number, tx: number, T: number): number {
  const { r, alpha, a, b } = params;
  const a1 = lgamma(r + x) - lgamma(r) + r * Math.log(alpha);
  const a2 = lgamma(a + b) + lgamma(b + x) - lgamma(b) - lgamma(a + b + x);
  const a3 = -(r + x) * Math.log(alpha + T);
  if (x === 0) return a1 + a2 + a3;
  const a4 = Math.log(a) - Math.log(b + x - 1) - (r + x) * Math.log(alpha + tx);
  return a1 + a2 + logSumExp(a3, a4);
}

/**
 * Returns a function computing Σ w·ℓ with, on request, its gradient and
 * row-major Hessian on the natural scale (r, α, a, b). Terms that depend only
 * on x (lnΓ, ψ, ψ′) are computed once per distinct x, so the per-row work is
 * two logarithms, one exponential and a few divisions.
 *
 * Per row ℓ = c(x) + lse(l3, l4), so with w4 = e^{l4}/(e^{l3}+e^{l4}), w3 = 1 − w4:
 * ∇ℓ = w3∇l3 + w4∇l4 and ∇²ℓ = w3∇²l3 + w4∇²l4 + w3w4(∇l3 − ∇l4)(∇l3 − ∇l4)ᵀ.
 */
export function bgnbdLikelihood(rows: TripleRows): (params: BgNbdParams, gradient?: Float64Array, hessian?: Float64Array) => number {
  const { x, tx, T } = rows;
  const n = x.length;
  let maxX = 0;
  let totalWeight = 0;
  for (let i = 0; i < n; i++) {
    const xi = x[i] ?? 0;
    if (!(Number.isInteger(xi) && xi >= 0)) throw new RangeError(`x must be a non-negative integer, got ${xi}`);
    if (xi > maxX) maxX = xi;
  }
  const weightOfX = new Float64Array(maxX + 1);
  for (let i = 0; i < n; i++) {
    const w = rows.weight ? (rows.weight[i] ?? 0) : 1;
    weightOfX[x[i] ?? 0] = (weightOfX[x[i] ?? 0] ?? 0) + w;
    totalWeight += w;
  }
  const presentX: number[] = [];
  for (let k = 0; k <= maxX; k++) if ((weightOfX[k] ?? 0) > 0) presentX.push(k);
  const weight = rows.weight ?? new Float64Array(n).fill(1);
  const logBx1 = new Float64Array(maxX + 1);
  const invBx1 = new Float64Array(maxX + 1);

  return (params, gradient, hessian) => {
    const { r, alpha, a, b } = params;
    if (!(r > 0 && alpha > 0 && a > 0 && b > 0) || !Number.isFinite(r + alpha + a + b)) return -Infinity;
    const wantGradient = gradient !== undefined || hessian !== undefined;
    const lnAlpha = Math.log(alpha);
    const lnA = Math.log(a);
    let ll = totalWeight * r * lnAlpha;
    let dr = totalWeight * lnAlpha;
    let dAlpha = (totalWeight * r) / alpha;
    let da = 0;
    let db = 0;
    // x-only parts of the Hessian (from lnΓ terms), then the r·ln α term.
    let hrr = 0;
    let hab = 0;
    let hbbX = 0;
    const lgR = lgamma(r);
    const lgAB = lgamma(a + b);
    const lgB = lgamma(b);
    const psiR = wantGradient ? digamma(r) : 0;
    const psiAB = wantGradient ? digamma(a + b) : 0;
    const psiB = wantGradient ? digamma(b) : 0;
    const triR = hessian ? trigamma(r) : 0;
    const triAB = hessian ? trigamma(a + b) : 0;
    const triB = hessian ? trigamma(b) : 0;
    for (const k of presentX) {
      const wk = weightOfX[k] ?? 0;
      if (k === 0) continue;
      ll += wk * (lgamma(r + k) - lgR + lgAB + lgamma(b + k) - lgB - lgamma(a + b + k));
      logBx1[k] = Math.log(b + k - 1);
      invBx1[k] = 1 / (b + k - 1);
      if (wantGradient) {
        const psiABk = digamma(a + b + k);
        dr += wk * (digamma(r + k) - psiR);
        da += wk * (psiAB - psiABk);
        db += wk * (psiAB + digamma(b + k) - psiB - psiABk);
      }
      if (hessian) {
        const triABk = trigamma(a + b + k);
        hrr += wk * (trigamma(r + k) - triR);
        hab += wk * (triAB - triABk);
        hbbX += wk * (trigamma(b + k) - triB);
      }
    }
    let sumW4 = 0;
    // Row sums for the Hessian: hRAlpha/hAlphaAlpha from the branch Hessians,
    // s* from the w3·w4 outer products of d = ∇l3 − ∇l4 = (v−u, rx(1/(α+t_x) − 1/(α+T)), −1/a, 1/(b+x−1)).
    let hRAlpha = 0;
    let hAlphaAlpha = 0;
    let hbbRows = 0;
    let sC = 0;
    let sC0 = 0;
    let sC1 = 0;
    let sC3 = 0;
    let sC00 = 0;
    let sC01 = 0;
    let sC03 = 0;
    let sC11 = 0;
    let sC13 = 0;
    let sC33 = 0;
    for (let i = 0; i < n; i++) {
      const xi = x[i] ?? 0;
      const w = weight[i] ?? 0;
      const alphaT = alpha + (T[i] ?? 0);
      const lnAT = Math.log(alphaT);
      if (xi === 0) {
        ll -= w * r * lnAT;
        dr -= w * lnAT;
        const inv = 1 / alphaT;
        dAlpha -= w * r * inv;
        hRAlpha -= w * inv;
        hAlphaAlpha += w * r * inv * inv;
        continue;
      }
      const rx = r + xi;
      const alphaTx = alpha + (tx[i] ?? 0);
      const lnATx = Math.log(alphaTx);
      const l3 = -rx * lnAT;
      const l4 = lnA - (logBx1[xi] ?? 0) - rx * lnATx;
      let w4: number;
      if (l3 >= l4) {
        const e = Math.exp(l4 - l3);
        ll += w * (l3 + Math.log1p(e));
        w4 = e / (1 + e);
      } else {
        const e = Math.exp(l3 - l4);
        ll += w * (l4 + Math.log1p(e));
        w4 = 1 / (1 + e);
      }
      const w3 = 1 - w4;
      const invT = 1 / alphaT;
      const invTx = 1 / alphaTx;
      const ib = invBx1[xi] ?? 0;
      dr -= w * (w3 * lnAT + w4 * lnATx);
      dAlpha -= w * rx * (w3 * invT + w4 * invTx);
      sumW4 += w * w4;
      db -= w * w4 * ib;
      if (hessian) {
        hRAlpha -= w * (w3 * invT + w4 * invTx);
        hAlphaAlpha += w * rx * (w3 * invT * invT + w4 * invTx * invTx);
        hbbRows += w * w4 * ib * ib;
        const c = w * w3 * w4;
        const d0 = lnATx - lnAT;
        const d1 = rx * (invTx - invT);
        sC += c;
        sC0 += c * d0;
        sC1 += c * d1;
        sC3 += c * ib;
        sC00 += c * d0 * d0;
        sC01 += c * d0 * d1;
        sC03 += c * d0 * ib;
        sC11 += c * d1 * d1;
        sC13 += c * d1 * ib;
        sC33 += c * ib * ib;
      }
    }
    if (gradient) {
      gradient[0] = dr;
      gradient[1] = dAlpha;
      gradient[2] = da + sumW4 / a;
      gradient[3] = db;
    }
    if (hessian) {
      const invA = 1 / a;
      const h = [
        hrr + sC00,
        totalWeight / alpha + hRAlpha + sC01,
        -sC0 * invA,
        sC03,
        totalWeight / alpha + hRAlpha + sC01,
        -(totalWeight * r) / (alpha * alpha) + hAlphaAlpha + sC11,
        -sC1 * invA,
        sC13,
        -sC0 * invA,
        -sC1 * invA,
        hab - sumW4 * invA * invA + sC * invA * invA,
        hab - sC3 * invA,
        sC03,
        sC13,
        hab - sC3 * invA,
        hab + hbbX + hbbRows + sC33,
      ];
      for (let i = 0; i < 16; i++) hessian[i] = h[i] ?? 0;
    }
    return ll;
  };
}

/** Σ w·ℓ over the rows (weights 1 when absent). */
export function bgnbdLogLikelihood(params: BgNbdParams, rows: TripleRows): number {
  return bgnbdLikelihood(rows)(params);
}
