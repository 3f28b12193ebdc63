// Seeded pseudo-random numbers and the samplers the simulations need, so
// simulated data sets (and the tests built on them) are reproducible.

export interface Random {
  /** Uniform on [0, 1) with 53 random bits. */
  uniform(): number;
  normal(): number;
  exponential(rate: number): number;
  /** Gamma with the given shape and rate (mean shape/rate). */
  gamma(shape: number, rate: number): number;
  beta(a: number, b: number): number;
  poisson(mean: number): number;
}

/** xoshiro128** seeded through splitmix32. */
export function createRandom(seed: number): Random {
  let s = seed >>> 0;
  const splitmix = () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix();
  let b = splitmix();
  let c = splitmix();
  let d = splitmix();
  const next32 = () => {
    const result = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0;
    const t = b << 9;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = rotl(d, 11);
    return result;
  };
  const uniform = () => ((next32() >>> 5) * 67108864 + (next32() >>> 6)) / 9007199254740992;
  let spareNormal: number | null = null;
  const normal = () => {
    if (spareNormal !== null) {
      const v = spareNormal;
      spareNormal = null;
      return v;
    }
    // Marsaglia polar method.
    for (;;) {
      const u = 2 * uniform() - 1;
      const v = 2 * uniform() - 1;
      const q = u * u + v * v;
      if (q > 0 && q < 1) {
        const f = Math.sqrt((-2 * Math.log(q)) / q);
        spareNormal = v * f;
        return u * f;
      }
    }
  };
  const gamma = (shape: number, rate: number): number => {
    if (shape < 1) {
      // Boost: Gamma(k) = Gamma(k+1) · U^(1/k).
      return gamma(shape + 1, rate) * Math.pow(1 - uniform(), 1 / shape);
    }
    // Marsaglia & Tsang (2000).
    const dd = shape - 1 / 3;
    const cc = 1 / Math.sqrt(9 * dd);
    for (;;) {
      let x: number;
      let v: number;
      do {
        x = normal();
        v = 1 + cc * x;
      } while (v <= 0);
      v = v * v * v;
      const u = 1 - uniform();
      if (u < 1 - 0.0331 * x * x * x * x || Math.log(u) < 0.5 * x * x + dd * (1 - v + Math.log(v))) return (dd * v) / rate;
    }
  };
  const poisson = (mean: number): number => {
    if (!(mean > 0)) return 0;
    if (mean < 30) {
      // Knuth: multiply uniforms until the product falls below e^−mean.
      const limit = Math.exp(-mean);
      let k = 0;
      let product = uniform();
      while (product > limit) {
        k++;
        product *= uniform();
      }
      return k;
    }
    // Large means: split into a gamma-distributed waiting time (Ahrens & Dieter's recursion).
    const m = Math.floor(0.875 * mean);
    const g = gamma(m, 1);
    if (g > mean) return binomial(m - 1, mean / g);
    return m + poisson(mean - g);
  };
  const binomial = (n: number, p: number): number => {
    let k = 0;
    for (let i = 0; i < n; i++) if (uniform() < p) k++;
    return k;
  };
  return {
    uniform,
    normal,
    exponential: (rate) => -Math.log(1 - uniform()) / rate,
    gamma,
    beta: (x, y) => {
      const g1 = gamma(x, 1);
      return g1 / (g1 + gamma(y, 1));
    },
    poisson,
  };
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}
