// The whole customer-analytics run on summary arrays: fit BG/NBD and
// Gamma-Gamma, then score every customer. Shared by the CLI, the server and
// the benchmarks so they all compute the same thing.
import type { BgNbdFit } from './bgnbd.ts';
import { fitBgNbd } from './bgnbdFit.ts';
import { churnRiskBands, DEFAULT_CHURN_THRESHOLDS, expectedPurchasesAll, probabilityAliveAll, type ChurnRiskThresholds } from './bgnbdScore.ts';
import { customerLifetimeValues, monthLength } from './clv.ts';
import { expectedAverageSpendAll, type GammaGammaFit } from './gammaGamma.ts';
import { fitGammaGamma } from './gammaGammaFit.ts';
import { groupingPays, groupTriples, spreadToRows } from './groupTriples.ts';
import type { TimeUnit } from './summary.ts';

export interface SummaryArrays {
  x: Float64Array;
  tx: Float64Array;
  T: Float64Array;
  meanSpend: Float64Array;
}

export interface AnalysisOptions {
  unit: TimeUnit;
  /** Horizon of the expected-purchases score, in `unit`. */
  horizon: number;
  clvMonths: number;
  monthlyDiscountRate: number;
  churnThresholds?: ChurnRiskThresholds;
}

export const DEFAULT_ANALYSIS: AnalysisOptions = { unit: 'week', horizon: 52, clvMonths: 12, monthlyDiscountRate: 0.01 };

export interface CustomerAnalysis {
  bgnbd: BgNbdFit;
  gammaGamma: GammaGammaFit;
  pAlive: Float64Array;
  expectedPurchases: Float64Array;
  /** Expected average order value, in the spends' money unit. */
  expectedSpend: Float64Array;
  /** In the spends' money unit (minor units from summariseTransactions), fractional. */
  clv: Float64Array;
  churnBand: Uint8Array;
  churnCounts: { low: number; medium: number; high: number };
}

export function analyzeCustomers(summary: SummaryArrays, options: AnalysisOptions = DEFAULT_ANALYSIS): CustomerAnalysis {
  const grouped = groupingPays(summary) ? groupTriples(summary) : null;
  const bgnbd = fitBgNbd(grouped ?? summary);
  const gammaGamma = fitGammaGamma(summary);
  const params = bgnbd.params;
  // P(alive) depends on the whole triple: compute it per group when grouped.
  const pAlive = grouped ? spreadToRows(probabilityAliveAll(params, grouped), grouped.groupOf) : probabilityAliveAll(params, summary);
  const expectedPurchases = expectedPurchasesAll(params, summary, options.horizon, pAlive);
  const expectedSpend = expectedAverageSpendAll(gammaGamma, summary);
  const clv = customerLifetimeValues(
    params,
    summary,
    expectedSpend,
    { months: options.clvMonths, monthlyDiscountRate: options.monthlyDiscountRate, monthLength: monthLength(options.unit) },
    pAlive,
  );
  const { bands, counts } = churnRiskBands(pAlive, options.churnThresholds ?? DEFAULT_CHURN_THRESHOLDS);
  return { bgnbd, gammaGamma, pAlive, expectedPurchases, expectedSpend, clv, churnBand: bands, churnCounts: counts };
}

/** The stable `vefa analyze --json` shape (see DESIGN.md, "Fixed points"). */
export function analysisJson(analysis: Pick<CustomerAnalysis, 'bgnbd' | 'gammaGamma'>, customers: number) {
  const { r, alpha, a, b } = analysis.bgnbd.params;
  const { p, q, gamma } = analysis.gammaGamma.params;
  return {
    customers,
    bgnbd: { r, alpha, a, b, logLikelihood: analysis.bgnbd.logLikelihood },
    gammaGamma: { p, q, gamma },
  };
}
