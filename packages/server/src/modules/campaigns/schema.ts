import { sql } from 'drizzle-orm';
import { bigint, date, doublePrecision, foreignKey, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import type { CampaignOffer } from '@vefa/contract';
import type { MessageTemplates } from '@vefa/domain/campaigns/index';
import { workspaces } from '../../platform/db/schema.ts';
import { customers } from '../customers/schema.ts';

/**
 * Segments, campaigns and who got what. workspace_id leads every key (Citus
 * co-location). campaign_recipients is the experiment's record: the group each
 * customer was randomised to, what was issued and what it cost.
 */
const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

export const campaignSegments = pgTable('campaign_segments', {
  workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id),
  id: uuid('id').notNull(),
  name: text('name').notNull(),
  /** dynamic: the definition is evaluated when used; static: the members table holds the frozen list. */
  kind: text('kind').notNull(),
  definition: jsonb('definition').$type<Record<string, unknown>>().notNull(),
  memberCount: integer('member_count'),
  snapshotAt: timestamp('snapshot_at', { withTimezone: true }),
  createdAt: createdAt(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [primaryKey({ columns: [t.workspaceId, t.id] })]);

export const campaignSegmentMembers = pgTable('campaign_segment_members', {
  workspaceId: uuid('workspace_id').notNull(),
  segmentId: uuid('segment_id').notNull(),
  customerId: uuid('customer_id').notNull(),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.segmentId, t.customerId] }),
  foreignKey({ columns: [t.workspaceId, t.segmentId], foreignColumns: [campaignSegments.workspaceId, campaignSegments.id] }),
  foreignKey({ columns: [t.workspaceId, t.customerId], foreignColumns: [customers.workspaceId, customers.id] }),
]);

export const campaigns = pgTable('campaigns', {
  workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id),
  id: uuid('id').notNull(),
  name: text('name').notNull(),
  segmentId: uuid('segment_id').notNull(),
  offer: jsonb('offer').$type<CampaignOffer>().notNull(),
  channel: text('channel').notNull(),
  templates: jsonb('templates').$type<MessageTemplates>().notNull(),
  controlShare: doublePrecision('control_share').notNull(),
  stratifyBy: text('stratify_by').notNull(),
  startsAt: timestamp('starts_at', { withTimezone: true }).notNull(),
  endsAt: timestamp('ends_at', { withTimezone: true }).notNull(),
  postWindowDays: integer('post_window_days').notNull(),
  currency: text('currency').notNull(),
  budgetMinor: bigint('budget_minor', { mode: 'number' }),
  /** Reserved against the budget by one conditional update per batch: never above budget_minor. */
  spentMinor: bigint('spent_minor', { mode: 'number' }).notNull().default(0),
  costPerRecipientMinor: bigint('cost_per_recipient_minor', { mode: 'number' }).notNull(),
  messageCostMinor: bigint('message_cost_minor', { mode: 'number' }).notNull(),
  grossMarginPercent: doublePrecision('gross_margin_percent').notNull(),
  frequencyCap: jsonb('frequency_cap').$type<{ maxCampaigns: number; days: number }>(),
  plannedCustomers: integer('planned_customers'),
  status: text('status').notNull().default('draft'),
  /** The audience is drawn once (a row per customer in campaign_recipients); then batches issue. */
  audienceDrawnAt: timestamp('audience_drawn_at', { withTimezone: true }),
  launchedAt: timestamp('launched_at', { withTimezone: true }),
  createdBy: text('created_by'),
  createdAt: createdAt(),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.id] }),
  foreignKey({ columns: [t.workspaceId, t.segmentId], foreignColumns: [campaignSegments.workspaceId, campaignSegments.id] }),
  index('campaigns_window_idx').on(t.workspaceId, t.startsAt),
]);

