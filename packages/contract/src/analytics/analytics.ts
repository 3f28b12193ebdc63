import { z } from 'zod';
import { CursorQuery, IsoDate, IsoDateTime, Uuid } from '../platform/common.ts';
import { ImportLineError } from '../customers/imports.ts';

// Customer analytics: imported sales history, model runs (BG/NBD, Gamma-Gamma,
// CLV, RFM), cohorts and trends, and each customer's scores. Money is integer
// minor units of the workspace currency; model expectations (CLV, expected
// spend) are rounded to whole minor units.

export const RFM_SEGMENT_NAMES = [
  'champions', 'loyal', 'potential_loyalist', 'new_customers', 'promising', 'need_attention',
  'about_to_sleep', 'at_risk', 'cannot_lose', 'hibernating', 'lost',
] as const;
export const RfmSegmentName = z.enum(RFM_SEGMENT_NAMES);
export const ChurnRiskBandName = z.enum(['low', 'medium', 'high']);
export const AnalyticsTimeUnit = z.enum(['day', 'week']);

/** Which file column holds which transaction field. */
export const TransactionColumns = z.strictObject({
  customer: z.string().min(1).max(200).optional().describe('Customer id column, matched to customers.externalId'),
  date: z.string().min(1).max(200).optional().describe('Date column: ISO 8601 (YYYY-MM-DD or a date-time) or YYYYMMDD'),
  amount: z.string().min(1).max(200).optional().describe('Amount column, in major units (12.50); negative = a return'),
  currency: z.string().min(1).max(200).optional(),
  transactionId: z.string().min(1).max(200).optional().describe('Optional order/receipt id: makes re-imports of changed files exact'),
});
export type TransactionColumns = z.infer<typeof TransactionColumns>;

export const TransactionFile = z.object({
  id: Uuid,
  fileName: z.string(),
  format: z.enum(['csv', 'spaces']).describe('csv (comma, semicolon, tab or pipe), or spaces: columns separated by runs of spaces, like the CDNOW master log'),
  rowCount: z.number().int(),
  columns: z.array(z.string()),
  preview: z.array(z.record(z.string(), z.string())),
  suggestedColumns: TransactionColumns,
});
export type TransactionFile = z.infer<typeof TransactionFile>;

export const TransactionImportStart = z.strictObject({
  fileId: Uuid,
  columns: TransactionColumns.optional().describe('Defaults to the suggested columns of the upload'),
  createMissingCustomers: z.boolean().default(true).describe('Unknown customer ids create a minimal customer with that external id'),
});
export type TransactionImportStart = z.infer<typeof TransactionImportStart>;

export const TransactionImport = z.object({
  id: Uuid,
  fileName: z.string(),
  status: z.enum(['queued', 'running', 'done', 'failed']),
  total: z.number().int(),
  processed: z.number().int(),
  inserted: z.number().int().describe('New transactions stored'),
  alreadyImported: z.number().int().describe('Rows already stored by an earlier import (not counted twice)'),
  returns: z.number().int().describe('Rows with a negative amount, stored as returns'),
  customersCreated: z.number().int(),
  failed: z.number().int(),
  errors: z.array(ImportLineError),
  createdAt: IsoDateTime,
  finishedAt: IsoDateTime.nullable(),
});
export type TransactionImport = z.infer<typeof TransactionImport>;

export const AnalyticsRunStart = z.strictObject({
  until: IsoDate.optional().describe('Calibration end (inclusive); default the last transaction day. Later purchases form the hold-out.'),
  unit: AnalyticsTimeUnit.default('week'),
  horizon: z.number().int().min(1).max(3650).default(52).describe('Expected-purchases horizon, in `unit`'),
  clvMonths: z.number().int().min(1).max(120).default(12),
  monthlyDiscountRate: z.number().min(0).max(1).default(0.01),
  rfmBins: z.number().int().min(2).max(10).default(5),
});
export type AnalyticsRunStart = z.infer<typeof AnalyticsRunStart>;

const Estimate = z.object({ value: z.number(), standardError: z.number().nullable() });

export const AnalyticsParams = z.object({
  bgnbd: z.object({
    r: Estimate, alpha: Estimate, a: Estimate, b: Estimate,
    logLikelihood: z.number(), customers: z.number().int(), converged: z.boolean(),
  }),
  gammaGamma: z.object({
    p: Estimate, q: Estimate, gamma: Estimate,
    logLikelihood: z.number(), customers: z.number().int(), excluded: z.number().int(),
    populationMeanSpendMinor: z.number(), converged: z.boolean(),
  }),
});
export type AnalyticsParams = z.infer<typeof AnalyticsParams>;

export const AnalyticsDiagnostics = z.object({
  holdout: z.object({
    source: z.enum(['after_until', 'split']).describe('after_until: purchases after the calibration end; split: a separate fit on an earlier calibration end'),
    calibrationEnd: IsoDate,
    holdoutEnd: IsoDate,
    length: z.number().describe('Hold-out length in `unit`'),
    customers: z.number().int(),
    totalActual: z.number(),
    totalExpected: z.number(),
    byFrequency: z.array(z.object({
      frequency: z.number().int(), label: z.string(), customers: z.number().int(),
      actual: z.number().describe('Mean hold-out repeat purchases'), expected: z.number(),
    })),
  }).nullable().describe('Calibration vs hold-out: null when the history is too short to hold any out'),
  frequencyHistogram: z.array(z.object({
    frequency: z.number().int(), label: z.string(), actual: z.number().int(), expected: z.number(),
  })).describe('Customers by repeat purchases in calibration: observed vs the fitted model'),
});
export type AnalyticsDiagnostics = z.infer<typeof AnalyticsDiagnostics>;

