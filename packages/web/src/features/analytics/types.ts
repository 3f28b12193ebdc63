// Types of the analytics API, straight from the zod schemas in @vefa/contract (types only: no zod in the bundle).
import type { z } from 'zod';
import type * as C from '@vefa/contract';

export type TransactionColumns = z.infer<typeof C.TransactionColumns>;
export type TransactionFile = z.infer<typeof C.TransactionFile>;
export type TransactionImportStart = z.input<typeof C.TransactionImportStart>;
export type TransactionImport = z.infer<typeof C.TransactionImport>;
export type AnalyticsRunStart = z.input<typeof C.AnalyticsRunStart>;
export type AnalyticsRun = z.infer<typeof C.AnalyticsRun>;
export type AnalyticsParams = z.infer<typeof C.AnalyticsParams>;
export type AnalyticsDiagnostics = z.infer<typeof C.AnalyticsDiagnostics>;
export type RfmOverview = z.infer<typeof C.RfmOverview>;
export type RfmSegmentName = z.infer<typeof C.RfmSegmentName>;
export type ChurnRiskBand = z.infer<typeof C.ChurnRiskBandName>;
export type CustomerScore = z.infer<typeof C.CustomerScore>;
export type CustomerScores = z.infer<typeof C.CustomerScores>;
export type CohortsView = z.infer<typeof C.CohortsView>;
export type TrendsView = z.infer<typeof C.TrendsView>;
export type TrendPeriod = TrendsView['period'];
export type AnalyticsTimeUnit = z.infer<typeof C.AnalyticsTimeUnit>;

// Enumerations the UI iterates over, kept here so the bundle does not pull zod in;
// analytics.test.ts checks they equal the contract's and that every one has a name in az, tr and en.
export const RFM_SEGMENTS: readonly RfmSegmentName[] = [
  'champions', 'loyal', 'potential_loyalist', 'new_customers', 'promising', 'need_attention',
  'about_to_sleep', 'at_risk', 'cannot_lose', 'hibernating', 'lost',
];
export const CHURN_BANDS: readonly ChurnRiskBand[] = ['low', 'medium', 'high'];
export const TIME_UNITS: readonly AnalyticsTimeUnit[] = ['day', 'week'];
export const TREND_PERIODS: readonly TrendPeriod[] = ['week', 'month'];
export const RUN_STAGES = ['queued', 'loading', 'fitting', 'scoring', 'writing', 'done', 'failed'] as const;
export const RUN_STATUSES: readonly AnalyticsRun['status'][] = ['queued', 'running', 'done', 'failed'];
export const TRANSACTION_FIELDS = ['customer', 'date', 'amount', 'currency', 'transactionId'] as const satisfies readonly (keyof TransactionColumns)[];
export const TRANSACTION_ERROR_CODES = [
  'missing_customer', 'unknown_customer', 'missing_date', 'invalid_date', 'missing_amount', 'invalid_amount',
  'other_currency', 'duplicate_transaction_id', 'import_failed',
] as const;

/** Badge tone of a churn band. */
export const CHURN_TONE: Record<ChurnRiskBand, 'success' | 'warning' | 'danger'> = { low: 'success', medium: 'warning', high: 'danger' };
