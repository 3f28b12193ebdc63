import { sql } from 'drizzle-orm';
import {
  bigint, customType, date, doublePrecision, foreignKey, index, integer, jsonb, pgTable, primaryKey, smallint, text, timestamp, uniqueIndex, uuid,
} from 'drizzle-orm/pg-core';
import type { AnalyticsDiagnostics, AnalyticsParams } from '@vefa/contract';
import { users, workspaces } from '../../platform/db/schema.ts';
import { customers, type StoredLineError } from '../customers/schema.ts';

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' });
const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

/**
 * Sales history the models learn from: imported files now, loyalty purchases
 * later (source 'loyalty'). (source, external_ref) is unique per workspace, so
 * importing the same rows twice stores them once.
 */
export const transactions = pgTable('transactions', {
  workspaceId: uuid('workspace_id').notNull(),
  id: bigint('id', { mode: 'number' }).generatedAlwaysAsIdentity(),
  customerId: uuid('customer_id').notNull(),
  occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
  /** Minor units; negative for a return. */
  amountMinor: bigint('amount_minor', { mode: 'number' }).notNull(),
  currency: text('currency').notNull(),
  source: text('source').notNull(),
  externalRef: text('external_ref').notNull(),
  importId: uuid('import_id'),
  createdAt: createdAt(),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.id] }),
  foreignKey({ columns: [t.workspaceId, t.customerId], foreignColumns: [customers.workspaceId, customers.id] }),
  uniqueIndex('transactions_source_ref_key').on(t.workspaceId, t.source, t.externalRef),
  index('transactions_customer_idx').on(t.workspaceId, t.customerId, t.occurredAt),
]);

export const transactionFiles = pgTable('transaction_files', {
  workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id),
  id: uuid('id').notNull(),
  fileName: text('file_name').notNull(),
  /** 'csv' (delimited, with a header) or 'spaces' (columns separated by runs of spaces, like the CDNOW master log). */
  format: text('format').notNull(),
  content: bytea('content').notNull(),
  uploadedBy: uuid('uploaded_by').references(() => users.id),
  createdAt: createdAt(),
}, (t) => [primaryKey({ columns: [t.workspaceId, t.id] })]);

export interface StoredTransactionColumns { customer?: string; date?: string; amount?: string; currency?: string; transactionId?: string }

export const transactionImports = pgTable('transaction_imports', {
  workspaceId: uuid('workspace_id').notNull(),
  id: uuid('id').notNull(),
  fileId: uuid('file_id').notNull(),
  fileName: text('file_name').notNull(),
  columns: jsonb('columns').$type<StoredTransactionColumns>().notNull(),
  createMissingCustomers: integer('create_missing_customers').notNull().default(1),
  status: text('status').notNull().default('queued'),
  total: integer('total').notNull().default(0),
  processed: integer('processed').notNull().default(0),
  inserted: integer('inserted').notNull().default(0),
  alreadyImported: integer('already_imported').notNull().default(0),
  returns: integer('returns').notNull().default(0),
  customersCreated: integer('customers_created').notNull().default(0),
  failed: integer('failed').notNull().default(0),
  errors: jsonb('errors').$type<StoredLineError[]>().notNull().default(sql`'[]'::jsonb`),
  createdBy: text('created_by'),
  createdAt: createdAt(),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.id] }),
  foreignKey({ columns: [t.workspaceId, t.fileId], foreignColumns: [transactionFiles.workspaceId, transactionFiles.id] }),
]);

export interface StoredRunOptions {
  until: string | null; unit: 'day' | 'week'; horizon: number; clvMonths: number; monthlyDiscountRate: number; rfmBins: number;
}
export interface StoredRunCounts {
  transactions: number; customers: number; excluded: number; scored: number; churn: { low: number; medium: number; high: number };
}
/** Aggregates the views read: the RFM grid, cohorts and trends of the run. */
export interface StoredRunViews {
  /** The calibration end actually used (YYYY-MM-DD). */
  until: string;
  rfm: { bins: number; cells: { r: number; f: number; customers: number; revenueMinor: number }[]; segments: { segment: string; customers: number; revenueMinor: number }[] };
  cohorts: { cohort: string; customers: number; active: number[]; retention: number[]; revenueMinor: number[] }[];
  trends: Record<'week' | 'month', {
    start: string; revenueMinor: number; orders: number; activeCustomers: number; averageBasketMinor: number;
    change: { revenue: number | null; orders: number | null; activeCustomers: number | null; averageBasket: number | null };
  }[]>;
}

/** One refresh of the models: options, fitted parameters and diagnostics, kept so runs can be compared. */
export const analyticsRuns = pgTable('analytics_runs', {
  workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id),
  id: uuid('id').notNull(),
  status: text('status').notNull().default('queued'),
  trigger: text('trigger').notNull(),
  stage: text('stage').notNull().default('queued'),
  progress: doublePrecision('progress').notNull().default(0),
  modelVersion: text('model_version').notNull(),
  options: jsonb('options').$type<StoredRunOptions>().notNull(),
  currency: text('currency').notNull(),
  counts: jsonb('counts').$type<StoredRunCounts>(),
  params: jsonb('params').$type<AnalyticsParams>(),
  diagnostics: jsonb('diagnostics').$type<AnalyticsDiagnostics>(),
  views: jsonb('views').$type<StoredRunViews>(),
  error: text('error'),
  createdBy: text('created_by'),
  createdAt: createdAt(),
  startedAt: timestamp('started_at', { withTimezone: true }),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.id] }),
  // The latest finished run (whose scores the views read) is one index probe away.
  index('analytics_runs_latest_idx').on(t.workspaceId, t.status, t.finishedAt),
]);

/**
 * Per run, per customer. Reads go to the workspace's latest finished run (see
 * analytics_runs_latest_idx), then by primary key; older runs' rows are pruned
 * after each refresh, keeping a few for comparison.
 *
 * Derived data without foreign keys, on purpose: a refresh writes a million
 * rows, and the two per-row referential checks tripled the write time. The
 * references hold by construction: the run row is inserted before its scores,
 * customer ids come from `transactions` (whose key to customers is checked),
 * customers are never deleted (a merge keeps the record), and pruning deletes
 * a run's scores explicitly.
 */
export const customerScores = pgTable('customer_scores', {
  workspaceId: uuid('workspace_id').notNull(),
  runId: uuid('run_id').notNull(),
  customerId: uuid('customer_id').notNull(),
  recencyScore: smallint('recency_score').notNull(),
  frequencyScore: smallint('frequency_score').notNull(),
  monetaryScore: smallint('monetary_score').notNull(),
  rfmSegment: text('rfm_segment').notNull(),
  purchases: integer('purchases').notNull(),
  revenueMinor: bigint('revenue_minor', { mode: 'number' }).notNull(),
  lastPurchaseOn: date('last_purchase_on', { mode: 'string' }).notNull(),
  pAlive: doublePrecision('p_alive').notNull(),
  expectedPurchases: doublePrecision('expected_purchases').notNull(),
  expectedSpendMinor: bigint('expected_spend_minor', { mode: 'number' }).notNull(),
  clvMinor: bigint('clv_minor', { mode: 'number' }).notNull(),
  churnBand: text('churn_band').notNull(),
  nextPurchaseExpectedAt: date('next_purchase_expected_at', { mode: 'string' }),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.runId, t.customerId] }),
]);
