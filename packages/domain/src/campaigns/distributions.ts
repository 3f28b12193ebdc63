// Normal and Student t distributions from the regularized incomplete gamma and
// beta functions, so p-values and intervals need no statistics package.
import { lgamma } from '../analytics/lgamma.ts';

const EPS = 1e-16;
const TINY = 1e-300;
const MAX_ITER = 500;

/** Regularized lower incomplete gamma P(a, x) and its complement Q(a, x), each computed where it is accurate. */
export function regularizedGamma(a: number, x: number): { p: number; q: number } {
  if (x <= 0) return { p: 0, q: 1 };
  const logPrefix = -x + a * Math.log(x) - lgamma(a);
  if (x < a + 1) {
    // Series: converges fast below the mean.
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < MAX_ITER; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * EPS) break;
    }
    const p = Math.exp(logPrefix) * sum;
    return { p, q: 1 - p };
  }
  // Continued fraction for Q (modified Lentz).
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < MAX_ITER; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) break;
  }
  const q = Math.exp(logPrefix) * h;
  return { p: 1 - q, q };
}

function betaContinuedFraction(x: number, a: number, b: number): number {
  const qab = a + b;
  const qap = a + 1;
  const qam = a - 1;
  let c = 1;
  let d = 1 - (qab * x) / qap;
  if (Math.abs(d) < TINY) d = TINY;
  d = 1 / d;
  let h = d;
  for (let m = 1; m < MAX_ITER; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((qam + m2) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (qab + m) * x) / ((a + m2) * (qap + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < TINY) d = TINY;
    c = 1 + aa / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPS) break;
  }
  return h;
}

/**
 * Regularized incomplete beta I_x(a, b). `xc` = 1 − x may be passed when the
 * caller knows it more precisely than 1 − x (t tails near zero).
 */
export function regularizedBeta(x: number, a: number, b: number, xc = 1 - x): number {
  if (x <= 0) return 0;
  if (xc <= 0) return 1;
  const logPrefix = lgamma(a + b) - lgamma(a) - lgamma(b) + a * Math.log(x) + b * Math.log(xc);
  // The fraction converges quickly on this side of the mean; the other side by symmetry.
  if (x < (a + 1) / (a + b + 2)) return (Math.exp(logPrefix) * betaContinuedFraction(x, a, b)) / a;
  return 1 - (Math.exp(logPrefix) * betaContinuedFraction(xc, b, a)) / b;
}

/** Standard normal density. */
export function normalPdf(x: number): number {
  return Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);
}

/** Standard normal Φ(x), accurate in both tails (Φ(x) = ½·erfc(−x/√2), erfc from the incomplete gamma). */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x === Infinity) return 1;
  if (x === -Infinity) return 0;
  const { p, q } = regularizedGamma(0.5, (x * x) / 2);
  return x < 0 ? 0.5 * q : 0.5 + 0.5 * p;
}

/** Φ⁻¹(p): a rational start (Abramowitz & Stegun 26.2.23) polished by Halley steps on Φ. */
export function normalQuantile(p: number): number {
  if (!(p >= 0 && p <= 1)) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p === 0.5) return 0;
  const lower = p < 0.5;
  const tail = lower ? p : 1 - p;
  const t = Math.sqrt(-2 * Math.log(tail));
  let x = -(t - (2.515517 + 0.802853 * t + 0.010328 * t * t) / (1 + 1.432788 * t + 0.189269 * t * t + 0.001308 * t * t * t));
  // Newton/Halley on the lower tail, where Φ keeps full relative precision.
  for (let i = 0; i < 6; i++) {
    const f = normalCdf(x) - tail;
    const pdf = normalPdf(x);
    if (pdf === 0) break;
    const u = f / pdf;
    const step = u / (1 + (x * u) / 2);
    x -= step;
    if (Math.abs(step) < 1e-15 * Math.max(1, Math.abs(x))) break;
  }
  return lower ? x : -x;
}

/** Two-sided p-value of a standard normal statistic. */
export function normalTwoSidedP(z: number): number {
  return 2 * normalCdf(-Math.abs(z));
}

/** Student t density with ν degrees of freedom. */
export function studentTPdf(t: number, df: number): number {
  const logC = lgamma((df + 1) / 2) - lgamma(df / 2) - 0.5 * Math.log(df * Math.PI);
  return Math.exp(logC - ((df + 1) / 2) * Math.log1p((t * t) / df));
}

/** P(|T| ≥ |t|) for T ~ t(ν): I_{ν/(ν+t²)}(ν/2, ½). */
export function studentTTwoSidedP(t: number, df: number): number {
  if (!Number.isFinite(t)) return Number.isNaN(t) ? NaN : 0;
  const t2 = t * t;
  return regularizedBeta(df / (df + t2), df / 2, 0.5, t2 / (df + t2));
}

/** Student t CDF; df may be fractional (Welch–Satterthwaite). */
export function studentTCdf(t: number, df: number): number {
  if (Number.isNaN(t) || !(df > 0)) return NaN;
  if (t === Infinity) return 1;
  if (t === -Infinity) return 0;
  const tail = 0.5 * studentTTwoSidedP(t, df);
  return t < 0 ? tail : 1 - tail;
}

/** t quantile: bracketing plus safeguarded Newton steps on the CDF (tail-side, for precision). */
export function studentTQuantile(p: number, df: number): number {
  if (!(p >= 0 && p <= 1) || !(df > 0)) return NaN;
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  if (p === 0.5) return 0;
  const lower = p < 0.5;
  const tail = lower ? p : 1 - p;
  // Solve lowerTail(x) = tail for x < 0, where lowerTail is increasing.
  const lowerTail = (x: number) => 0.5 * studentTTwoSidedP(x, df);
  let hi = 0;
  let lo = Math.min(-1, normalQuantile(tail));
  while (lowerTail(lo) > tail) {
    hi = lo;
    lo *= 2;
    if (lo < -1e300) break;
  }
  let x = Math.max(lo, Math.min(hi, normalQuantile(tail)));
  for (let i = 0; i < 200; i++) {
    const f = lowerTail(x) - tail;
    if (f === 0) break;
    if (f > 0) hi = x;
    else lo = x;
    const pdf = studentTPdf(x, df);
    let next = pdf > 0 ? x - f / pdf : (lo + hi) / 2;
    if (!(next > lo && next < hi)) next = (lo + hi) / 2;
    if (Math.abs(next - x) <= 1e-15 * Math.max(1, Math.abs(x))) { x = next; break; }
    x = next;
  }
  return lower ? x : -x;
}
