import { sql } from 'drizzle-orm';
import {
  bigint, boolean, date, foreignKey, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid,
} from 'drizzle-orm/pg-core';
import { workspaces } from '../../platform/db/schema.ts';
import { customers } from '../customers/schema.ts';

/**
 * Loyalty engine tables. workspace_id leads every primary, unique and foreign key
 * (Citus co-location). The ledger is append-only: a trigger in the migration refuses
 * UPDATE and DELETE on loyalty_ledger_entries; balances and lot remainders are caches
 * that GET /loyalty/ledger/check proves equal to the sums of entries.
 */
const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updatedAt = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();

export interface StoredEarningSettings {
  /** Lines flagged earnable=false and the part paid with points never earn (domain rule); kept for the UI. */
  earnOnDiscountedLines: boolean;
}
export interface StoredBurningSettings {
  /** Smallest number of points a till may burn at once. */
  minPoints: number;
  /** Most of a bill (percent) that may be paid with points. */
  maxBillPercent: number;
}
export interface StoredTierSettings {
  window: { kind: 'rolling'; days: number } | { kind: 'calendarYear' };
  review: { month: number; day: number };
  graceDays: number;
}
export interface StoredReferralSettings {
  referrerPoints: number;
  refereePoints: number;
  minPurchaseMinor: number;
  maxRewardsPerReferrer: number | null;
}

export const loyaltyProgrammes = pgTable('loyalty_programmes', {
  workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id),
  id: uuid('id').notNull(),
  name: text('name').notNull(),
  currency: text('currency').notNull(),
  /** What one point is worth when burnt, in minor units of the currency. */
  pointValueMinor: integer('point_value_minor').notNull(),
  /** Points stay pending this many days (the return window); 0 = available at once. */
  returnWindowDays: integer('return_window_days').notNull(),
  /** Points lapse this many months after the purchase day; null = never. */
  expiryMonths: integer('expiry_months'),
  /** Warn members this many days before their points lapse. */
  expiryWarningDays: integer('expiry_warning_days').notNull(),
  negativeBalance: text('negative_balance').notNull(),
  earning: jsonb('earning').$type<StoredEarningSettings>().notNull(),
  burning: jsonb('burning').$type<StoredBurningSettings>().notNull(),
  tierSettings: jsonb('tier_settings').$type<StoredTierSettings>().notNull(),
  referral: jsonb('referral').$type<StoredReferralSettings>().notNull(),
  status: text('status').notNull().default('active'),
  /** Bumped by every rule change: the compiled-rule cache key. */
  rulesVersion: integer('rules_version').notNull().default(1),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
}, (t) => [primaryKey({ columns: [t.workspaceId, t.id] })]);

export const loyaltyMembers = pgTable('loyalty_members', {
  workspaceId: uuid('workspace_id').notNull(),
  id: uuid('id').notNull(),
  programmeId: uuid('programme_id').notNull(),
  customerId: uuid('customer_id').notNull(),
  status: text('status').notNull().default('active'),
  cardNumber: text('card_number').notNull(),
  referralCode: text('referral_code').notNull(),
  joinedOn: date('joined_on', { mode: 'string' }).notNull(),
  enrolledAt: timestamp('enrolled_at', { withTimezone: true }).notNull().defaultNow(),
  optedOutAt: timestamp('opted_out_at', { withTimezone: true }),
  tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
  segmentIds: text('segment_ids').array().notNull().default(sql`'{}'::text[]`),
  birthMonth: integer('birth_month'),
  purchaseCount: integer('purchase_count').notNull().default(0),
  tierId: uuid('tier_id'),
  heldTierId: uuid('held_tier_id'),
  lastReviewOn: date('last_review_on', { mode: 'string' }),
  graceUntil: date('grace_until', { mode: 'string' }),
  createdAt: createdAt(),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.id] }),
  foreignKey({ columns: [t.workspaceId, t.programmeId], foreignColumns: [loyaltyProgrammes.workspaceId, loyaltyProgrammes.id] }),
  foreignKey({ columns: [t.workspaceId, t.customerId], foreignColumns: [customers.workspaceId, customers.id] }),
  uniqueIndex('loyalty_members_customer_key').on(t.workspaceId, t.programmeId, t.customerId),
  uniqueIndex('loyalty_members_card_key').on(t.workspaceId, t.cardNumber),
  uniqueIndex('loyalty_members_referral_key').on(t.workspaceId, t.referralCode),
]);