export const campaignRecipients = pgTable('campaign_recipients', {
  workspaceId: uuid('workspace_id').notNull(),
  campaignId: uuid('campaign_id').notNull(),
  customerId: uuid('customer_id').notNull(),
  /** treated | control — control customers get nothing, ever. */
  groupName: text('group_name').notNull(),
  stratum: text('stratum'),
  /** pending → issued | skipped_budget | skipped_frequency | held_out (control). */
  status: text('status').notNull(),
  issuedAt: timestamp('issued_at', { withTimezone: true }),
  costMinor: bigint('cost_minor', { mode: 'number' }).notNull().default(0),
  points: integer('points').notNull().default(0),
  couponCode: text('coupon_code'),
  language: text('language'),
  /** none | queued | sent | failed | no_consent | unsubscribed */
  emailStatus: text('email_status').notNull().default('none'),
  emailError: text('email_error'),
  emailSentAt: timestamp('email_sent_at', { withTimezone: true }),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.campaignId, t.customerId] }),
  foreignKey({ columns: [t.workspaceId, t.campaignId], foreignColumns: [campaigns.workspaceId, campaigns.id] }),
  foreignKey({ columns: [t.workspaceId, t.customerId], foreignColumns: [customers.workspaceId, customers.id] }),
  index('campaign_recipients_status_idx').on(t.workspaceId, t.campaignId, t.status),
  // Batches claim the next pending recipients in customer order straight from this index: no sort of
  // everyone still pending per batch (quadratic over a 200,000-customer campaign).
  index('campaign_recipients_pending_idx').on(t.workspaceId, t.campaignId, t.customerId).where(sql`status = 'pending'`),
  index('campaign_recipients_email_idx').on(t.workspaceId, t.campaignId, t.emailStatus).where(sql`email_status = 'queued'`),
  // The frequency cap looks up a customer's recent treatments across campaigns.
  index('campaign_recipients_customer_idx').on(t.workspaceId, t.customerId, t.issuedAt),
]);

export const competitorOffers = pgTable('competitor_offers', {
  workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id),
  id: uuid('id').notNull(),
  competitor: text('competitor').notNull(),
  offer: text('offer').notNull(),
  channel: text('channel').notNull(),
  startsOn: date('starts_on', { mode: 'string' }).notNull(),
  endsOn: date('ends_on', { mode: 'string' }),
  createdAt: createdAt(),
}, (t) => [primaryKey({ columns: [t.workspaceId, t.id] }), index('competitor_offers_starts_idx').on(t.workspaceId, t.startsOn)]);

/**
 * Every customer's purchase history rolled up by UTC day, as three parallel
 * arrays sorted by day: the days with purchases and the running totals of
 * purchases and spend up to and including each day. A segment condition on any
 * period then reads one row per customer and finds its bounds by binary search
 * (width_bucket), instead of aggregating the sales history per count. Kept by
 * triggers on transactions, loyalty_purchases and loyalty_members (migration
 * 0013) so it always equals the live history the segments used to read
 * (purchaseSource); a customer without purchases has no row.
 */
export const customerPurchaseHistory = pgTable('customer_purchase_history', {
  workspaceId: uuid('workspace_id').notNull(),
  customerId: uuid('customer_id').notNull(),
  days: date('days', { mode: 'string' }).array().notNull(),
  purchases: integer('purchases').array().notNull(),
  spendMinor: bigint('spend_minor', { mode: 'number' }).array().notNull(),
  // The last day and the running totals on it, kept by PostgreSQL with every write: a segment
  // condition ending today or on the last purchase reads them without opening the arrays (every
  // array read copies it), a third less work per customer in a live count.
  lastDay: date('last_day', { mode: 'string' }).generatedAlwaysAs(sql`days[cardinality(days)]`),
  totalPurchases: integer('total_purchases').generatedAlwaysAs(sql`purchases[cardinality(purchases)]`),
  totalSpendMinor: bigint('total_spend_minor', { mode: 'number' }).generatedAlwaysAs(sql`spend_minor[cardinality(spend_minor)]`),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.customerId] }),
  foreignKey({ columns: [t.workspaceId, t.customerId], foreignColumns: [customers.workspaceId, customers.id] }),
]);

/** Per workspace: the key that signs unsubscribe links (deleting the row voids every link). */
export const campaignSettings = pgTable('campaign_settings', {
  workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id),
  signingKey: text('signing_key').notNull(),
}, (t) => [primaryKey({ columns: [t.workspaceId] })]);
