// Batch evaluation of per-customer functions f(x, T) that are expensive (a
// hypergeometric series each) but smooth in T for fixed integer x. For each x
// with many customers, f(x, ·) is interpolated by a Chebyshev polynomial in
// s = ln(α + T) — the log moves the singularities at T = −α and T = −α−t far
// from the interval — and every interpolant is checked against exact values
// between its nodes; x values that fail the check (or have few customers) are
// evaluated exactly. Cost per customer: one logarithm and a short Clenshaw sum.

const DEGREES = [12, 24, 48] as const;
const RELATIVE_TOLERANCE = 1e-11;
const EXACT_BELOW = 64;

function chebyshevCoefficients(values: Float64Array): Float64Array {
  const n = values.length;
  const c = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    let sum = 0;
    for (let j = 0; j < n; j++) sum += (values[j] ?? 0) * Math.cos((Math.PI * k * (j + 0.5)) / n);
    c[k] = (2 / n) * sum;
  }
  c[0] = (c[0] ?? 0) / 2;
  return c;
}

function clenshaw(c: Float64Array, offset: number, n: number, u: number): number {
  let b1 = 0;
  let b2 = 0;
  const u2 = 2 * u;
  for (let k = offset + n - 1; k > offset; k--) {
    const b0 = (c[k] ?? 0) + u2 * b1 - b2;
    b2 = b1;
    b1 = b0;
  }
  return (c[offset] ?? 0) + u * b1 - b2;
}

interface Interpolant {
  coefficients: Float64Array;
  lo: number;
  hi: number;
}

function interpolate(f: (T: number) => number, alpha: number, sLo: number, sHi: number): Interpolant | null {
  const half = (sHi - sLo) / 2;
  const mid = (sHi + sLo) / 2;
  const toT = (s: number) => Math.max(Math.exp(s) - alpha, 0);
  for (const n of DEGREES) {
    const values = new Float64Array(n);
    for (let j = 0; j < n; j++) values[j] = f(toT(mid + half * Math.cos((Math.PI * (j + 0.5)) / n)));
    const coefficients = chebyshevCoefficients(values);
    let scale = 0;
    for (const v of values) scale = Math.max(scale, Math.abs(v));
    // Check halfway between nodes, where interpolation error peaks, including near both ends.
    let ok = true;
    for (let j = 0; j < n - 1 && ok; j += Math.max(1, Math.floor(n / 8))) {
      const u = Math.cos((Math.PI * (j + 1)) / n);
      const exact = f(toT(mid + half * u));
      if (!(Math.abs(clenshaw(coefficients, 0, n, u) - exact) <= RELATIVE_TOLERANCE * Math.max(scale, 1e-300))) ok = false;
    }
    if (ok) return { coefficients, lo: sLo, hi: sHi };
  }
  return null;
}

/** f(x[i], T[i]) for every row; x must hold non-negative integers. */
export function evaluateByX(x: Float64Array, T: Float64Array, alpha: number, f: (x: number, T: number) => number): Float64Array {
  const n = x.length;
  const out = new Float64Array(n);
  let maxX = 0;
  for (let i = 0; i < n; i++) maxX = Math.max(maxX, x[i] ?? 0);
  const count = new Float64Array(maxX + 1);
  const sLo = new Float64Array(maxX + 1).fill(Infinity);
  const sHi = new Float64Array(maxX + 1).fill(-Infinity);
  for (let i = 0; i < n; i++) {
    const k = x[i] ?? 0;
    count[k] = (count[k] ?? 0) + 1;
    const t = T[i] ?? 0;
    if (t < (sLo[k] ?? Infinity)) sLo[k] = t;
    if (t > (sHi[k] ?? -Infinity)) sHi[k] = t;
  }
  const degree = new Int32Array(maxX + 1);
  const offset = new Int32Array(maxX + 1);
  const parts: Interpolant[] = [];
  let total = 0;
  for (let k = 0; k <= maxX; k++) {
    const lo = Math.log(alpha + (sLo[k] ?? 0));
    const hi = Math.log(alpha + (sHi[k] ?? 0));
    if ((count[k] ?? 0) < EXACT_BELOW || !(hi > lo)) continue;
    const fit = interpolate((t) => f(k, t), alpha, lo, hi);
    if (!fit) continue;
    sLo[k] = lo;
    sHi[k] = hi;
    degree[k] = fit.coefficients.length;
    offset[k] = total;
    total += fit.coefficients.length;
    parts.push(fit);
  }
  const coefficients = new Float64Array(total);
  let at = 0;
  for (const part of parts) {
    coefficients.set(part.coefficients, at);
    at += part.coefficients.length;
  }
  for (let i = 0; i < n; i++) {
    const k = x[i] ?? 0;
    const d = degree[k] ?? 0;
    const t = T[i] ?? 0;
    if (d === 0) {
      out[i] = f(k, t);
      continue;
    }
    const lo = sLo[k] ?? 0;
    const hi = sHi[k] ?? 0;
    const u = (2 * Math.log(alpha + t) - lo - hi) / (hi - lo);
    out[i] = clenshaw(coefficients, offset[k] ?? 0, d, Math.min(1, Math.max(-1, u)));
  }
  return out;
}
