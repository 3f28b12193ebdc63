import { z } from 'zod';
import { IsoDateTime, Uuid } from '../platform/common.ts';
import { PurchaseLineInput } from './transactions.ts';

/**
 * Earning rules travel as the domain's rule JSON (see packages/domain/src/loyalty/rules/types.ts);
 * the server checks them with validateEarningRule and names every bad field as body.rule.<path>.
 */
export const RuleJson = z.record(z.string(), z.unknown()).describe('EarningRule JSON without "id": name, priority, stacking, when, lines, effect, caps, validFrom, validUntil');

export const RuleCreate = z.strictObject({
  programmeId: Uuid.optional(),
  rule: RuleJson,
  active: z.boolean().default(true),
});
export const RuleUpdate = z.strictObject({ rule: RuleJson.optional(), active: z.boolean().optional() });
export const EarningRuleView = z.object({
  id: Uuid, programmeId: Uuid, name: z.string(), priority: z.number().int(), version: z.number().int(), active: z.boolean(),
  rule: z.record(z.string(), z.unknown()), createdAt: IsoDateTime, updatedAt: IsoDateTime,
});
export const RuleListQuery = z.object({ programmeId: Uuid.optional() });

export const SimulateInput = z.strictObject({
  programmeId: Uuid.optional(),
  rule: RuleJson.optional().describe('An unsaved rule to try; evaluated with the active rules unless alone=true'),
  alone: z.boolean().default(false),
  memberId: Uuid.optional().describe('Use this member\'s tier, tags and history; a sample member otherwise'),
  member: z.strictObject({
    tierId: z.string().optional(), tags: z.array(z.string()).default([]), segmentIds: z.array(z.string()).default([]),
    joinedOn: z.iso.date().optional(), birthMonth: z.number().int().min(1).max(12).optional(),
  }).optional(),
  firstPurchase: z.boolean().default(false),
  purchase: z.strictObject({
    occurredAt: IsoDateTime.optional(), storeId: z.string().optional(), channel: z.string().optional(),
    currency: z.string().regex(/^[A-Z]{3}$/).optional(), paidWithPointsMinor: z.number().int().min(0).optional(),
    lines: z.array(PurchaseLineInput).min(1).max(500),
  }),
});
export const SimulateResult = z.object({
  totalPoints: z.number().int(),
  byLine: z.array(z.object({ lineId: z.string(), points: z.number().int() })),
  byRule: z.array(z.object({ ruleId: z.string(), points: z.number().int(), capped: z.boolean() })),
  explanation: z.array(z.object({ ruleId: z.string(), code: z.string(), message: z.string(), points: z.number().int().optional() })),
});

export const RewardKind = z.enum(['discount', 'product', 'voucher', 'partner']);
export const RewardCreate = z.strictObject({
  programmeId: Uuid.optional(),
  name: z.string().trim().min(1).max(200),
  kind: RewardKind,
  pointsCost: z.number().int().min(1).max(100_000_000),
  stock: z.number().int().min(0).nullable().default(null),
  perMemberLimit: z.number().int().min(1).nullable().default(null),
  tierIds: z.array(Uuid).max(20).default([]).describe('Only members of these tiers; empty = everyone'),
  active: z.boolean().default(true),
});
export const RewardUpdate = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(), pointsCost: z.number().int().min(1).optional(),
  stock: z.number().int().min(0).nullable().optional(), perMemberLimit: z.number().int().min(1).nullable().optional(),
  tierIds: z.array(Uuid).max(20).optional(), active: z.boolean().optional(),
});
export const LoyaltyReward = z.object({
  id: Uuid, programmeId: Uuid, name: z.string(), kind: RewardKind, pointsCost: z.number().int(), stock: z.number().int().nullable(),
  perMemberLimit: z.number().int().nullable(), tierIds: z.array(z.string()), active: z.boolean(),
});

export const RedemptionCreate = z.strictObject({
  memberId: Uuid, rewardId: Uuid, externalId: z.string().trim().min(1).max(120).optional(),
  commit: z.boolean().default(false).describe('true: reserve and commit at once'),
});
export const LoyaltyRedemption = z.object({
  id: Uuid, memberId: Uuid, rewardId: Uuid.nullable(), points: z.number().int(),
  status: z.enum(['reserved', 'committed', 'cancelled']), externalId: z.string().nullable(), createdAt: IsoDateTime,
});

const CouponConditions = z.strictObject({
  currency: z.string().regex(/^[A-Z]{3}$/).optional(), minAmountMinor: z.number().int().min(0).optional(),
  categories: z.array(z.string().min(1)).min(1).max(100).optional(), memberIds: z.array(Uuid).min(1).max(1000).optional(),
});
const CouponBenefit = z.strictObject({ kind: z.enum(['percentOff', 'amountOff', 'bonusPoints']), value: z.number().int().min(1) });
export const CouponGenerate = z.strictObject({
  programmeId: Uuid.optional(),
  name: z.string().trim().min(1).max(200),
  count: z.number().int().min(1).max(100_000).default(1),
  code: z.string().trim().min(4).max(40).optional().describe('One fixed code (count must be 1); random unguessable codes otherwise'),
  prefix: z.string().trim().regex(/^[0-9A-Za-z]{0,10}$/).optional(),
  validFrom: IsoDateTime.optional(), validUntil: IsoDateTime.optional(),
  maxUses: z.number().int().min(1).nullable().default(1),
  maxUsesPerMember: z.number().int().min(1).nullable().default(null),
  conditions: CouponConditions.default({}),
  benefit: CouponBenefit,
});
export const CouponBatchResult = z.object({ batchId: Uuid, count: z.number().int(), codes: z.array(z.string()) });
export const LoyaltyCoupon = z.object({
  id: Uuid, code: z.string(), name: z.string(), batchId: Uuid.nullable(), status: z.string(), uses: z.number().int(),
  maxUses: z.number().int().nullable(), maxUsesPerMember: z.number().int().nullable(),
  validFrom: IsoDateTime.nullable(), validUntil: IsoDateTime.nullable(), benefit: CouponBenefit,
});
export const CouponCheckInput = z.strictObject({
  code: z.string().trim().min(4).max(60),
  memberId: Uuid.optional(),
  externalId: z.string().trim().min(1).max(120).optional().describe('Till transaction: a retried redemption counts once'),
  purchase: z.strictObject({
    currency: z.string().regex(/^[A-Z]{3}$/).optional(), lines: z.array(PurchaseLineInput).min(1).max(500),
  }).optional(),
});
export const CouponCheckResult = z.object({
  ok: z.boolean(), couponId: Uuid.nullable(), benefit: CouponBenefit.nullable(),
  refusals: z.array(z.object({ code: z.string(), message: z.string() })),
  redemptionId: Uuid.nullable(),
});

export const ReferralCreate = z.strictObject({ referralCode: z.string().trim().min(9).max(500).describe('The code, or the link it was shared as'), refereeMemberId: Uuid });
export const LoyaltyReferral = z.object({
  id: Uuid, referrerMemberId: Uuid, refereeMemberId: Uuid, status: z.enum(['pending', 'rewarded', 'blocked', 'declined']),
  fraudReasons: z.array(z.string()), rewardedAt: IsoDateTime.nullable(), createdAt: IsoDateTime,
});
