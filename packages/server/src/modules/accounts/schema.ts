import { sql } from 'drizzle-orm';
import {
  bigint, boolean, customType, date, foreignKey, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid,
} from 'drizzle-orm/pg-core';
import { users, workspaces } from '../../platform/db/schema.ts';
import { customers } from '../customers/schema.ts';

/**
 * Key-account management. A key account is a company from the customers
 * module flagged here (keyed by its customer id), so the 360, merge and
 * timeline keep working on one record. workspace_id leads every key.
 */
const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' });
const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();
const money = (name: string) => bigint(name, { mode: 'number' });

export interface StoredPlan { goals: string[]; challenges: string[]; strategy: string }
export interface StoredVolumeBreak { minQuantity: number; unitPriceMinor?: number | null; discountBp?: number | null }
export interface StoredPriceEntry { productId: string; unitPriceMinor: number; volumeBreaks: StoredVolumeBreak[] }
export interface StoredDiscount { productId: string | null; minQuantity: number; discountBp: number }
export interface StoredBonusTerms { basis: 'turnover'; period: 'year' | 'quarter'; tiers: { fromMinor: number; bonusBp: number }[] }
export interface StoredQuoteLine {
  productId: string; sku: string; name: string; quantity: number; listUnitPriceMinor: number; unitPriceMinor: number;
  discountBp: number; discountMinor: number; totalMinor: number; source: 'account_price_list' | 'general_price_list' | 'base_price';
  priceListId: string | null; volumeBreakFrom: number | null;
}
export interface StoredOrderLine { productId: string; sku: string; name: string; quantity: number; unitPriceMinor: number; totalMinor: number }

export const marketSegments = pgTable('account_segments', {
  workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id),
  id: uuid('id').notNull(),
  name: text('name').notNull(),
  description: text('description').notNull().default(''),
  sizeCompanies: integer('size_companies'),
  potentialMinor: money('potential_minor').notNull(),
  currency: text('currency').notNull(),
  createdAt: createdAt(),
}, (t) => [primaryKey({ columns: [t.workspaceId, t.id] }), uniqueIndex('account_segments_name_key').on(t.workspaceId, t.name)]);

export const keyAccounts = pgTable('key_accounts', {
  workspaceId: uuid('workspace_id').notNull(),
  customerId: uuid('customer_id').notNull(),
  ownerId: uuid('owner_id').notNull().references(() => users.id),
  tier: text('tier').notNull(),
  industry: text('industry'),
  segmentId: uuid('segment_id'),
  annualPotentialMinor: money('annual_potential_minor').notNull().default(0),
  currency: text('currency').notNull(),
  satisfaction: integer('satisfaction'),
  plan: jsonb('plan').$type<StoredPlan>().notNull(),
  /** Kept by the services: the health score reads it without scanning two million activities. */
  lastActivityAt: timestamp('last_activity_at', { withTimezone: true }),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.customerId] }),
  foreignKey({ columns: [t.workspaceId, t.customerId], foreignColumns: [customers.workspaceId, customers.id] }),
  foreignKey({ columns: [t.workspaceId, t.segmentId], foreignColumns: [marketSegments.workspaceId, marketSegments.id] }),
  index('key_accounts_owner_idx').on(t.workspaceId, t.ownerId),
]);

/** Other managers who may see and work an account. */
export const accountShares = pgTable('key_account_shares', {
  workspaceId: uuid('workspace_id').notNull(),
  accountId: uuid('account_id').notNull(),
  userId: uuid('user_id').notNull().references(() => users.id),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.accountId, t.userId] }),
  foreignKey({ columns: [t.workspaceId, t.accountId], foreignColumns: [keyAccounts.workspaceId, keyAccounts.customerId] }).onDelete('cascade').onUpdate('cascade'),
  index('key_account_shares_user_idx').on(t.workspaceId, t.userId),
]);

/** The relationship map: a contact's role, influence and attitude on one account. */
export const accountRelationships = pgTable('account_relationships', {
  workspaceId: uuid('workspace_id').notNull(),
  accountId: uuid('account_id').notNull(),
  contactId: uuid('contact_id').notNull(),
  role: text('role').notNull(),
  title: text('title'),
  influence: integer('influence').notNull(),
  attitude: text('attitude').notNull(),
  reportsToId: uuid('reports_to_id'),
  createdAt: createdAt(),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.accountId, t.contactId] }),
  foreignKey({ columns: [t.workspaceId, t.accountId], foreignColumns: [keyAccounts.workspaceId, keyAccounts.customerId] }).onUpdate('cascade'),
  foreignKey({ columns: [t.workspaceId, t.contactId], foreignColumns: [customers.workspaceId, customers.id] }),
]);

