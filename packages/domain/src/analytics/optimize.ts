// Unconstrained minimisers for the model fits (parameters are optimised on the
// log scale, so no bounds are needed). BFGS uses analytic gradients and is the
// workhorse; Nelder-Mead needs only values and rescues fits where BFGS stalls.

/** Writes the gradient into `grad` and returns the value; non-finite means "outside the domain". */
export type ObjectiveWithGradient = (theta: Float64Array, grad: Float64Array) => number;
export type Objective = (theta: Float64Array) => number;

export interface MinimizeResult {
  theta: Float64Array;
  value: number;
  gradientNorm: number;
  iterations: number;
  evaluations: number;
  converged: boolean;
  /** BFGS only: the final inverse-Hessian approximation (row-major), reusable as a warm start. */
  inverseHessian?: Float64Array;
}

export interface BfgsOptions {
  maxIterations?: number;
  /** Stop when the largest gradient component falls below this. */
  gradientTolerance?: number;
  /** Initial inverse Hessian (row-major n×n), e.g. from a fit on a subsample. */
  inverseHessian?: Float64Array;
}

function maxAbs(v: Float64Array): number {
  let m = 0;
  for (let i = 0; i < v.length; i++) m = Math.max(m, Math.abs(v[i] ?? 0));
  return m;
}

function dot(u: Float64Array, v: Float64Array): number {
  let s = 0;
  for (let i = 0; i < u.length; i++) s += (u[i] ?? 0) * (v[i] ?? 0);
  return s;
}

/** BFGS with a backtracking Armijo line search; skips updates that would lose positive definiteness. */
export function minimizeBfgs(fg: ObjectiveWithGradient, start: ArrayLike<number>, options: BfgsOptions = {}): MinimizeResult {
  const n = start.length;
  const maxIterations = options.maxIterations ?? 500;
  const tolerance = options.gradientTolerance ?? 1e-9;
  let theta = Float64Array.from(start);
  let grad = new Float64Array(n);
  let value = fg(theta, grad);
  let evaluations = 1;
  if (!Number.isFinite(value)) {
    return { theta, value, gradientNorm: Infinity, iterations: 0, evaluations, converged: false };
  }
  const h = new Float64Array(n * n);
  const initialH = options.inverseHessian;
  let scaledYet = initialH !== undefined;
  if (initialH) h.set(initialH);
  else for (let i = 0; i < n; i++) h[i * n + i] = 1;

  const direction = new Float64Array(n);
  const trial = new Float64Array(n);
  const trialGrad = new Float64Array(n);
  const s = new Float64Array(n);
  const y = new Float64Array(n);
  const hy = new Float64Array(n);
  let iterations = 0;
  for (; iterations < maxIterations; iterations++) {
    if (maxAbs(grad) < tolerance) {
      return { theta, value, gradientNorm: maxAbs(grad), iterations, evaluations, converged: true, inverseHessian: h };
    }
    for (let i = 0; i < n; i++) {
      let d = 0;
      for (let j = 0; j < n; j++) d -= (h[i * n + j] ?? 0) * (grad[j] ?? 0);
      direction[i] = d;
    }
    let slope = dot(direction, grad);
    if (!(slope < 0)) {
      // Lost descent: restart from steepest descent.
      h.fill(0);
      for (let i = 0; i < n; i++) {
        h[i * n + i] = 1;
        direction[i] = -(grad[i] ?? 0);
      }
      slope = dot(direction, grad);
      scaledYet = false;
    }
    // Unscaled first steps on the log scale should not leave the region of sane parameters.
    let step = 1;
    const longest = maxAbs(direction);
    if (!scaledYet && longest > 1) step = 1 / longest;
    let accepted = false;
    let trialValue = NaN;
    for (let k = 0; k < 60; k++) {
      for (let i = 0; i < n; i++) trial[i] = (theta[i] ?? 0) + step * (direction[i] ?? 0);
      trialValue = fg(trial, trialGrad);
      evaluations++;
      if (Number.isFinite(trialValue) && trialValue <= value + 1e-4 * step * slope) {
        accepted = true;
        break;
      }
      // Backtrack to the minimiser of the quadratic through f(0), f'(0) and f(step), kept within [0.1, 0.5]·step.
      if (Number.isFinite(trialValue)) {
        const curvature = trialValue - value - slope * step;
        const quadratic = curvature > 0 ? (-slope * step * step) / (2 * curvature) : 0.5 * step;
        step = Math.min(0.5 * step, Math.max(0.1 * step, quadratic));
      } else step *= 0.1;
    }
    if (!accepted) break;
    for (let i = 0; i < n; i++) {
      s[i] = (trial[i] ?? 0) - (theta[i] ?? 0);
      y[i] = (trialGrad[i] ?? 0) - (grad[i] ?? 0);
    }
    const sy = dot(s, y);
    const improvement = value - trialValue;
    [theta, grad] = [Float64Array.from(trial), Float64Array.from(trialGrad)];
    value = trialValue;
    if (sy > 1e-300) {
      if (!scaledYet) {
        // Shanno–Phua scaling of the identity before the first update.
        const scale = sy / dot(y, y);
        h.fill(0);
        for (let i = 0; i < n; i++) h[i * n + i] = scale;
        scaledYet = true;
      }
      for (let i = 0; i < n; i++) {
        let v = 0;
        for (let j = 0; j < n; j++) v += (h[i * n + j] ?? 0) * (y[j] ?? 0);
        hy[i] = v;
      }
      const yhy = dot(y, hy);
      const rho = 1 / sy;
      for (let i = 0; i < n; i++) {
        for (let j = 0; j < n; j++) {
          const si = s[i] ?? 0;
          const sj = s[j] ?? 0;
          const idx = i * n + j;
          h[idx] = (h[idx] ?? 0) + (1 + yhy * rho) * rho * si * sj - rho * ((hy[i] ?? 0) * sj + si * (hy[j] ?? 0));
        }
      }
    }
    // Converged in value when the step no longer changes anything representable.
    if (improvement <= 1e-16 * Math.abs(value) && maxAbs(s) < 1e-12) break;
  }
  // Stopped because no step improves the value any more: that is convergence to
  // machine precision when the gradient is already small.
  const gradientNorm = maxAbs(grad);
  const converged = gradientNorm < Math.max(tolerance, 1e-6 * (1 + Math.abs(value)));
  return { theta, value, gradientNorm, iterations, evaluations, converged, inverseHessian: h };
}