/** The cached balance of a member; check: equals the sums of their ledger entries. */
export const loyaltyMemberBalances = pgTable('loyalty_member_balances', {
  workspaceId: uuid('workspace_id').notNull(),
  memberId: uuid('member_id').notNull(),
  available: bigint('available', { mode: 'number' }).notNull().default(0),
  pending: bigint('pending', { mode: 'number' }).notNull().default(0),
  /** Unlotted member_available (≤ 0): a negative balance left by a return. */
  debt: bigint('debt', { mode: 'number' }).notNull().default(0),
  updatedAt: updatedAt(),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.memberId] }),
  foreignKey({ columns: [t.workspaceId, t.memberId], foreignColumns: [loyaltyMembers.workspaceId, loyaltyMembers.id] }),
]);

export const loyaltyEarningRules = pgTable('loyalty_earning_rules', {
  workspaceId: uuid('workspace_id').notNull(),
  id: uuid('id').notNull(),
  programmeId: uuid('programme_id').notNull(),
  name: text('name').notNull(),
  /** The rule as the domain's EarningRule JSON (validated by validateEarningRule). */
  rule: jsonb('rule').$type<Record<string, unknown>>().notNull(),
  version: integer('version').notNull().default(1),
  active: boolean('active').notNull().default(true),
  priority: integer('priority').notNull(),
  createdAt: createdAt(),
  updatedAt: updatedAt(),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.id] }),
  foreignKey({ columns: [t.workspaceId, t.programmeId], foreignColumns: [loyaltyProgrammes.workspaceId, loyaltyProgrammes.id] }),
  index('loyalty_rules_programme_idx').on(t.workspaceId, t.programmeId),
]);

export const loyaltyTiers = pgTable('loyalty_tiers', {
  workspaceId: uuid('workspace_id').notNull(),
  id: uuid('id').notNull(),
  programmeId: uuid('programme_id').notNull(),
  name: text('name').notNull(),
  rank: integer('rank').notNull(),
  requires: jsonb('requires').$type<{ points?: number; spendMinor?: number; purchases?: number }>().notNull(),
  earningMultiplierPercent: integer('earning_multiplier_percent').notNull().default(100),
  createdAt: createdAt(),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.id] }),
  foreignKey({ columns: [t.workspaceId, t.programmeId], foreignColumns: [loyaltyProgrammes.workspaceId, loyaltyProgrammes.id] }),
  uniqueIndex('loyalty_tiers_rank_key').on(t.workspaceId, t.programmeId, t.rank),
]);

/** Tier progress per member and local day: purchases add, returns subtract (dated on the purchase day). */
export const loyaltyTierActivity = pgTable('loyalty_tier_activity', {
  workspaceId: uuid('workspace_id').notNull(),
  memberId: uuid('member_id').notNull(),
  on: date('on', { mode: 'string' }).notNull(),
  points: bigint('points', { mode: 'number' }).notNull().default(0),
  spendMinor: bigint('spend_minor', { mode: 'number' }).notNull().default(0),
  purchases: integer('purchases').notNull().default(0),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.memberId, t.on] }),
  foreignKey({ columns: [t.workspaceId, t.memberId], foreignColumns: [loyaltyMembers.workspaceId, loyaltyMembers.id] }),
]);

