// Customer analytics: BG/NBD, Gamma-Gamma, CLV, RFM and cohorts, all pure.
export { lgamma, digamma, trigamma } from './lgamma.ts';
export { logSumExp, logSumExpAll, inverseLogistic } from './logSumExp.ts';
export { hyp2f1 } from './hyp2f1.ts';
export { minimizeBfgs, minimizeNelderMead, type MinimizeResult, type ObjectiveWithGradient, type Objective } from './optimize.ts';
export { maximizeNewton, type NewtonResult } from './newton.ts';
export {
  summariseTransactions,
  columnsFromRecords,
  utcDayNumber,
  type TransactionColumns,
  type TransactionRecord,
  type SummaryOptions,
  type CustomerSummary,
  type TimeUnit,
} from './summary.ts';
export { customerDays, type CustomerDays } from './customerDays.ts';
export { groupTriples, groupingPays, spreadToRows, type TripleRows, type GroupedTriples } from './groupTriples.ts';
export { bgnbdLogLikelihoodOne, bgnbdLogLikelihood, bgnbdLikelihood, type BgNbdParams, type BgNbdFit } from './bgnbd.ts';
export { fitBgNbd, type BgNbdFitOptions } from './bgnbdFit.ts';
export {
  probabilityAlive,
  probabilityAliveAll,
  expectedPurchases,
  expectedPurchasesAll,
  expectedPurchasesIfAlive,
  churnRiskBand,
  churnRiskBands,
  CHURN_RISK_BANDS,
  DEFAULT_CHURN_THRESHOLDS,
  type ChurnRiskBand,
  type ChurnRiskThresholds,
} from './bgnbdScore.ts';
export {
  gammaGammaLogLikelihoodOne,
  gammaGammaLikelihood,
  expectedAverageSpend,
  expectedAverageSpendAll,
  type GammaGammaParams,
  type GammaGammaFit,
  type SpendRows,
} from './gammaGamma.ts';
export { fitGammaGamma, type GammaGammaFitOptions } from './gammaGammaFit.ts';
export { customerLifetimeValue, customerLifetimeValues, discountedPurchasesIfAlive, monthLength, type ClvOptions } from './clv.ts';
export { analyzeCustomers, analysisJson, DEFAULT_ANALYSIS, type AnalysisOptions, type CustomerAnalysis, type SummaryArrays } from './analyze.ts';
export { rfmScores, rfmSegment, quantileScores, RFM_SEGMENTS, type RfmInput, type RfmResult, type RfmSegment } from './rfm.ts';
export { cohortTriangle, trends, type CohortRow, type TrendPoint, type TrendPeriod, type TrendMetrics } from './cohorts.ts';
export { civilFromDays, daysFromCivil, monthIndex, weekIndex, monthLabel, dayLabel, type CivilDate } from './calendar.ts';
export { createRandom, type Random } from './random.ts';
export { simulateCustomers, type SimulationOptions, type SimulatedCustomers } from './simulate.ts';
export { parseCdnowMaster, type CdnowTransactions } from './cdnowMaster.ts';