export const pipelines = pgTable('account_pipelines', {
  workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id),
  id: uuid('id').notNull(),
  name: text('name').notNull(),
  isDefault: boolean('is_default').notNull().default(false),
  createdAt: createdAt(),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.id] }),
  uniqueIndex('account_pipelines_default_key').on(t.workspaceId).where(sql`is_default`),
]);

export const pipelineStages = pgTable('account_pipeline_stages', {
  workspaceId: uuid('workspace_id').notNull(),
  id: uuid('id').notNull(),
  pipelineId: uuid('pipeline_id').notNull(),
  /** The work-cycle key for default stages (translated by the app); null for stages people named. */
  key: text('key'),
  name: text('name').notNull(),
  position: integer('position').notNull(),
  probability: integer('probability').notNull(),
  outcome: text('outcome').notNull(),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.id] }),
  foreignKey({ columns: [t.workspaceId, t.pipelineId], foreignColumns: [pipelines.workspaceId, pipelines.id] }),
  uniqueIndex('account_pipeline_stages_position_key').on(t.workspaceId, t.pipelineId, t.position),
]);

export const competitors = pgTable('account_competitors', {
  workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id),
  id: uuid('id').notNull(),
  name: text('name').notNull(),
  website: text('website'),
  pricePosition: text('price_position').notNull(),
  strengths: text('strengths').array().notNull().default(sql`'{}'::text[]`),
  weaknesses: text('weaknesses').array().notNull().default(sql`'{}'::text[]`),
  opportunities: text('opportunities').array().notNull().default(sql`'{}'::text[]`),
  threats: text('threats').array().notNull().default(sql`'{}'::text[]`),
  notes: text('notes').notNull().default(''),
  createdAt: createdAt(),
}, (t) => [primaryKey({ columns: [t.workspaceId, t.id] }), uniqueIndex('account_competitors_name_key').on(t.workspaceId, t.name)]);

export const accountReferrals = pgTable('account_referrals', {
  workspaceId: uuid('workspace_id').notNull(),
  id: uuid('id').notNull(),
  referrerId: uuid('referrer_id').notNull(),
  prospectId: uuid('prospect_id').notNull(),
  dealId: uuid('deal_id'),
  status: text('status').notNull().default('open'),
  rewardMinor: money('reward_minor'),
  rewardCurrency: text('reward_currency'),
  rewardStatus: text('reward_status').notNull().default('none'),
  note: text('note').notNull().default(''),
  createdBy: uuid('created_by'),
  createdAt: createdAt(),
  convertedAt: timestamp('converted_at', { withTimezone: true }),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.id] }),
  foreignKey({ columns: [t.workspaceId, t.referrerId], foreignColumns: [customers.workspaceId, customers.id] }),
  foreignKey({ columns: [t.workspaceId, t.prospectId], foreignColumns: [customers.workspaceId, customers.id] }),
  uniqueIndex('account_referrals_prospect_key').on(t.workspaceId, t.prospectId, t.referrerId),
]);