/** Points a rule gave a member per local day, for the per-day and per-member caps. */
export const loyaltyRuleUsage = pgTable('loyalty_rule_usage', {
  workspaceId: uuid('workspace_id').notNull(),
  memberId: uuid('member_id').notNull(),
  ruleId: text('rule_id').notNull(),
  on: date('on', { mode: 'string' }).notNull(),
  points: bigint('points', { mode: 'number' }).notNull().default(0),
}, (t) => [primaryKey({ columns: [t.workspaceId, t.memberId, t.ruleId, t.on] })]);

export const loyaltyPurchases = pgTable('loyalty_purchases', {
  workspaceId: uuid('workspace_id').notNull(),
  id: uuid('id').notNull(),
  programmeId: uuid('programme_id').notNull(),
  memberId: uuid('member_id').notNull(),
  /** The till's or shop's transaction id: unique per workspace, so a retried post counts once. */
  externalId: text('external_id').notNull(),
  occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
  localDate: date('local_date', { mode: 'string' }).notNull(),
  storeId: text('store_id'),
  channel: text('channel'),
  currency: text('currency').notNull(),
  amountMinor: bigint('amount_minor', { mode: 'number' }).notNull(),
  paidWithPointsMinor: bigint('paid_with_points_minor', { mode: 'number' }).notNull().default(0),
  pointsEarned: integer('points_earned').notNull(),
  /** Earning posting id (= its lot id). */
  postingId: text('posting_id').notNull(),
  createdAt: createdAt(),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.id] }),
  uniqueIndex('loyalty_purchases_external_key').on(t.workspaceId, t.externalId),
  foreignKey({ columns: [t.workspaceId, t.memberId], foreignColumns: [loyaltyMembers.workspaceId, loyaltyMembers.id] }),
  index('loyalty_purchases_member_idx').on(t.workspaceId, t.memberId, t.occurredAt),
]);

export const loyaltyPurchaseLines = pgTable('loyalty_purchase_lines', {
  workspaceId: uuid('workspace_id').notNull(),
  purchaseId: uuid('purchase_id').notNull(),
  lineId: text('line_id').notNull(),
  position: integer('position').notNull(),
  sku: text('sku').notNull(),
  category: text('category'),
  brand: text('brand'),
  quantity: integer('quantity').notNull(),
  unitPriceMinor: bigint('unit_price_minor', { mode: 'number' }).notNull(),
  discountMinor: bigint('discount_minor', { mode: 'number' }).notNull().default(0),
  amountMinor: bigint('amount_minor', { mode: 'number' }).notNull(),
  earnable: boolean('earnable').notNull().default(true),
  points: integer('points').notNull(),
  returnedQuantity: integer('returned_quantity').notNull().default(0),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.purchaseId, t.lineId] }),
  foreignKey({ columns: [t.workspaceId, t.purchaseId], foreignColumns: [loyaltyPurchases.workspaceId, loyaltyPurchases.id] }),
]);

export const loyaltyReturns = pgTable('loyalty_returns', {
  workspaceId: uuid('workspace_id').notNull(),
  id: uuid('id').notNull(),
  purchaseId: uuid('purchase_id').notNull(),
  memberId: uuid('member_id').notNull(),
  externalId: text('external_id').notNull(),
  occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
  lines: jsonb('lines').$type<{ lineId: string; quantity: number }[]>().notNull(),
  pointsDue: integer('points_due').notNull(),
  pointsReversed: integer('points_reversed').notNull(),
  shortfall: integer('shortfall').notNull(),
  spendReturnedMinor: bigint('spend_returned_minor', { mode: 'number' }).notNull(),
  postingId: text('posting_id').notNull(),
  createdAt: createdAt(),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.id] }),
  uniqueIndex('loyalty_returns_external_key').on(t.workspaceId, t.externalId),
  foreignKey({ columns: [t.workspaceId, t.purchaseId], foreignColumns: [loyaltyPurchases.workspaceId, loyaltyPurchases.id] }),
  index('loyalty_returns_purchase_idx').on(t.workspaceId, t.purchaseId),
]);

