// Types of the loyalty API, straight from the zod schemas in @vefa/contract (types only: no zod in the bundle).
import type { z } from 'zod';
import type * as C from '@vefa/contract';

export type Programme = z.infer<typeof C.LoyaltyProgramme>;
export type ProgrammeCreate = z.input<typeof C.ProgrammeCreate>;
export type ProgrammeUpdate = z.input<typeof C.ProgrammeUpdate>;
export type Tier = z.infer<typeof C.LoyaltyTier>;
export type TierCreate = z.input<typeof C.LoyaltyTierCreate>;
export type TierWindow = z.infer<typeof C.LoyaltyTierWindow>;
export type EarningRuleView = z.infer<typeof C.EarningRuleView>;
export type SimulateInput = z.input<typeof C.SimulateInput>;
export type SimulateResult = z.infer<typeof C.SimulateResult>;
export type Reward = z.infer<typeof C.LoyaltyReward>;
export type RewardCreate = z.input<typeof C.RewardCreate>;
export type RewardKind = z.infer<typeof C.RewardKind>;
export type Redemption = z.infer<typeof C.LoyaltyRedemption>;
export type Coupon = z.infer<typeof C.LoyaltyCoupon>;
export type CouponGenerate = z.input<typeof C.CouponGenerate>;
export type CouponBatchResult = z.infer<typeof C.CouponBatchResult>;
export type CouponCheckResult = z.infer<typeof C.CouponCheckResult>;
export type Referral = z.infer<typeof C.LoyaltyReferral>;
export type Member = z.infer<typeof C.LoyaltyMember>;
export type MemberView = z.infer<typeof C.LoyaltyMemberView>;
export type MemberRow = z.infer<typeof C.LoyaltyMemberRow>;
export type MemberName = z.infer<typeof C.LoyaltyMemberName>;
export type LedgerEntry = z.infer<typeof C.LoyaltyLedgerEntry>;
export type ProgrammeSummary = z.infer<typeof C.LoyaltyProgrammeSummary>;
export type TierGap = z.infer<typeof C.LoyaltyTierGap>;
export type MemberBalance = z.infer<typeof C.MemberBalance>;
export type PurchaseInput = z.input<typeof C.PurchaseInput>;
export type PurchaseResult = z.infer<typeof C.PurchaseResult>;
export type BurnInput = z.input<typeof C.BurnInput>;

// Enumerations the UI iterates over, kept here so the bundle does not pull zod in;
// loyalty.test.ts checks they equal the contract's and that each has a name in az, tr and en.
export const REWARD_KINDS: readonly RewardKind[] = ['discount', 'product', 'voucher', 'partner'];
export const REDEMPTION_STATUSES: readonly Redemption['status'][] = ['reserved', 'committed', 'cancelled'];
export const REFERRAL_STATUSES: readonly Referral['status'][] = ['pending', 'rewarded', 'blocked', 'declined'];
export const COUPON_BENEFITS: readonly Coupon['benefit']['kind'][] = ['percentOff', 'amountOff', 'bonusPoints'];
export const NEGATIVE_BALANCE: readonly Programme['negativeBalance'][] = ['allow', 'clawBackToZero'];
export const EFFECT_TYPES = ['pointsPerAmount', 'multiplier', 'fixedBonus'] as const;
export const CONDITION_TYPES = [
  'purchaseAmount', 'eligibleAmount', 'store', 'channel', 'weekday', 'timeWindow', 'firstPurchase', 'birthdayMonth',
  'tier', 'segment', 'tag', 'joinDate', 'memberDays', 'hasLine', 'sku', 'category', 'brand', 'lineAmount', 'lineQuantity', 'all', 'any', 'not',
] as const;
export const EXPLANATION_CODES = [
  'applied', 'capped', 'not_yet_valid', 'no_longer_valid', 'conditions_not_met', 'no_eligible_lines', 'stopped_by_exclusive',
  'currency_mismatch', 'tier_bonus',
] as const;
/** Causes of ledger entries (packages/domain/src/loyalty/ledger/types.ts). */
export const CAUSE_KINDS = [
  'purchase', 'return', 'pending_release', 'redemption', 'redemption_cancel', 'adjustment', 'expiry', 'transfer', 'debt_settlement',
] as const;
export const TIER_METRICS = ['points', 'spendMinor', 'purchases'] as const;
