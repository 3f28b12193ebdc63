// Newton's method with analytic Hessians: from a start near the optimum (a fit
// on a subsample) it converges in a few passes over the data, where BFGS needs
// dozens — each pass over a million rows is the expensive part.
import { solvePositiveDefinite } from './matrix.ts';

/** Writes the gradient and row-major Hessian of the function to maximise; returns its value (−Infinity outside the domain). */
export type ObjectiveWithHessian = (theta: Float64Array, grad: Float64Array, hessian: Float64Array) => number;

export interface NewtonResult {
  theta: Float64Array;
  value: number;
  /** The point where `gradient` and `hessian` were evaluated (one Newton step before `theta` when converged). */
  evaluatedTheta: Float64Array;
  gradient: Float64Array;
  hessian: Float64Array;
  /** Half the Newton decrement gᵀ(−H)⁻¹g: the gain still expected from another step. */
  expectedGain: number;
  evaluations: number;
  converged: boolean;
}

/** Maximises with damped Newton steps; stops unconverged if the Hessian is not negative definite. */
export function maximizeNewton(fgh: ObjectiveWithHessian, start: ArrayLike<number>, tolerance = 1e-7, maxIterations = 50): NewtonResult {
  const n = start.length;
  let theta = Float64Array.from(start);
  let gradient = new Float64Array(n);
  let hessian = new Float64Array(n * n);
  let value = fgh(theta, gradient, hessian);
  let evaluations = 1;
  let expectedGain = Infinity;
  const trial = new Float64Array(n);
  for (let iteration = 0; iteration < maxIterations && Number.isFinite(value); iteration++) {
    const negative = hessian.map((h) => -h);
    const step = solvePositiveDefinite(negative, gradient, n);
    if (!step) break;
    let decrement = 0;
    for (let i = 0; i < n; i++) decrement += (gradient[i] ?? 0) * (step[i] ?? 0);
    expectedGain = decrement / 2;
    if (expectedGain < tolerance) {
      // The last step is taken without another pass over the data: the quadratic
      // model is exact to far below `tolerance` here, and the gradient and Hessian
      // of the previous point differ from the optimum's only negligibly.
      const final = theta.map((t, i) => t + (step[i] ?? 0));
      return { theta: final, evaluatedTheta: theta, value: value + expectedGain, gradient, hessian, expectedGain, evaluations, converged: true };
    }
    let t = 1;
    let accepted = false;
    const trialGradient = new Float64Array(n);
    const trialHessian = new Float64Array(n * n);
    for (let k = 0; k < 30; k++) {
      for (let i = 0; i < n; i++) trial[i] = (theta[i] ?? 0) + t * (step[i] ?? 0);
      const trialValue = fgh(trial, trialGradient, trialHessian);
      evaluations++;
      if (Number.isFinite(trialValue) && trialValue >= value + 1e-4 * t * decrement) {
        theta = Float64Array.from(trial);
        value = trialValue;
        gradient = trialGradient;
        hessian = trialHessian;
        accepted = true;
        break;
      }
      // A step that cannot improve by rounding alone means we are at the optimum.
      if (Number.isFinite(trialValue) && expectedGain < 1e-12 * Math.max(1, Math.abs(value))) {
        return { theta, evaluatedTheta: theta, value, gradient, hessian, expectedGain, evaluations, converged: true };
      }
      t /= 2;
    }
    if (!accepted) break;
  }
  return { theta, evaluatedTheta: theta, value, gradient, hessian, expectedGain, evaluations, converged: false };
}

/**
 * Gradient and Hessian on θ = ln(params) from those on the natural scale:
 * g_θ = p∘g, H_θ = diag(p)·H·diag(p) + diag(p∘g).
 */
export function toLogScale(params: ArrayLike<number>, gradient: Float64Array, hessian: Float64Array): void {
  const n = params.length;
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) hessian[i * n + j] = (hessian[i * n + j] ?? 0) * (params[i] ?? 0) * (params[j] ?? 0);
  }
  for (let i = 0; i < n; i++) {
    gradient[i] = (gradient[i] ?? 0) * (params[i] ?? 0);
    hessian[i * n + i] = (hessian[i * n + i] ?? 0) + (gradient[i] ?? 0);
  }
}

/** Inverse of toLogScale: natural-scale Hessian from the θ-scale gradient and Hessian. */
export function fromLogScaleHessian(params: ArrayLike<number>, gradientTheta: Float64Array, hessianTheta: Float64Array): Float64Array {
  const n = params.length;
  const out = new Float64Array(n * n);
  for (let i = 0; i < n; i++) {
    for (let j = 0; j < n; j++) {
      const h = (hessianTheta[i * n + j] ?? 0) - (i === j ? (gradientTheta[i] ?? 0) : 0);
      out[i * n + j] = h / ((params[i] ?? 1) * (params[j] ?? 1));
    }
  }
  return out;
}
