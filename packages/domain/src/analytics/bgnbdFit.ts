// Maximum-likelihood fit of the BG/NBD model on θ = ln(r, α, a, b).
// Strategy: BFGS on an even subsample (or on all rows when few) finds the
// neighbourhood cheaply; Newton with the analytic Hessian on all rows then
// converges in a few passes, and its final Hessian gives the standard errors.
import { bgnbdLikelihood, type BgNbdFit, type BgNbdParams } from './bgnbd.ts';
import type { TripleRows } from './groupTriples.ts';
import { invertMatrix } from './matrix.ts';
import { fromLogScaleHessian, maximizeNewton, toLogScale } from './newton.ts';
import { minimizeBfgs, minimizeNelderMead, type MinimizeResult } from './optimize.ts';
import { covarianceAtOptimum } from './standardErrors.ts';

export interface BgNbdFitOptions {
  /** Start on the natural scale, in the rows' time unit; default (1, max T / 10, 1, 1). */
  start?: BgNbdParams;
  /** Above this many rows, the first search runs on an even subsample of this size. */
  subsampleRows?: number;
}

const toParams = (theta: ArrayLike<number>): BgNbdParams => ({
  r: Math.exp(theta[0] ?? 0),
  alpha: Math.exp(theta[1] ?? 0),
  a: Math.exp(theta[2] ?? 0),
  b: Math.exp(theta[3] ?? 0),
});
const toArray = (p: BgNbdParams) => [p.r, p.alpha, p.a, p.b];

function rescaled(rows: TripleRows, scale: number): TripleRows {
  const tx = new Float64Array(rows.tx.length);
  const T = new Float64Array(rows.T.length);
  for (let i = 0; i < tx.length; i++) {
    tx[i] = (rows.tx[i] ?? 0) / scale;
    T[i] = (rows.T[i] ?? 0) / scale;
  }
  return rows.weight ? { x: rows.x, tx, T, weight: rows.weight } : { x: rows.x, tx, T };
}

function everyKth(rows: TripleRows, k: number): TripleRows {
  const m = Math.ceil(rows.x.length / k);
  const pick = (v: Float64Array) => {
    const out = new Float64Array(m);
    for (let i = 0; i < m; i++) out[i] = v[i * k] ?? 0;
    return out;
  };
  return { x: pick(rows.x), tx: pick(rows.tx), T: pick(rows.T), weight: rows.weight ? pick(rows.weight) : new Float64Array(m).fill(1) };
}

function totalWeight(rows: TripleRows): number {
  if (!rows.weight) return rows.x.length;
  let total = 0;
  for (let i = 0; i < rows.weight.length; i++) total += rows.weight[i] ?? 0;
  return total;
}

/** BFGS on −Σwℓ/Σw, with a Nelder-Mead rescue when BFGS stalls. */
function searchMeanNegative(rows: TripleRows, start: Float64Array): MinimizeResult {
  const likelihood = bgnbdLikelihood(rows);
  const total = Math.max(totalWeight(rows), 1e-300);
  const natural = new Float64Array(4);
  const objective = (theta: Float64Array, grad: Float64Array) => {
    const p = toParams(theta);
    const ll = likelihood(p, natural);
    grad[0] = (-(natural[0] ?? 0) * p.r) / total;
    grad[1] = (-(natural[1] ?? 0) * p.alpha) / total;
    grad[2] = (-(natural[2] ?? 0) * p.a) / total;
    grad[3] = (-(natural[3] ?? 0) * p.b) / total;
    return -ll / total;
  };
  const result = minimizeBfgs(objective, start);
  if (result.converged) return result;
  const scratch = new Float64Array(4);
  const nm = minimizeNelderMead((theta) => objective(theta, scratch), result.theta, { restarts: 3 });
  const polished = minimizeBfgs(objective, nm.theta);
  const evaluations = result.evaluations + nm.evaluations + polished.evaluations;
  return polished.value <= result.value ? { ...polished, evaluations } : { ...result, evaluations };
}

