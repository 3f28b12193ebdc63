import { z } from 'zod';
import { IsoDate, IsoDateTime, Uuid } from '../platform/common.ts';
import { CurrencyCode, MinorAmount, AccountsMoney } from './accounts.ts';

export const PricePosition = z.enum(['lower', 'similar', 'higher']);
const Points = z.array(z.string().trim().min(1).max(500)).max(30).default([]);
export const Competitor = z.object({
  id: Uuid, name: z.string(), website: z.string().nullable(), pricePosition: PricePosition,
  strengths: z.array(z.string()), weaknesses: z.array(z.string()), opportunities: z.array(z.string()), threats: z.array(z.string()),
  notes: z.string(), dealsWon: z.number().int(), dealsLost: z.number().int(), lostTo: z.number().int(), winRate: z.number().nullable(),
});
export type Competitor = z.infer<typeof Competitor>;
export const CompetitorCreate = z.strictObject({
  name: z.string().trim().min(1).max(200), website: z.string().max(300).nullable().optional(), pricePosition: PricePosition.default('similar'),
  strengths: Points, weaknesses: Points, opportunities: Points, threats: Points, notes: z.string().max(10_000).default(''),
});
// Zod applies a default even inside .partial(), so the update lists its fields without defaults: a field left out is left as it is.
const PointsGiven = z.array(z.string().trim().min(1).max(500)).max(30);
export const CompetitorUpdate = CompetitorCreate.extend({
  pricePosition: PricePosition, strengths: PointsGiven, weaknesses: PointsGiven, opportunities: PointsGiven, threats: PointsGiven, notes: z.string().max(10_000),
}).partial().strict();

export const MarketSegment = z.object({
  id: Uuid, name: z.string(), description: z.string(), sizeCompanies: z.number().int().nullable(), potential: AccountsMoney,
  accounts: z.number().int(), pipelineMinor: z.number().int(),
});
export const MarketSegmentCreate = z.strictObject({
  name: z.string().trim().min(1).max(200), description: z.string().max(5000).default(''),
  sizeCompanies: z.number().int().min(0).nullable().optional(),
  potential: z.strictObject({ amountMinor: MinorAmount, currency: CurrencyCode }),
});
export const MarketSegmentUpdate = MarketSegmentCreate.extend({ description: z.string().max(5000) }).partial().strict();

export const ReferralStatus = z.enum(['open', 'converted', 'lost']);
export const AccountReferral = z.object({
  id: Uuid, referrerId: Uuid, referrerName: z.string(), prospectId: Uuid, prospectName: z.string(), dealId: Uuid.nullable(),
  status: ReferralStatus, reward: AccountsMoney.nullable(), rewardStatus: z.enum(['none', 'due', 'paid']), note: z.string(),
  createdAt: IsoDateTime, convertedAt: IsoDateTime.nullable(),
});
export type AccountReferral = z.infer<typeof AccountReferral>;
export const AccountReferralCreate = z.strictObject({
  referrerId: Uuid.describe('The account or contact who referred'),
  prospectId: Uuid.describe('The referred company or person'),
  note: z.string().max(2000).default(''),
  reward: z.strictObject({ amountMinor: MinorAmount, currency: CurrencyCode }).nullable().optional().describe('Earned when the prospect converts'),
});
export const ReferralRewardPaid = z.strictObject({ paid: z.literal(true) });

export const ReportQuery = z.object({
  month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'YYYY-MM'),
  ownerId: Uuid.optional().describe('One manager; omit for the team (needs accounts:manage to see others)'),
});
const ByCurrency = z.record(z.string(), z.number().int());
export const MonthlyReport = z.object({
  month: z.string(), ownerId: Uuid.nullable(), ownerName: z.string().nullable(), timeZone: z.string(), generatedAt: IsoDateTime,
  newAccounts: z.number().int(),
  meetingsHeld: z.number().int(),
  activitiesByKind: z.record(z.string(), z.number().int()),
  pipeline: z.array(z.object({ stageId: Uuid, stageName: z.string(), count: z.number().int(), values: ByCurrency, entered: z.number().int(), enteredPrevious: z.number().int() })),
  won: z.object({ count: z.number().int(), values: ByCurrency }),
  lost: z.object({ count: z.number().int(), values: ByCurrency, reasons: z.array(z.object({ reason: z.string(), count: z.number().int() })),
    competitors: z.array(z.object({ competitorId: Uuid, name: z.string(), count: z.number().int() })) }),
  revenue: z.object({ actual: ByCurrency, targetMinor: z.number().int().nullable(), currency: CurrencyCode }),
  orders: z.object({ created: z.number().int(), delivered: z.number().int(), overdue: z.number().int(), lateDelivered: z.number().int() }),
  renewalsDue: z.array(z.object({ contractId: Uuid, number: z.string(), title: z.string(), accountName: z.string(), renewalOn: IsoDate, value: AccountsMoney })),
});
export type MonthlyReport = z.infer<typeof MonthlyReport>;
export const TargetSet = z.strictObject({ ownerId: Uuid, month: z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/), amountMinor: MinorAmount });
export const ReportSchedule = z.object({ id: Uuid, email: z.string(), ownerId: Uuid.nullable(), language: z.enum(['az', 'tr', 'en']), lastSentMonth: z.string().nullable() });
export const ReportScheduleCreate = z.strictObject({ email: z.email(), ownerId: Uuid.nullable().optional(), language: z.enum(['az', 'tr', 'en']).default('az') });
