import { z } from 'zod';
import { IsoDate, IsoDateTime, Uuid } from '../platform/common.ts';

const Currency = z.string().regex(/^[A-Z]{3}$/, 'ISO 4217 code, e.g. AZN');
const Points = z.number().int().min(0).max(1_000_000_000);

export const LoyaltyTierWindow = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('rolling'), days: z.number().int().min(1).max(3660) }),
  z.strictObject({ kind: z.literal('calendarYear') }),
]);

export const ProgrammeSettings = {
  name: z.string().trim().min(1).max(200),
  currency: Currency,
  pointValueMinor: z.number().int().min(0).max(1_000_000).describe('What one point is worth when burnt, in minor units'),
  returnWindowDays: z.number().int().min(0).max(365).describe('Earned points stay pending this long'),
  expiryMonths: z.number().int().min(1).max(240).nullable().describe('Points lapse this many months after the purchase day; null = never'),
  expiryWarningDays: z.number().int().min(0).max(365),
  negativeBalance: z.enum(['allow', 'clawBackToZero']).describe('What a return does when the points were already spent'),
  earning: z.strictObject({ earnOnDiscountedLines: z.boolean() }),
  burning: z.strictObject({ minPoints: Points, maxBillPercent: z.number().int().min(0).max(100) }),
  tierSettings: z.strictObject({
    window: LoyaltyTierWindow,
    review: z.strictObject({ month: z.number().int().min(1).max(12), day: z.number().int().min(1).max(28) }),
    graceDays: z.number().int().min(0).max(365),
  }),
  referral: z.strictObject({
    referrerPoints: Points, refereePoints: Points, minPurchaseMinor: z.number().int().min(0),
    maxRewardsPerReferrer: z.number().int().min(1).nullable(),
  }),
};

export const ProgrammeCreate = z.strictObject({
  name: ProgrammeSettings.name,
  currency: ProgrammeSettings.currency.optional().describe("Defaults to the workspace's currency"),
  pointValueMinor: ProgrammeSettings.pointValueMinor.default(1),
  returnWindowDays: ProgrammeSettings.returnWindowDays.default(0),
  expiryMonths: ProgrammeSettings.expiryMonths.default(null),
  expiryWarningDays: ProgrammeSettings.expiryWarningDays.default(30),
  negativeBalance: ProgrammeSettings.negativeBalance.default('allow'),
  earning: ProgrammeSettings.earning.default({ earnOnDiscountedLines: true }),
  burning: ProgrammeSettings.burning.default({ minPoints: 1, maxBillPercent: 100 }),
  tierSettings: ProgrammeSettings.tierSettings.default({ window: { kind: 'rolling', days: 365 }, review: { month: 1, day: 1 }, graceDays: 0 }),
  referral: ProgrammeSettings.referral.default({ referrerPoints: 0, refereePoints: 0, minPurchaseMinor: 0, maxRewardsPerReferrer: null }),
});
export type ProgrammeCreate = z.infer<typeof ProgrammeCreate>;

export const ProgrammeUpdate = z.strictObject({
  name: ProgrammeSettings.name.optional(),
  pointValueMinor: ProgrammeSettings.pointValueMinor.optional(),
  returnWindowDays: ProgrammeSettings.returnWindowDays.optional(),
  expiryMonths: ProgrammeSettings.expiryMonths.optional(),
  expiryWarningDays: ProgrammeSettings.expiryWarningDays.optional(),
  negativeBalance: ProgrammeSettings.negativeBalance.optional(),
  earning: ProgrammeSettings.earning.optional(),
  burning: ProgrammeSettings.burning.optional(),
  tierSettings: ProgrammeSettings.tierSettings.optional(),
  referral: ProgrammeSettings.referral.optional(),
  status: z.enum(['active', 'archived']).optional(),
});
export type ProgrammeUpdate = z.infer<typeof ProgrammeUpdate>;

export const LoyaltyProgramme = z.object({
  id: Uuid,
  name: z.string(),
  currency: z.string(),
  pointValueMinor: z.number().int(),
  returnWindowDays: z.number().int(),
  expiryMonths: z.number().int().nullable(),
  expiryWarningDays: z.number().int(),
  negativeBalance: z.enum(['allow', 'clawBackToZero']),
  earning: ProgrammeSettings.earning,
  burning: ProgrammeSettings.burning,
  tierSettings: ProgrammeSettings.tierSettings,
  referral: ProgrammeSettings.referral,
  status: z.enum(['active', 'archived']),
  rulesVersion: z.number().int(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export type LoyaltyProgramme = z.infer<typeof LoyaltyProgramme>;

export const LoyaltyTierRequires = z.strictObject({
  points: Points.optional(), spendMinor: z.number().int().min(0).optional(), purchases: z.number().int().min(0).optional(),
});
export const LoyaltyTierCreate = z.strictObject({
  name: z.string().trim().min(1).max(120),
  rank: z.number().int().min(0).max(100).describe('0 is the entry tier'),
  requires: LoyaltyTierRequires.default({}),
  earningMultiplierPercent: z.number().int().min(100).max(1000).default(100),
});
export const LoyaltyTierUpdate = LoyaltyTierCreate.partial();
export const LoyaltyTier = z.object({
  id: Uuid, programmeId: Uuid, name: z.string(), rank: z.number().int(), requires: LoyaltyTierRequires, earningMultiplierPercent: z.number().int(),
});
export type LoyaltyTier = z.infer<typeof LoyaltyTier>;

export const ProgrammeIdParam = z.object({ programmeId: Uuid });
export const ProgrammeChildParam = z.object({ programmeId: Uuid, id: Uuid });

export const LoyaltyDate = IsoDate;