/** Points that arrived together and expire together. available/pending are caches of the lot's entries. */
export const loyaltyLots = pgTable('loyalty_lots', {
  workspaceId: uuid('workspace_id').notNull(),
  id: text('id').notNull(),
  memberId: uuid('member_id').notNull(),
  purchaseId: uuid('purchase_id'),
  earnedAt: timestamp('earned_at', { withTimezone: true }).notNull(),
  expiresOn: date('expires_on', { mode: 'string' }),
  releaseAt: timestamp('release_at', { withTimezone: true }),
  initial: integer('initial').notNull(),
  available: integer('available').notNull(),
  pending: integer('pending').notNull(),
  warnedAt: timestamp('warned_at', { withTimezone: true }),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.id] }),
  foreignKey({ columns: [t.workspaceId, t.memberId], foreignColumns: [loyaltyMembers.workspaceId, loyaltyMembers.id] }),
  index('loyalty_lots_member_idx').on(t.workspaceId, t.memberId).where(sql`available <> 0 or pending <> 0`),
  index('loyalty_lots_expiry_idx').on(t.workspaceId, t.expiresOn).where(sql`expires_on is not null and (available > 0 or pending > 0)`),
  index('loyalty_lots_release_idx').on(t.workspaceId, t.releaseAt).where(sql`pending > 0`),
]);

/**
 * The append-only, double-entry points ledger. Every posting's entries sum to zero.
 * Never updated or deleted (a trigger refuses it); a correction is a new posting.
 */
export const loyaltyLedgerEntries = pgTable('loyalty_ledger_entries', {
  workspaceId: uuid('workspace_id').notNull(),
  id: bigint('id', { mode: 'number' }).generatedAlwaysAsIdentity(),
  programmeId: uuid('programme_id').notNull(),
  postingId: text('posting_id').notNull(),
  postingKind: text('posting_kind').notNull(),
  account: text('account').notNull(),
  memberId: uuid('member_id'),
  lotId: text('lot_id'),
  amount: integer('amount').notNull(),
  causeKind: text('cause_kind').notNull(),
  cause: jsonb('cause').$type<Record<string, unknown>>().notNull(),
  occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
  createdAt: createdAt(),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.id] }),
  index('loyalty_ledger_posting_idx').on(t.workspaceId, t.postingId),
  index('loyalty_ledger_member_idx').on(t.workspaceId, t.memberId, t.id),
]);

export const loyaltyRewards = pgTable('loyalty_rewards', {
  workspaceId: uuid('workspace_id').notNull(),
  id: uuid('id').notNull(),
  programmeId: uuid('programme_id').notNull(),
  name: text('name').notNull(),
  kind: text('kind').notNull(),
  pointsCost: integer('points_cost').notNull(),
  /** Units left; null = unlimited. Taken with one conditional UPDATE so it never oversells. */
  stock: integer('stock'),
  perMemberLimit: integer('per_member_limit'),
  tierIds: text('tier_ids').array().notNull().default(sql`'{}'::text[]`),
  active: boolean('active').notNull().default(true),
  createdAt: createdAt(),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.id] }),
  foreignKey({ columns: [t.workspaceId, t.programmeId], foreignColumns: [loyaltyProgrammes.workspaceId, loyaltyProgrammes.id] }),
]);

