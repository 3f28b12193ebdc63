import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bgnbdLikelihood, bgnbdLogLikelihoodOne, type BgNbdParams } from './bgnbd.ts';
import { expectedPurchases, expectedPurchasesAll, expectedPurchasesIfAlive, probabilityAlive, probabilityAliveAll } from './bgnbdScore.ts';
import { hyp2f1 } from './hyp2f1.ts';

const P: BgNbdParams = { r: 0.25, alpha: 4, a: 0.8, b: 2.5 };

/** Γ without logarithms: shift the argument up to ≥ 30, Stirling's series there, divide back down. */
function gamma(z: number): number {
  let divisor = 1;
  while (z < 30) divisor *= z++;
  const stirling = Math.sqrt((2 * Math.PI) / z) * (z / Math.E) ** z * Math.exp(1 / (12 * z) - 1 / (360 * z ** 3) + 1 / (1260 * z ** 5));
  return stirling / divisor;
}

/** The closed form evaluated naively: products of gamma functions and powers, no log-space tricks. */
function naiveLikelihood(p: BgNbdParams, x: number, tx: number, T: number): number {
  const beta = (u: number, v: number) => (gamma(u) * gamma(v)) / gamma(u + v);
  const a1 = (gamma(p.r + x) * p.alpha ** p.r) / gamma(p.r);
  const a2 = beta(p.a, p.b + x) / beta(p.a, p.b);
  const a3 = (1 / (p.alpha + T)) ** (p.r + x);
  const a4 = x > 0 ? (p.a / (p.b + x - 1)) * (1 / (p.alpha + tx)) ** (p.r + x) : 0;
  return a1 * a2 * (a3 + a4);
}

describe('BG/NBD log-likelihood', () => {
  it('matches the worked checks in the notes (log-likelihood, not its negative)', () => {
    expect(bgnbdLogLikelihoodOne(P, 0, 0, 40)).toBeCloseTo(-0.59947382, 8);
    expect(bgnbdLogLikelihoodOne(P, 200, 38, 40)).toBeCloseTo(100.79569, 5);
  });

  it('equals a naive evaluation of the closed form on small cases to 1e-9', () => {
    const cases: [BgNbdParams, number, number, number][] = [
      [P, 0, 0, 40],
      [P, 1, 5, 40],
      [P, 3, 30.5, 38],
      [{ r: 1.3, alpha: 2, a: 2.2, b: 0.7 }, 5, 10, 12],
      [{ r: 0.6, alpha: 10, a: 0.3, b: 4 }, 2, 0.5, 70],
    ];
    for (const [p, x, tx, T] of cases) {
      const stable = bgnbdLogLikelihoodOne(p, x, tx, T);
      const naive = Math.log(naiveLikelihood(p, x, tx, T));
      expect(Math.abs(stable - naive)).toBeLessThan(1e-9 * Math.max(1, Math.abs(naive)));
    }
  });

  it('sums weighted individual terms, with gradient and Hessian matching finite differences', () => {
    const rows = { x: Float64Array.of(0, 1, 4, 2, 0), tx: Float64Array.of(0, 3, 20, 7.5, 0), T: Float64Array.of(30, 31, 32, 10, 5), weight: Float64Array.of(3, 1, 2, 1, 4) };
    const f = bgnbdLikelihood(rows);
    let direct = 0;
    for (let i = 0; i < 5; i++) direct += (rows.weight[i] ?? 0) * bgnbdLogLikelihoodOne(P, rows.x[i] ?? 0, rows.tx[i] ?? 0, rows.T[i] ?? 0);
    const gradient = new Float64Array(4);
    const hessian = new Float64Array(16);
    expect(f(P, gradient, hessian)).toBeCloseTo(direct, 10);
    const keys = ['r', 'alpha', 'a', 'b'] as const;
    keys.forEach((key, j) => {
      const h = 1e-6 * P[key];
      const up = { ...P, [key]: P[key] + h };
      const down = { ...P, [key]: P[key] - h };
      expect(gradient[j]).toBeCloseTo((f(up) - f(down)) / (2 * h), 5);
      const gUp = new Float64Array(4);
      const gDown = new Float64Array(4);
      f(up, gUp);
      f(down, gDown);
      for (let i = 0; i < 4; i++) {
        const numeric = ((gUp[i] ?? 0) - (gDown[i] ?? 0)) / (2 * h);
        expect(Math.abs((hessian[i * 4 + j] ?? 0) - numeric)).toBeLessThan(1e-5 * Math.max(1, Math.abs(numeric)));
      }
    });
  });
});

