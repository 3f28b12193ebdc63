import { describe, expect, it } from 'vitest';
import type { BgNbdParams } from './bgnbd.ts';
import { fitBgNbd } from './bgnbdFit.ts';
import type { GammaGammaParams } from './gammaGamma.ts';
import { fitGammaGamma } from './gammaGammaFit.ts';
import { groupTriples } from './groupTriples.ts';
import { simulateCustomers } from './simulate.ts';

// Simulate from the models' own generative process and refit: each true value
// must lie inside estimate ± 1.96·SE. Seeds are fixed, so the outcome is
// deterministic; a broken likelihood, gradient or Hessian (wrong SEs) fails it.
const SPEND: GammaGammaParams = { p: 6, q: 4, gamma: 15 };
const CASES: { name: string; params: BgNbdParams; seed: number }[] = [
  { name: 'lifetimes’ test values', params: { r: 0.25, alpha: 4, a: 0.8, b: 2.5 }, seed: 1 },
  { name: 'heavy churn (mean p ≈ 0.57)', params: { r: 0.5, alpha: 10, a: 2, b: 1.5 }, seed: 2 },
  { name: 'loyal, frequent buyers', params: { r: 1.2, alpha: 6, a: 0.5, b: 5 }, seed: 3 },
];

describe('parameter recovery from 50,000 simulated customers', () => {
  for (const { name, params, seed } of CASES) {
    it(name, () => {
      const customers = simulateCustomers({ customers: 50_000, bgnbd: params, spend: SPEND, T: [20, 78], seed });
      const bgnbd = fitBgNbd(groupTriples(customers));
      expect(bgnbd.converged).toBe(true);
      for (const key of ['r', 'alpha', 'a', 'b'] as const) {
        const se = bgnbd.standardErrors[key];
        expect(se).toBeGreaterThan(0);
        expect(Math.abs(bgnbd.params[key] - params[key])).toBeLessThanOrEqual(1.96 * se);
      }
      const spend = fitGammaGamma(customers);
      expect(spend.converged).toBe(true);
      for (const key of ['p', 'q', 'gamma'] as const) {
        expect(Math.abs(spend.params[key] - SPEND[key])).toBeLessThanOrEqual(1.96 * spend.standardErrors[key]);
      }
    });
  }
});
