// Customers drawn from the models' own generative process, for parameter
// recovery tests and benchmarks.
import type { BgNbdParams } from './bgnbd.ts';
import type { GammaGammaParams } from './gammaGamma.ts';
import { createRandom } from './random.ts';

export interface SimulationOptions {
  customers: number;
  bgnbd: BgNbdParams;
  /** When given, each repeat purchase's spend is drawn from the Gamma-Gamma model. */
  spend?: GammaGammaParams;
  /** Observation length T per customer: a constant or a uniform range [min, max]. */
  T: number | readonly [number, number];
  seed: number;
}

export interface SimulatedCustomers {
  x: Float64Array;
  tx: Float64Array;
  T: Float64Array;
  /** Mean spend over repeat purchases (0 when x = 0). */
  meanSpend: Float64Array;
}

/**
 * BG/NBD: λ ~ Gamma(r, α), p ~ Beta(a, b); purchases follow a Poisson process
 * with rate λ from time 0, and after each repeat purchase the customer drops
 * out with probability p. Gamma-Gamma: ν ~ Gamma(q, γ), each spend ~ Gamma(p, ν),
 * so the sum of x spends is Gamma(px, ν).
 */
export function simulateCustomers(options: SimulationOptions): SimulatedCustomers {
  const { customers: n, bgnbd, spend } = options;
  const random = createRandom(options.seed);
  const x = new Float64Array(n);
  const tx = new Float64Array(n);
  const T = new Float64Array(n);
  const meanSpend = new Float64Array(n);
  const [lowT, highT] = typeof options.T === 'number' ? [options.T, options.T] : options.T;
  for (let i = 0; i < n; i++) {
    const horizon = lowT + (highT - lowT) * random.uniform();
    const lambda = random.gamma(bgnbd.r, bgnbd.alpha);
    const dropout = random.beta(bgnbd.a, bgnbd.b);
    let time = 0;
    let count = 0;
    let last = 0;
    for (;;) {
      time += random.exponential(lambda);
      if (!(time <= horizon)) break;
      count++;
      last = time;
      if (random.uniform() < dropout) break;
    }
    x[i] = count;
    tx[i] = last;
    T[i] = horizon;
    if (spend && count > 0) {
      const nu = random.gamma(spend.q, spend.gamma);
      meanSpend[i] = random.gamma(spend.p * count, nu) / count;
    }
  }
  return { x, tx, T, meanSpend };
}
