// Customer lifetime value: discounted expected spend over a horizon, in the
// style of lifetimes' customer_lifetime_value:
//   CLV = Σ_{m=1..M} (E[Y(m)] − E[Y(m−1)]) · E[spend] / (1 + d)^m
// with E[Y] from BG/NBD and E[spend] from Gamma-Gamma. E[Y(t)] = P(alive)·G(t),
// so CLV = P(alive) · E[spend] · Σ_m (G(m) − G(m−1)) / (1+d)^m.
//
// Money: E[spend] is in the unit it was fitted in (minor units when it comes
// from summariseTransactions), so CLV is in that unit too. It is an
// expectation, kept fractional: rounding per customer would bias segment
// totals. Round only when displaying.
import type { BgNbdParams } from './bgnbd.ts';
import { expectedPurchasesIfAlive, probabilityAliveAll } from './bgnbdScore.ts';
import type { TripleRows } from './groupTriples.ts';
import { evaluateByX } from './interpolateByX.ts';

export interface ClvOptions {
  /** Number of discounting periods (months). */
  months: number;
  /** Discount rate per month, e.g. 0.01. */
  monthlyDiscountRate: number;
  /** Length of a month in the model's time unit (see monthLength). */
  monthLength: number;
}

/** A calendar-average month (365.25/12 days) in days or weeks. lifetimes uses 30 days or 4.345 weeks. */
export function monthLength(unit: 'day' | 'week'): number {
  const days = 365.25 / 12;
  return unit === 'day' ? days : days / 7;
}

/** Σ_m (G(m) − G(m−1)) / (1+d)^m for a customer known to be alive. */
export function discountedPurchasesIfAlive(params: BgNbdParams, x: number, T: number, options: ClvOptions): number {
  let total = 0;
  let previous = 0;
  let discount = 1;
  for (let m = 1; m <= options.months; m++) {
    const cumulative = expectedPurchasesIfAlive(params, m * options.monthLength, x, T);
    discount /= 1 + options.monthlyDiscountRate;
    total += (cumulative - previous) * discount;
    previous = cumulative;
  }
  return total;
}

/** One customer's CLV from its P(alive) and expected average order value. */
export function customerLifetimeValue(params: BgNbdParams, x: number, T: number, expectedSpend: number, pAlive: number, options: ClvOptions): number {
  return pAlive * expectedSpend * discountedPurchasesIfAlive(params, x, T, options);
}

/** CLV per row; `expectedSpend` per row (e.g. expectedAverageSpendAll), `pAlive` if already computed. */
export function customerLifetimeValues(
  params: BgNbdParams,
  rows: TripleRows,
  expectedSpend: Float64Array,
  options: ClvOptions,
  pAlive?: Float64Array,
): Float64Array {
  const alive = pAlive ?? probabilityAliveAll(params, rows);
  const out = evaluateByX(rows.x, rows.T, params.alpha, (x, T) => discountedPurchasesIfAlive(params, x, T, options));
  for (let i = 0; i < out.length; i++) out[i] = (alive[i] ?? 0) * (expectedSpend[i] ?? 0) * (out[i] ?? 0);
  return out;
}