/** Maximum-likelihood BG/NBD fit; group rows first (groupTriples) when many customers share triples. */
export function fitBgNbd(rows: TripleRows, options: BgNbdFitOptions = {}): BgNbdFit {
  let maxT = 0;
  for (let i = 0; i < rows.T.length; i++) maxT = Math.max(maxT, rows.T[i] ?? 0);
  const customers = totalWeight(rows);
  // Time rescaled so max T = 1 keeps α near 1 whatever the unit; only α carries time.
  const scale = maxT > 0 ? maxT : 1;
  const scaledRows = rescaled(rows, scale);
  const s = options.start;
  const start = Float64Array.from(s ? [Math.log(s.r), Math.log(s.alpha / scale), Math.log(s.a), Math.log(s.b)] : [0, Math.log(0.1), 0, 0]);
  const subsampleRows = options.subsampleRows ?? 20_000;
  const searchRows = rows.x.length > subsampleRows ? everyKth(scaledRows, Math.ceil(rows.x.length / subsampleRows)) : scaledRows;
  const search = searchMeanNegative(searchRows, start);
  let evaluations = search.evaluations;

  const likelihood = bgnbdLikelihood(scaledRows);
  const newton = maximizeNewton((theta, grad, hessian) => {
    const p = toParams(theta);
    const values = toArray(p);
    const ll = likelihood(p, grad, hessian);
    toLogScale(values, grad, hessian);
    return ll;
  }, search.theta);
  evaluations += newton.evaluations;

  let theta = newton.theta;
  let converged = newton.converged;
  let covariance: Float64Array | null = null;
  let scaledLogLikelihood = newton.value;
  if (converged) {
    // Newton's last evaluated point is within ~1e-3 standard errors of the optimum: its Hessian serves.
    covariance = invertMatrix(fromLogScaleHessian(toArray(toParams(newton.evaluatedTheta)), newton.gradient, newton.hessian).map((h) => -h), 4);
  } else {
    // Newton could not proceed (Hessian not negative definite): search on all rows.
    const full = searchMeanNegative(scaledRows, search.theta);
    evaluations += full.evaluations;
    theta = full.theta;
    converged = full.converged;
    scaledLogLikelihood = likelihood(toParams(theta));
  }
  const scaledParams = toParams(theta);
  if (!covariance) {
    covariance = covarianceAtOptimum((p, out) => void likelihood({ r: p[0] ?? 0, alpha: p[1] ?? 0, a: p[2] ?? 0, b: p[3] ?? 0 }, out), toArray(scaledParams)).covariance;
  }
  // Back to the input time unit: α and its covariances scale with time.
  for (let i = 0; i < 4; i++) {
    covariance[i * 4 + 1] = (covariance[i * 4 + 1] ?? 0) * scale;
    covariance[4 + i] = (covariance[4 + i] ?? 0) * scale;
  }
  const se = (i: number) => {
    const v = covariance?.[i * 5] ?? Infinity;
    return v >= 0 && Number.isFinite(v) ? Math.sqrt(v) : Infinity;
  };
  let weightedX = 0;
  for (let i = 0; i < rows.x.length; i++) weightedX += (rows.x[i] ?? 0) * (rows.weight ? (rows.weight[i] ?? 0) : 1);
  // Each repeat purchase contributes one 1/time density factor: ℓ shifts by −x·ln(scale).
  const logLikelihood = scaledLogLikelihood - weightedX * Math.log(scale);
  return {
    params: { ...scaledParams, alpha: scaledParams.alpha * scale },
    standardErrors: { r: se(0), alpha: se(1), a: se(2), b: se(3) },
    covariance,
    logLikelihood: customers > 0 && Number.isFinite(logLikelihood) ? logLikelihood : 0,
    customers,
    converged,
    evaluations,
  };
}