export const loyaltyRedemptions = pgTable('loyalty_redemptions', {
  workspaceId: uuid('workspace_id').notNull(),
  id: uuid('id').notNull(),
  memberId: uuid('member_id').notNull(),
  /** Null for points burnt at the till as payment. */
  rewardId: uuid('reward_id'),
  points: integer('points').notNull(),
  status: text('status').notNull(),
  externalId: text('external_id'),
  postingId: text('posting_id').notNull(),
  cancelPostingId: text('cancel_posting_id'),
  createdAt: createdAt(),
  committedAt: timestamp('committed_at', { withTimezone: true }),
  cancelledAt: timestamp('cancelled_at', { withTimezone: true }),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.id] }),
  foreignKey({ columns: [t.workspaceId, t.memberId], foreignColumns: [loyaltyMembers.workspaceId, loyaltyMembers.id] }),
  uniqueIndex('loyalty_redemptions_external_key').on(t.workspaceId, t.externalId),
  index('loyalty_redemptions_member_idx').on(t.workspaceId, t.memberId, t.rewardId),
]);

export const loyaltyCoupons = pgTable('loyalty_coupons', {
  workspaceId: uuid('workspace_id').notNull(),
  id: uuid('id').notNull(),
  programmeId: uuid('programme_id').notNull(),
  /** Normalised code (Crockford base32 with a check symbol). */
  code: text('code').notNull(),
  batchId: uuid('batch_id'),
  name: text('name').notNull(),
  status: text('status').notNull().default('active'),
  validFrom: timestamp('valid_from', { withTimezone: true }),
  validUntil: timestamp('valid_until', { withTimezone: true }),
  maxUses: integer('max_uses'),
  maxUsesPerMember: integer('max_uses_per_member'),
  uses: integer('uses').notNull().default(0),
  conditions: jsonb('conditions').$type<{ currency?: string; minAmountMinor?: number; categories?: string[]; memberIds?: string[] }>().notNull(),
  benefit: jsonb('benefit').$type<{ kind: 'percentOff' | 'amountOff' | 'bonusPoints'; value: number }>().notNull(),
  createdAt: createdAt(),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.id] }),
  uniqueIndex('loyalty_coupons_code_key').on(t.workspaceId, t.code),
  foreignKey({ columns: [t.workspaceId, t.programmeId], foreignColumns: [loyaltyProgrammes.workspaceId, loyaltyProgrammes.id] }),
]);

export const loyaltyCouponRedemptions = pgTable('loyalty_coupon_redemptions', {
  workspaceId: uuid('workspace_id').notNull(),
  id: uuid('id').notNull(),
  couponId: uuid('coupon_id').notNull(),
  memberId: uuid('member_id'),
  externalId: text('external_id'),
  createdAt: createdAt(),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.id] }),
  foreignKey({ columns: [t.workspaceId, t.couponId], foreignColumns: [loyaltyCoupons.workspaceId, loyaltyCoupons.id] }),
  uniqueIndex('loyalty_coupon_redemptions_external_key').on(t.workspaceId, t.couponId, t.externalId),
  index('loyalty_coupon_redemptions_member_idx').on(t.workspaceId, t.couponId, t.memberId),
]);

export const loyaltyReferrals = pgTable('loyalty_referrals', {
  workspaceId: uuid('workspace_id').notNull(),
  id: uuid('id').notNull(),
  referrerMemberId: uuid('referrer_member_id').notNull(),
  refereeMemberId: uuid('referee_member_id').notNull(),
  /** pending → rewarded, or blocked (fraud reasons recorded). */
  status: text('status').notNull(),
  fraudReasons: text('fraud_reasons').array().notNull().default(sql`'{}'::text[]`),
  rewardedAt: timestamp('rewarded_at', { withTimezone: true }),
  purchaseId: uuid('purchase_id'),
  createdAt: createdAt(),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.id] }),
  uniqueIndex('loyalty_referrals_referee_key').on(t.workspaceId, t.refereeMemberId),
  foreignKey({ columns: [t.workspaceId, t.referrerMemberId], foreignColumns: [loyaltyMembers.workspaceId, loyaltyMembers.id] }),
  foreignKey({ columns: [t.workspaceId, t.refereeMemberId], foreignColumns: [loyaltyMembers.workspaceId, loyaltyMembers.id] }),
  index('loyalty_referrals_referrer_idx').on(t.workspaceId, t.referrerMemberId),
]);