export const AnalyticsRun = z.object({
  id: Uuid,
  status: z.enum(['queued', 'running', 'done', 'failed']),
  trigger: z.enum(['manual', 'schedule']),
  stage: z.string().describe('What the run is doing: queued, loading, fitting, scoring, writing, done, failed'),
  progress: z.number().min(0).max(1),
  modelVersion: z.string(),
  options: AnalyticsRunStart.extend({ until: IsoDate.nullable() }),
  currency: z.string(),
  counts: z.object({
    transactions: z.number().int(), customers: z.number().int(), excluded: z.number().int(), scored: z.number().int(),
    churn: z.object({ low: z.number().int(), medium: z.number().int(), high: z.number().int() }),
  }),
  params: AnalyticsParams.nullable(),
  diagnostics: AnalyticsDiagnostics.nullable(),
  error: z.string().nullable(),
  createdAt: IsoDateTime,
  startedAt: IsoDateTime.nullable(),
  finishedAt: IsoDateTime.nullable(),
});
export type AnalyticsRun = z.infer<typeof AnalyticsRun>;

export const RfmOverview = z.object({
  runId: Uuid.nullable().describe('The latest finished run; null before the first'),
  computedAt: IsoDateTime.nullable(),
  currency: z.string(),
  bins: z.number().int(),
  cells: z.array(z.object({ r: z.number().int(), f: z.number().int(), customers: z.number().int(), revenueMinor: z.number().int() })),
  segments: z.array(z.object({ segment: RfmSegmentName, customers: z.number().int(), revenueMinor: z.number().int() })),
});
export type RfmOverview = z.infer<typeof RfmOverview>;

export const RfmCustomersQuery = CursorQuery.extend({
  segment: RfmSegmentName.optional(),
  r: z.coerce.number().int().min(1).max(10).optional(),
  f: z.coerce.number().int().min(1).max(10).optional(),
  m: z.coerce.number().int().min(1).max(10).optional(),
  churnRisk: ChurnRiskBandName.optional(),
});
export type RfmCustomersQuery = z.infer<typeof RfmCustomersQuery>;

export const CustomerScore = z.object({
  customerId: Uuid,
  displayName: z.string(),
  externalId: z.string().nullable(),
  recency: z.number().int().describe('RFM scores, 1..bins, higher is better'),
  frequency: z.number().int(),
  monetary: z.number().int(),
  rfmSegment: RfmSegmentName,
  purchases: z.number().int().describe('Purchase days up to the calibration end'),
  revenueMinor: z.number().int(),
  lastPurchaseOn: IsoDate,
  pAlive: z.number(),
  churnRisk: ChurnRiskBandName,
  expectedPurchases: z.number().describe('Expected purchases over the run horizon'),
  expectedSpendMinor: z.number().int().describe('Expected average order value'),
  clvMinor: z.number().int(),
  nextPurchaseExpectedOn: IsoDate.nullable().describe('If still active: calibration end + horizon ÷ expected purchases if alive; null when P(alive) < 0.3'),
});
export type CustomerScore = z.infer<typeof CustomerScore>;

export const CustomerScores = z.object({
  customerId: Uuid,
  runId: Uuid.nullable(),
  computedAt: IsoDateTime.nullable(),
  horizon: z.number().int().nullable(),
  unit: AnalyticsTimeUnit.nullable(),
  currency: z.string(),
  score: CustomerScore.nullable().describe('null when the latest run did not score this customer (no purchase by its calibration end)'),
});
export type CustomerScores = z.infer<typeof CustomerScores>;

export const CohortsView = z.object({
  runId: Uuid.nullable(),
  computedAt: IsoDateTime.nullable(),
  currency: z.string(),
  cohorts: z.array(z.object({
    cohort: z.string().describe('Acquisition month, YYYY-MM'),
    customers: z.number().int(),
    active: z.array(z.number().int()).describe('Index k: months since acquisition'),
    retention: z.array(z.number()),
    revenueMinor: z.array(z.number().int()),
  })),
});
export type CohortsView = z.infer<typeof CohortsView>;

export const TrendsQuery = z.object({ period: z.enum(['week', 'month']).default('month') });

const Change = z.number().nullable().describe('Relative change against the previous period');
export const TrendsView = z.object({
  runId: Uuid.nullable(),
  computedAt: IsoDateTime.nullable(),
  currency: z.string(),
  period: z.enum(['week', 'month']),
  points: z.array(z.object({
    start: IsoDate,
    revenueMinor: z.number().int(),
    orders: z.number().int(),
    activeCustomers: z.number().int(),
    averageBasketMinor: z.number().int(),
    change: z.object({ revenue: Change, orders: Change, activeCustomers: Change, averageBasket: Change }),
  })),
});
export type TrendsView = z.infer<typeof TrendsView>;
