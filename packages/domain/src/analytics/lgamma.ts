// JavaScript has no lnΓ or ψ; the likelihoods need both to ~1e-14.

const HALF_LOG_TWO_PI = 0.9189385332046727418;

// Lanczos approximation, g = 607/128 with 15 coefficients (Godfrey): relative
// error of Γ below 1e-15 for x ≥ 0.5.
const LANCZOS_G = 607 / 128;
const LANCZOS = [
  0.99999999999999709182, 57.156235665862923517, -59.597960355475491248, 14.136097974741747174,
  -0.49191381609762019978, 0.33994649984811888699e-4, 0.46523628927048575665e-4,
  -0.98374475304879564677e-4, 0.15808870322491248884e-3, -0.21026444172410488319e-3,
  0.2174396181152126432e-3, -0.16431810653676389022e-3, 0.84418223983852743293e-4,
  -0.2619083840158140867e-4, 0.36899182659531622704e-5,
] as const;

/** ln|Γ(x)|; NaN at the poles (0, −1, −2, …). */
export function lgamma(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x === Infinity) return Infinity;
  if (x <= 0 && Number.isInteger(x)) return NaN;
  if (x < 0.5) {
    // Reflection: Γ(x)Γ(1−x) = π / sin(πx).
    const s = Math.sin(Math.PI * x);
    if (s === 0) return NaN;
    return Math.log(Math.PI / Math.abs(s)) - lgamma(1 - x);
  }
  const y = x - 1;
  let sum = LANCZOS[0];
  for (let i = 1; i < LANCZOS.length; i++) sum += (LANCZOS[i] ?? 0) / (y + i);
  const t = y + LANCZOS_G + 0.5;
  return HALF_LOG_TWO_PI + (y + 0.5) * Math.log(t) - t + Math.log(sum);
}

/** ψ(x) = d lnΓ(x)/dx for x > 0 (the gradients only ever need positive arguments). */
export function digamma(x: number): number {
  if (!(x > 0)) return NaN;
  let shift = 0;
  // Recurrence ψ(x) = ψ(x+1) − 1/x until the asymptotic series is accurate to ~1e-15.
  while (x < 12) {
    shift -= 1 / x;
    x += 1;
  }
  const inv2 = 1 / (x * x);
  const series =
    inv2 * (1 / 12 - inv2 * (1 / 120 - inv2 * (1 / 252 - inv2 * (1 / 240 - inv2 * (1 / 132 - inv2 * (691 / 32760))))));
  return shift + Math.log(x) - 0.5 / x - series;
}

/** ψ′(x), the trigamma function, for x > 0 (analytic Hessians of the likelihoods). */
export function trigamma(x: number): number {
  if (!(x > 0)) return NaN;
  let shift = 0;
  while (x < 12) {
    shift += 1 / (x * x);
    x += 1;
  }
  const inv = 1 / x;
  const inv2 = inv * inv;
  // 1/x + 1/(2x²) + Σ B₂ₖ / x^(2k+1)
  const series = inv * (1 + inv * (0.5 + inv * (1 / 6 - inv2 * (1 / 30 - inv2 * (1 / 42 - inv2 * (1 / 30 - inv2 * (5 / 66 - inv2 * (691 / 2730))))))));
  return shift + series;
}
