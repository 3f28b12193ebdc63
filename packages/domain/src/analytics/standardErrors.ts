import { invertMatrix } from './matrix.ts';

/** Gradient of a total log-likelihood on the natural parameter scale. */
export type NaturalGradient = (params: Float64Array, out: Float64Array) => void;

export interface Covariance {
  covariance: Float64Array;
  standardErrors: Float64Array;
}

/**
 * Covariance of maximum-likelihood estimates: the inverse of the observed
 * information −H, with H from central differences of the analytic gradient
 * (relative steps, so parameters of any magnitude get a sensible step).
 * Entries are NaN-free: a singular information matrix yields Infinity errors.
 */
export function covarianceAtOptimum(gradient: NaturalGradient, params: ArrayLike<number>): Covariance {
  const n = params.length;
  const hessian = new Float64Array(n * n);
  const plus = new Float64Array(n);
  const minus = new Float64Array(n);
  for (let j = 0; j < n; j++) {
    const p = Float64Array.from(params);
    const h = 1e-5 * Math.max(Math.abs(p[j] ?? 0), 1e-8);
    p[j] = (params[j] ?? 0) + h;
    gradient(p, plus);
    p[j] = (params[j] ?? 0) - h;
    gradient(p, minus);
    for (let i = 0; i < n; i++) hessian[i * n + j] = ((plus[i] ?? 0) - (minus[i] ?? 0)) / (2 * h);
  }
  const information = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) information[i * n + j] = -((hessian[i * n + j] ?? 0) + (hessian[j * n + i] ?? 0)) / 2;
  }
  const inverse = invertMatrix(information, n);
  const covariance = inverse ?? new Float64Array(n * n).fill(Infinity);
  const standardErrors = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const v = covariance[i * n + i] ?? Infinity;
    standardErrors[i] = v >= 0 && Number.isFinite(v) ? Math.sqrt(v) : Infinity;
  }
  return { covariance, standardErrors };
}