describe('BG/NBD predictions', () => {
  it('P(alive) is 1 without repeat purchases and falls as the customer stays silent', () => {
    expect(probabilityAlive(P, 0, 0, 40)).toBe(1);
    expect(probabilityAlive(P, 3, 39, 40)).toBeGreaterThan(probabilityAlive(P, 3, 10, 40));
    expect(probabilityAlive(P, 3, 40, 40)).toBeLessThanOrEqual(1);
  });

  it('E[Y(t)] equals the notes’ formula evaluated with hyp2f1 (and mpmath)', () => {
    const viaNotes = (p: BgNbdParams, t: number, x: number, tx: number, T: number) => {
      const z = t / (p.alpha + T + t);
      const num = ((p.a + p.b + x - 1) / (p.a - 1)) * (1 - ((p.alpha + T) / (p.alpha + T + t)) ** (p.r + x) * hyp2f1(p.r + x, p.b + x, p.a + p.b + x - 1, z));
      const den = 1 + (x > 0 ? 1 : 0) * (p.a / (p.b + x - 1)) * ((p.alpha + T) / (p.alpha + tx)) ** (p.r + x);
      return num / den;
    };
    const cdnow = { r: 0.2426, alpha: 4.4136, a: 0.7929, b: 2.4259 };
    expect(expectedPurchases(cdnow, 39, 2, 30.43, 38.86)).toBeCloseTo(1.2259226579870330512, 12);
    expect(expectedPurchases(cdnow, 39, 0, 0, 38.86)).toBeCloseTo(0.19478676916062001819, 12);
    expect(expectedPurchases(P, 100, 200, 38, 40) / 5.960116637349753999 - 1).toBeLessThan(1e-12);
    expect(expectedPurchases({ r: 0.5, alpha: 10, a: 2, b: 1.5 }, 0.01, 3, 10, 50) / 0.000021039013436450759955 - 1).toBeLessThan(1e-11);
    for (const [t, x, tx, T] of [[10, 0, 0, 20], [52, 5, 30, 40], [5, 1, 1, 60]] as const) {
      expect(expectedPurchases(P, t, x, tx, T) / viaNotes(P, t, x, tx, T) - 1).toBeLessThan(1e-10);
    }
  });

  it('E[Y(t)] is monotone in t and finite, also at a = 1', () => {
    fc.assert(
      fc.property(
        fc.record({
          r: fc.double({ min: 0.01, max: 5, noNaN: true }),
          alpha: fc.double({ min: 0.1, max: 50, noNaN: true }),
          a: fc.double({ min: 0.05, max: 5, noNaN: true }),
          b: fc.double({ min: 0.05, max: 10, noNaN: true }),
        }),
        fc.integer({ min: 0, max: 60 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.double({ min: 0.5, max: 100, noNaN: true }),
        fc.double({ min: 0, max: 200, noNaN: true }),
        fc.double({ min: 0, max: 200, noNaN: true }),
        (p, x, recencyShare, T, t1, t2) => {
          const tx = x > 0 ? recencyShare * T : 0;
          const [lo, hi] = t1 <= t2 ? [t1, t2] : [t2, t1];
          const eLo = expectedPurchases(p, lo, x, tx, T);
          const eHi = expectedPurchases(p, hi, x, tx, T);
          expect(Number.isFinite(eLo) && Number.isFinite(eHi)).toBe(true);
          expect(eHi).toBeGreaterThanOrEqual(eLo - 1e-12 * Math.max(1, eHi));
        },
      ),
      { numRuns: 300 },
    );
    expect(Number.isFinite(expectedPurchasesIfAlive({ r: 0.3, alpha: 5, a: 1, b: 2 }, 10, 2, 30))).toBe(true);
    expect(expectedPurchasesIfAlive({ r: 0.3, alpha: 5, a: 1, b: 2 }, 10, 2, 30)).toBeCloseTo(expectedPurchasesIfAlive({ r: 0.3, alpha: 5, a: 1 + 1e-7, b: 2 }, 10, 2, 30), 6);
  });

  it('batch scores agree with the scalar functions', () => {
    const rows = { x: new Float64Array(3000), tx: new Float64Array(3000), T: new Float64Array(3000) };
    for (let i = 0; i < 3000; i++) {
      rows.x[i] = i % 4;
      rows.T[i] = 1 + (i * 0.037) % 70;
      rows.tx[i] = rows.x[i] ? (rows.T[i] ?? 0) * ((i * 0.61) % 1) : 0;
    }
    const alive = probabilityAliveAll(P, rows);
    const expected = expectedPurchasesAll(P, rows, 26, alive);
    for (let i = 0; i < 3000; i += 7) {
      const exact = expectedPurchases(P, 26, rows.x[i] ?? 0, rows.tx[i] ?? 0, rows.T[i] ?? 0);
      expect(Math.abs((expected[i] ?? 0) - exact)).toBeLessThan(1e-10 * exact);
    }
  });
});