export const deals = pgTable('account_deals', {
  workspaceId: uuid('workspace_id').notNull(),
  id: uuid('id').notNull(),
  title: text('title').notNull(),
  accountId: uuid('account_id').notNull(),
  contactId: uuid('contact_id'),
  pipelineId: uuid('pipeline_id').notNull(),
  stageId: uuid('stage_id').notNull(),
  status: text('status').notNull().default('open'),
  valueMinor: money('value_minor').notNull(),
  currency: text('currency').notNull(),
  probability: integer('probability').notNull(),
  expectedCloseOn: date('expected_close_on', { mode: 'string' }),
  ownerId: uuid('owner_id').notNull(),
  products: jsonb('products').$type<{ productId: string; quantity: number }[]>().notNull().default(sql`'[]'::jsonb`),
  nextStep: text('next_step'),
  nextStepDueOn: date('next_step_due_on', { mode: 'string' }),
  competitorId: uuid('competitor_id'),
  lostReason: text('lost_reason'),
  lostToCompetitorId: uuid('lost_to_competitor_id'),
  referralId: uuid('referral_id'),
  stageEnteredAt: timestamp('stage_entered_at', { withTimezone: true }).notNull().defaultNow(),
  closedAt: timestamp('closed_at', { withTimezone: true }),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.id] }),
  foreignKey({ columns: [t.workspaceId, t.accountId], foreignColumns: [keyAccounts.workspaceId, keyAccounts.customerId] }).onUpdate('cascade'),
  foreignKey({ columns: [t.workspaceId, t.contactId], foreignColumns: [customers.workspaceId, customers.id] }),
  foreignKey({ columns: [t.workspaceId, t.stageId], foreignColumns: [pipelineStages.workspaceId, pipelineStages.id] }),
  foreignKey({ columns: [t.workspaceId, t.competitorId], foreignColumns: [competitors.workspaceId, competitors.id] }),
  foreignKey({ columns: [t.workspaceId, t.lostToCompetitorId], foreignColumns: [competitors.workspaceId, competitors.id] }),
  // The kanban reads one stage's newest cards: (pipeline, status, stage, entered) serves it and the stage totals.
  index('account_deals_board_idx').on(t.workspaceId, t.pipelineId, t.status, t.stageId, t.stageEnteredAt),
  index('account_deals_account_idx').on(t.workspaceId, t.accountId, t.status),
  // A manager's board: their own cards per stage, newest first, without reading anyone else's.
  index('account_deals_owner_board_idx').on(t.workspaceId, t.ownerId, t.pipelineId, t.status, t.stageId, t.stageEnteredAt),
  index('account_deals_closed_idx').on(t.workspaceId, t.closedAt),
]);

/**
 * Count and value of deals per stage, status, currency and owner, kept by
 * statement-level triggers on account_deals (migration 0012): the kanban's
 * column totals read a few hundred rows instead of aggregating every deal.
 */
export const dealStageTotals = pgTable('account_deal_stage_totals', {
  workspaceId: uuid('workspace_id').notNull(),
  pipelineId: uuid('pipeline_id').notNull(),
  stageId: uuid('stage_id').notNull(),
  status: text('status').notNull(),
  currency: text('currency').notNull(),
  ownerId: uuid('owner_id').notNull(),
  deals: integer('deals').notNull(),
  valueMinor: money('value_minor').notNull(),
}, (t) => [primaryKey({ columns: [t.workspaceId, t.pipelineId, t.stageId, t.status, t.currency, t.ownerId] })]);

export const dealStageHistory = pgTable('account_deal_stage_history', {
  workspaceId: uuid('workspace_id').notNull(),
  id: uuid('id').notNull(),
  dealId: uuid('deal_id').notNull(),
  stageId: uuid('stage_id').notNull(),
  enteredAt: timestamp('entered_at', { withTimezone: true }).notNull(),
  leftAt: timestamp('left_at', { withTimezone: true }),
  actorId: uuid('actor_id'),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.id] }),
  foreignKey({ columns: [t.workspaceId, t.dealId], foreignColumns: [deals.workspaceId, deals.id] }),
  index('account_deal_stage_history_deal_idx').on(t.workspaceId, t.dealId, t.enteredAt),
  // Migration 0016 adds INCLUDE (stage_id, deal_id) for the report's stage entries.
  index('account_deal_stage_history_entered_idx').on(t.workspaceId, t.enteredAt),
]);

export const activities = pgTable('account_activities', {
  workspaceId: uuid('workspace_id').notNull(),
  id: uuid('id').notNull(),
  kind: text('kind').notNull(),
  accountId: uuid('account_id').notNull(),
  contactId: uuid('contact_id'),
  dealId: uuid('deal_id'),
  subject: text('subject').notNull(),
  body: text('body'),
  direction: text('direction'),
  /** When it happened (calls, e-mails…) or, for meetings and appointments, when it starts; the calendar and report read it. */
  at: timestamp('at', { withTimezone: true }).notNull(),
  startsAt: timestamp('starts_at', { withTimezone: true }),
  endsAt: timestamp('ends_at', { withTimezone: true }),
  timeZone: text('time_zone'),
  location: text('location'),
  dueAt: timestamp('due_at', { withTimezone: true }),
  doneAt: timestamp('done_at', { withTimezone: true }),
  reminderMinutes: integer('reminder_minutes'),
  invitation: text('invitation').notNull().default('none'),
  sequence: integer('sequence').notNull().default(0),
  ownerId: uuid('owner_id').notNull(),
  createdAt: createdAt(),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.id] }),
  foreignKey({ columns: [t.workspaceId, t.accountId], foreignColumns: [keyAccounts.workspaceId, keyAccounts.customerId] }).onUpdate('cascade'),
  foreignKey({ columns: [t.workspaceId, t.contactId], foreignColumns: [customers.workspaceId, customers.id] }),
  foreignKey({ columns: [t.workspaceId, t.dealId], foreignColumns: [deals.workspaceId, deals.id] }),
  index('account_activities_account_idx').on(t.workspaceId, t.accountId, t.at),
  index('account_activities_deal_idx').on(t.workspaceId, t.dealId, t.at),
  index('account_activities_contact_idx').on(t.workspaceId, t.contactId),
  index('account_activities_owner_idx').on(t.workspaceId, t.ownerId, t.at),
  // Migration 0016 adds INCLUDE (kind, owner_id): the monthly report counts from the index alone.
  index('account_activities_at_idx').on(t.workspaceId, t.at),
]);

