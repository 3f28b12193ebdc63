// Per-customer predictions of a fitted BG/NBD model.
import type { BgNbdParams } from './bgnbd.ts';
import type { TripleRows } from './groupTriples.ts';
import { evaluateByX } from './interpolateByX.ts';
import { inverseLogistic } from './logSumExp.ts';

/** P(still active at T | x, t_x, T); 1 when x = 0 (the model only drops customers after a repeat purchase). */
export function probabilityAlive(params: BgNbdParams, x: number, tx: number, T: number): number {
  if (x <= 0) return 1;
  const { r, alpha, a, b } = params;
  const d = Math.log(a) - Math.log(b + x - 1) + (r + x) * (Math.log(alpha + T) - Math.log(alpha + tx));
  return inverseLogistic(d);
}

/**
 * (a+b+x−1)/(a−1) · [1 − (1−z)^(r+x) ₂F₁(r+x, b+x; a+b+x−1; z)], the expected
 * purchases in (T, T+t] of a customer known to be alive at T.
 *
 * Euler's transformation turns (1−z)^(r+x) ₂F₁(…) into (1−z)^(a−1) ₂F₁(A, a−1; C; z)
 * with A = a+b−1−r, C = a+b+x−1: small numerator parameters, so the series
 * converges fast and never overflows. Writing ₂F₁ = 1 + (a−1)·S and dividing by
 * (a−1) analytically gives
 *   C · [(1 − (1−z)^(a−1)) / (a−1) − (1−z)^(a−1) · S],
 * which has no cancellation for small t and no singularity at a = 1.
 */
export function expectedPurchasesIfAlive(params: BgNbdParams, t: number, x: number, T: number): number {
  if (!(t > 0)) return 0;
  const { r, alpha, a, b } = params;
  const B = a - 1;
  const A = a + b - 1 - r;
  const C = a + b + x - 1;
  const logOneMinusZ = -Math.log1p(t / (alpha + T));
  const z = t / (alpha + T + t);
  const bl = B * logOneMinusZ;
  const firstPart = Math.abs(bl) < 1e-8 ? -logOneMinusZ * (1 + bl / 2) : -Math.expm1(bl) / B;
  // S = Σ_{n≥1} (A)_n (B+1)_{n−1} / ((C)_n n!) z^n
  let term = (A / C) * z;
  let sum = term;
  for (let n = 1; n < 100_000; n++) {
    term *= (((A + n) * (B + n)) / ((C + n) * (n + 1))) * z;
    sum += term;
    if (Math.abs(term) <= 1e-17 * Math.abs(sum) * (1 - z) || term === 0) break;
  }
  const value = C * (firstPart - Math.exp(bl) * sum);
  return value > 0 ? value : 0;
}

/** E[Y(t) | x, t_x, T]: expected repeat purchases in the next t time units. */
export function expectedPurchases(params: BgNbdParams, t: number, x: number, tx: number, T: number): number {
  return probabilityAlive(params, x, tx, T) * expectedPurchasesIfAlive(params, t, x, T);
}

export function probabilityAliveAll(params: BgNbdParams, rows: TripleRows): Float64Array {
  const out = new Float64Array(rows.x.length);
  for (let i = 0; i < out.length; i++) out[i] = probabilityAlive(params, rows.x[i] ?? 0, rows.tx[i] ?? 0, rows.T[i] ?? 0);
  return out;
}

/** E[Y(t)] for every row; the hypergeometric part is interpolated per x (see interpolateByX). */
export function expectedPurchasesAll(params: BgNbdParams, rows: TripleRows, t: number, pAlive?: Float64Array): Float64Array {
  const alive = pAlive ?? probabilityAliveAll(params, rows);
  const out = evaluateByX(rows.x, rows.T, params.alpha, (x, T) => expectedPurchasesIfAlive(params, t, x, T));
  for (let i = 0; i < out.length; i++) out[i] = (alive[i] ?? 0) * (out[i] ?? 0);
  return out;
}

export const CHURN_RISK_BANDS = ['low', 'medium', 'high'] as const;
export type ChurnRiskBand = (typeof CHURN_RISK_BANDS)[number];

export interface ChurnRiskThresholds {
  /** P(alive) at or above this is low risk. */
  low: number;
  /** P(alive) at or above this (and below `low`) is medium risk; below is high. */
  medium: number;
}

export const DEFAULT_CHURN_THRESHOLDS: ChurnRiskThresholds = { low: 0.7, medium: 0.3 };

export function churnRiskBand(pAlive: number, thresholds: ChurnRiskThresholds = DEFAULT_CHURN_THRESHOLDS): ChurnRiskBand {
  if (pAlive >= thresholds.low) return 'low';
  if (pAlive >= thresholds.medium) return 'medium';
  return 'high';
}

/** Band index per customer (0 low, 1 medium, 2 high: see CHURN_RISK_BANDS) plus counts per band. */
export function churnRiskBands(pAlive: Float64Array, thresholds: ChurnRiskThresholds = DEFAULT_CHURN_THRESHOLDS) {
  const bands = new Uint8Array(pAlive.length);
  const counts = [0, 0, 0];
  for (let i = 0; i < pAlive.length; i++) {
    const p = pAlive[i] ?? 0;
    const band = p >= thresholds.low ? 0 : p >= thresholds.medium ? 1 : 2;
    bands[i] = band;
    counts[band] = (counts[band] ?? 0) + 1;
  }
  return { bands, counts: { low: counts[0] ?? 0, medium: counts[1] ?? 0, high: counts[2] ?? 0 } };
}
