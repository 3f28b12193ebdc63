// Maximum-likelihood Gamma-Gamma fit on θ = ln(p, q, γ): BFGS on a subsample
// (or all rows when few) to get close, Newton with the analytic Hessian on all
// rows to finish; the final Hessian gives the standard errors.
import { gammaGammaLikelihood, type GammaGammaFit, type GammaGammaParams, type SpendRows } from './gammaGamma.ts';
import { invertMatrix } from './matrix.ts';
import { fromLogScaleHessian, maximizeNewton, toLogScale } from './newton.ts';
import { minimizeBfgs, minimizeNelderMead } from './optimize.ts';
import { covarianceAtOptimum } from './standardErrors.ts';

const toParams = (theta: ArrayLike<number>): GammaGammaParams => ({
  p: Math.exp(theta[0] ?? 0),
  q: Math.exp(theta[1] ?? 0),
  gamma: Math.exp(theta[2] ?? 0),
});

interface UsableSpends {
  rows: SpendRows;
  customers: number;
  excluded: number;
  meanSpend: number;
}

/** Keeps x > 0 and m̄ > 0, rescaling spends to mean 1 so γ starts near its optimum whatever the currency unit. */
function usableSpends(rows: SpendRows): UsableSpends {
  let sum = 0;
  let customers = 0;
  let excluded = 0;
  let count = 0;
  for (let i = 0; i < rows.x.length; i++) {
    const wi = rows.weight ? (rows.weight[i] ?? 0) : 1;
    const mi = rows.meanSpend[i] ?? 0;
    if ((rows.x[i] ?? 0) > 0 && mi > 0) {
      sum += wi * mi;
      customers += wi;
      count++;
    } else excluded += wi;
  }
  const meanSpend = customers > 0 ? sum / customers : 1;
  const x = new Float64Array(count);
  const m = new Float64Array(count);
  const w = new Float64Array(count);
  for (let i = 0, j = 0; i < rows.x.length; i++) {
    const mi = rows.meanSpend[i] ?? 0;
    if (!((rows.x[i] ?? 0) > 0 && mi > 0)) continue;
    x[j] = rows.x[i] ?? 0;
    m[j] = mi / meanSpend;
    w[j] = rows.weight ? (rows.weight[i] ?? 0) : 1;
    j++;
  }
  return { rows: { x, meanSpend: m, weight: w }, customers, excluded, meanSpend };
}

function everyKth(rows: SpendRows, k: number): SpendRows {
  const n = Math.ceil(rows.x.length / k);
  const pick = (v: Float64Array) => Float64Array.from({ length: n }, (_, i) => v[i * k] ?? 0);
  return { x: pick(rows.x), meanSpend: pick(rows.meanSpend), weight: rows.weight ? pick(rows.weight) : new Float64Array(n).fill(1) };
}

function search(rows: SpendRows, total: number): Float64Array {
  const likelihood = gammaGammaLikelihood(rows);
  const natural = new Float64Array(3);
  const objective = (theta: Float64Array, grad: Float64Array) => {
    const params = toParams(theta);
    const ll = likelihood(params, natural);
    grad[0] = (-(natural[0] ?? 0) * params.p) / total;
    grad[1] = (-(natural[1] ?? 0) * params.q) / total;
    grad[2] = (-(natural[2] ?? 0) * params.gamma) / total;
    return -ll / total;
  };
  const result = minimizeBfgs(objective, [0, 0, 0]);
  if (result.converged) return result.theta;
  const scratch = new Float64Array(3);
  const nm = minimizeNelderMead((theta) => objective(theta, scratch), result.theta);
  const polished = minimizeBfgs(objective, nm.theta);
  return polished.value <= result.value ? polished.theta : result.theta;
}

export interface GammaGammaFitOptions {
  /** Above this many usable customers, the first search runs on an even subsample of this size. */
  subsampleRows?: number;
}

/** Maximum-likelihood Gamma-Gamma fit on customers with repeat purchases and a positive mean spend. */
export function fitGammaGamma(rows: SpendRows, options: GammaGammaFitOptions = {}): GammaGammaFit {
  const usable = usableSpends(rows);
  const scale = usable.meanSpend;
  const n = usable.rows.x.length;
  const subsampleRows = options.subsampleRows ?? 20_000;
  const searchRows = n > subsampleRows ? everyKth(usable.rows, Math.ceil(n / subsampleRows)) : usable.rows;
  let searchTotal = 0;
  for (const w of searchRows.weight ?? []) searchTotal += w;
  const start = search(searchRows, Math.max(searchTotal, 1e-300));

  const likelihood = gammaGammaLikelihood(usable.rows);
  const newton = maximizeNewton((theta, grad, hessian) => {
    const params = toParams(theta);
    const ll = likelihood(params, grad, hessian);
    toLogScale([params.p, params.q, params.gamma], grad, hessian);
    return ll;
  }, start);
  let theta = newton.theta;
  let ll = newton.value;
  let covariance: Float64Array | null = null;
  const converged = newton.converged || usable.customers === 0;
  if (newton.converged) {
    const at = toParams(newton.evaluatedTheta);
    covariance = invertMatrix(fromLogScaleHessian([at.p, at.q, at.gamma], newton.gradient, newton.hessian).map((h) => -h), 3);
  } else {
    theta = search(usable.rows, Math.max(usable.customers, 1e-300));
    ll = likelihood(toParams(theta));
  }
  const scaled = toParams(theta);
  covariance ??= covarianceAtOptimum((v, out) => void likelihood({ p: v[0] ?? 0, q: v[1] ?? 0, gamma: v[2] ?? 0 }, out), [scaled.p, scaled.q, scaled.gamma]).covariance;
  // Back to the input money unit: γ and its covariances scale with money.
  for (let i = 0; i < 3; i++) {
    covariance[i * 3 + 2] = (covariance[i * 3 + 2] ?? 0) * scale;
    covariance[6 + i] = (covariance[6 + i] ?? 0) * scale;
  }
  const se = (i: number) => {
    const v = covariance[i * 4] ?? Infinity;
    return v >= 0 && Number.isFinite(v) ? Math.sqrt(v) : Infinity;
  };
  const params = { ...scaled, gamma: scaled.gamma * scale };
  return {
    params,
    standardErrors: { p: se(0), q: se(1), gamma: se(2) },
    covariance,
    // Rescaling spends by s shifts each customer's ℓ by −ln s.
    logLikelihood: usable.customers > 0 && Number.isFinite(ll) ? ll - usable.customers * Math.log(scale) : 0,
    customers: usable.customers,
    excluded: usable.excluded,
    populationMeanSpend: params.q > 1 ? (params.gamma * params.p) / (params.q - 1) : usable.customers > 0 ? scale : 0,
    converged,
  };
}