export const products = pgTable('account_products', {
  workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id),
  id: uuid('id').notNull(),
  sku: text('sku').notNull(),
  name: text('name').notNull(),
  unit: text('unit').notNull(),
  basePriceMinor: money('base_price_minor').notNull(),
  currency: text('currency').notNull(),
  active: boolean('active').notNull().default(true),
  createdAt: createdAt(),
}, (t) => [primaryKey({ columns: [t.workspaceId, t.id] }), uniqueIndex('account_products_sku_key').on(t.workspaceId, t.sku)]);

export const priceLists = pgTable('account_price_lists', {
  workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id),
  id: uuid('id').notNull(),
  name: text('name').notNull(),
  accountId: uuid('account_id'),
  currency: text('currency').notNull(),
  validFrom: date('valid_from', { mode: 'string' }),
  validTo: date('valid_to', { mode: 'string' }),
  entries: jsonb('entries').$type<StoredPriceEntry[]>().notNull(),
  discounts: jsonb('discounts').$type<StoredDiscount[]>().notNull(),
  bonusTerms: jsonb('bonus_terms').$type<StoredBonusTerms>(),
  createdAt: createdAt(),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.id] }),
  foreignKey({ columns: [t.workspaceId, t.accountId], foreignColumns: [keyAccounts.workspaceId, keyAccounts.customerId] }).onUpdate('cascade'),
  index('account_price_lists_account_idx').on(t.workspaceId, t.accountId),
]);

/** Human-readable numbers (Q-2026-0001): one counter row per kind and year, taken under its row lock. */
export const documentCounters = pgTable('account_document_counters', {
  workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id),
  kind: text('kind').notNull(),
  year: integer('year').notNull(),
  value: integer('value').notNull(),
}, (t) => [primaryKey({ columns: [t.workspaceId, t.kind, t.year] })]);

export const quotes = pgTable('account_quotes', {
  workspaceId: uuid('workspace_id').notNull(),
  id: uuid('id').notNull(),
  number: text('number').notNull(),
  dealId: uuid('deal_id').notNull(),
  accountId: uuid('account_id').notNull(),
  currency: text('currency').notNull(),
  pricedOn: date('priced_on', { mode: 'string' }).notNull(),
  lines: jsonb('lines').$type<StoredQuoteLine[]>().notNull(),
  subtotalMinor: money('subtotal_minor').notNull(),
  discountMinor: money('discount_minor').notNull(),
  totalMinor: money('total_minor').notNull(),
  status: text('status').notNull().default('draft'),
  validUntil: date('valid_until', { mode: 'string' }),
  language: text('language').notNull(),
  createdAt: createdAt(),
  sentAt: timestamp('sent_at', { withTimezone: true }),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.id] }),
  foreignKey({ columns: [t.workspaceId, t.dealId], foreignColumns: [deals.workspaceId, deals.id] }),
  uniqueIndex('account_quotes_number_key').on(t.workspaceId, t.number),
  index('account_quotes_deal_idx').on(t.workspaceId, t.dealId),
]);