export interface NelderMeadOptions {
  maxEvaluations?: number;
  /** Stop when the simplex values differ by less than this. */
  valueTolerance?: number;
  initialStep?: number;
  restarts?: number;
}

/** Nelder-Mead with restarts around the best vertex (guards against a collapsed simplex). */
export function minimizeNelderMead(f: Objective, start: ArrayLike<number>, options: NelderMeadOptions = {}): MinimizeResult {
  const n = start.length;
  const maxEvaluations = options.maxEvaluations ?? 20_000;
  const tolerance = options.valueTolerance ?? 1e-12;
  const restarts = options.restarts ?? 3;
  let best = Float64Array.from(start);
  let bestValue = f(best);
  let evaluations = 1;
  let iterations = 0;
  const safe = (v: number) => (Number.isFinite(v) ? v : Infinity);
  bestValue = safe(bestValue);
  for (let restart = 0; restart <= restarts; restart++) {
    const step = (options.initialStep ?? 0.5) / (restart + 1);
    const points: Float64Array<ArrayBuffer>[] = [Float64Array.from(best)];
    const values: number[] = [bestValue];
    for (let i = 0; i < n; i++) {
      const p = Float64Array.from(best);
      p[i] = (p[i] ?? 0) + step;
      points.push(p);
      values.push(safe(f(p)));
      evaluations++;
    }
    const centroid = new Float64Array(n);
    const along = (from: Float64Array, to: Float64Array, t: number) => {
      const p = new Float64Array(n);
      for (let i = 0; i < n; i++) p[i] = (from[i] ?? 0) + t * ((to[i] ?? 0) - (from[i] ?? 0));
      return p;
    };
    while (evaluations < maxEvaluations) {
      iterations++;
      const order = values.map((_, i) => i).sort((i, j) => (values[i] ?? 0) - (values[j] ?? 0));
      const sortedPoints = order.map((i) => points[i] ?? new Float64Array(n));
      const sortedValues = order.map((i) => values[i] ?? Infinity);
      points.splice(0, points.length, ...sortedPoints);
      values.splice(0, values.length, ...sortedValues);
      const lowest = values[0] ?? Infinity;
      const highest = values[n] ?? Infinity;
      if (Math.abs(highest - lowest) <= tolerance * (Math.abs(lowest) + tolerance)) break;
      centroid.fill(0);
      for (let k = 0; k < n; k++) for (let i = 0; i < n; i++) centroid[i] = (centroid[i] ?? 0) + (points[k]?.[i] ?? 0) / n;
      const worst = points[n] ?? new Float64Array(n);
      const reflected = along(centroid, worst, -1);
      const fr = safe(f(reflected));
      evaluations++;
      if (fr < lowest) {
        const expanded = along(centroid, worst, -2);
        const fe = safe(f(expanded));
        evaluations++;
        if (fe < fr) [points[n], values[n]] = [expanded, fe];
        else [points[n], values[n]] = [reflected, fr];
      } else if (fr < (values[n - 1] ?? Infinity)) {
        [points[n], values[n]] = [reflected, fr];
      } else {
        const contracted = fr < highest ? along(centroid, worst, -0.5) : along(centroid, worst, 0.5);
        const fc = safe(f(contracted));
        evaluations++;
        if (fc < Math.min(fr, highest)) [points[n], values[n]] = [contracted, fc];
        else {
          const anchor = points[0] ?? new Float64Array(n);
          for (let k = 1; k <= n; k++) {
            const shrunk = along(anchor, points[k] ?? anchor, 0.5);
            points[k] = shrunk;
            values[k] = safe(f(shrunk));
            evaluations++;
          }
        }
      }
    }
    let bi = 0;
    for (let k = 1; k <= n; k++) if ((values[k] ?? Infinity) < (values[bi] ?? Infinity)) bi = k;
    const candidate = points[bi];
    const candidateValue = values[bi] ?? Infinity;
    const improved = candidateValue < bestValue - tolerance * Math.abs(bestValue);
    if (candidate && candidateValue <= bestValue) [best, bestValue] = [candidate, candidateValue];
    if (!improved && restart > 0) break;
  }
  return { theta: best, value: bestValue, gradientNorm: Infinity, iterations, evaluations, converged: Number.isFinite(bestValue) };
}