export const contracts = pgTable('account_contracts', {
  workspaceId: uuid('workspace_id').notNull(),
  id: uuid('id').notNull(),
  number: text('number').notNull(),
  accountId: uuid('account_id').notNull(),
  dealId: uuid('deal_id'),
  quoteId: uuid('quote_id'),
  title: text('title').notNull(),
  terms: text('terms').notNull(),
  valueMinor: money('value_minor').notNull(),
  currency: text('currency').notNull(),
  startsOn: date('starts_on', { mode: 'string' }).notNull(),
  endsOn: date('ends_on', { mode: 'string' }),
  renewalOn: date('renewal_on', { mode: 'string' }),
  reminderDays: integer('reminder_days').notNull(),
  status: text('status').notNull(),
  priceListId: uuid('price_list_id'),
  bonusTerms: jsonb('bonus_terms').$type<StoredBonusTerms>(),
  /** Set by the renewal job in the transaction that writes the reminder: it fires once per renewal date. */
  renewalRemindedAt: timestamp('renewal_reminded_at', { withTimezone: true }),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.id] }),
  foreignKey({ columns: [t.workspaceId, t.accountId], foreignColumns: [keyAccounts.workspaceId, keyAccounts.customerId] }).onUpdate('cascade'),
  foreignKey({ columns: [t.workspaceId, t.quoteId], foreignColumns: [quotes.workspaceId, quotes.id] }),
  foreignKey({ columns: [t.workspaceId, t.priceListId], foreignColumns: [priceLists.workspaceId, priceLists.id] }),
  uniqueIndex('account_contracts_number_key').on(t.workspaceId, t.number),
  index('account_contracts_account_idx').on(t.workspaceId, t.accountId),
  index('account_contracts_renewal_idx').on(t.workspaceId, t.renewalOn),
]);

export const contractDocuments = pgTable('account_contract_documents', {
  workspaceId: uuid('workspace_id').notNull(),
  id: uuid('id').notNull(),
  contractId: uuid('contract_id').notNull(),
  fileName: text('file_name').notNull(),
  contentType: text('content_type').notNull(),
  content: bytea('content').notNull(),
  size: integer('size').notNull(),
  createdAt: createdAt(),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.id] }),
  foreignKey({ columns: [t.workspaceId, t.contractId], foreignColumns: [contracts.workspaceId, contracts.id] }),
  index('account_contract_documents_contract_idx').on(t.workspaceId, t.contractId),
]);

export const orders = pgTable('account_orders', {
  workspaceId: uuid('workspace_id').notNull(),
  id: uuid('id').notNull(),
  number: text('number').notNull(),
  contractId: uuid('contract_id').notNull(),
  accountId: uuid('account_id').notNull(),
  status: text('status').notNull(),
  currency: text('currency').notNull(),
  lines: jsonb('lines').$type<StoredOrderLine[]>().notNull(),
  totalMinor: money('total_minor').notNull(),
  dueOn: date('due_on', { mode: 'string' }),
  externalRef: text('external_ref'),
  history: jsonb('history').$type<{ status: string; at: string }[]>().notNull(),
  deliveredAt: timestamp('delivered_at', { withTimezone: true }),
  /** Set by the overdue job with its alert: one alert per order. */
  overdueAlertedAt: timestamp('overdue_alerted_at', { withTimezone: true }),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.id] }),
  foreignKey({ columns: [t.workspaceId, t.contractId], foreignColumns: [contracts.workspaceId, contracts.id] }),
  foreignKey({ columns: [t.workspaceId, t.accountId], foreignColumns: [keyAccounts.workspaceId, keyAccounts.customerId] }).onUpdate('cascade'),
  uniqueIndex('account_orders_number_key').on(t.workspaceId, t.number),
  index('account_orders_account_idx').on(t.workspaceId, t.accountId, t.status),
  index('account_orders_due_idx').on(t.workspaceId, t.dueOn),
  index('account_orders_created_idx').on(t.workspaceId, t.createdAt),
]);

/** Revenue target per manager and month. */
export const revenueTargets = pgTable('account_revenue_targets', {
  workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id),
  ownerId: uuid('owner_id').notNull().references(() => users.id),
  month: text('month').notNull(),
  amountMinor: money('amount_minor').notNull(),
}, (t) => [primaryKey({ columns: [t.workspaceId, t.ownerId, t.month] })]);

/** Monthly report by e-mail: sent once a month after it closes. */
export const reportSchedules = pgTable('account_report_schedules', {
  workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id),
  id: uuid('id').notNull(),
  email: text('email').notNull(),
  ownerId: uuid('owner_id'),
  language: text('language').notNull(),
  lastSentMonth: text('last_sent_month'),
  createdAt: createdAt(),
}, (t) => [primaryKey({ columns: [t.workspaceId, t.id] })]);
