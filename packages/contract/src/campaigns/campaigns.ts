import { z } from 'zod';
import { IsoDate, IsoDateTime, Uuid } from '../platform/common.ts';

const Currency = z.string().regex(/^[A-Z]{3}$/, 'ISO 4217 code, e.g. AZN');
const Minor = z.number().int().min(0).max(1e13);

export const CampaignOffer = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('points'), programmeId: Uuid, points: z.number().int().min(1).max(1_000_000) }),
  z.strictObject({
    kind: z.literal('coupon'), programmeId: Uuid,
    benefit: z.strictObject({ kind: z.enum(['percentOff', 'amountOff', 'bonusPoints']), value: z.number().int().min(1).max(1e9) }),
    validDays: z.number().int().min(1).max(366).default(30),
    costPerCouponMinor: Minor.describe('Expected cost of one coupon (reserved against the budget on issue)'),
  }),
  z.strictObject({ kind: z.literal('message') }),
]);
export type CampaignOffer = z.infer<typeof CampaignOffer>;

export const MessageTemplate = z.strictObject({ subject: z.string().trim().min(1).max(300), body: z.string().trim().min(1).max(20_000) });
export const MessageTemplates = z.strictObject({ az: MessageTemplate.optional(), tr: MessageTemplate.optional(), en: MessageTemplate.optional() })
  .describe('One per language; {{firstName}}, {{displayName}}, {{points}}, {{couponCode}}, {{unsubscribeUrl}} are filled per customer');

export const CampaignChannel = z.enum(['email', 'export']).describe('email: sent by Vefa; export: the audience CSV goes to another channel (SMS, push)');
export const CampaignStatus = z.enum(['draft', 'scheduled', 'running', 'completed', 'cancelled']);

const CampaignFields = {
  name: z.string().trim().min(1).max(200),
  segmentId: Uuid,
  offer: CampaignOffer,
  channel: CampaignChannel.default('email'),
  templates: MessageTemplates.default({}),
  controlShare: z.number().min(0.01).max(0.5).describe('Share of the audience held out (gets nothing)'),
  stratifyBy: z.enum(['none', 'rfmSegment', 'tier']).default('none'),
  startsAt: IsoDateTime,
  endsAt: IsoDateTime,
  postWindowDays: z.number().int().min(0).max(365).default(14),
  currency: Currency.default('AZN'),
  budgetMinor: Minor.nullable().default(null),
  messageCostMinor: Minor.default(0),
  grossMarginPercent: z.number().min(0).max(100).default(30),
  frequencyCap: z.strictObject({ maxCampaigns: z.number().int().min(1).max(100), days: z.number().int().min(1).max(365) }).nullable().default(null)
    .describe('Skip customers already treated by this many campaigns in the last N days'),
  plannedCustomers: z.number().int().min(1).nullable().default(null).describe('From the sample-size calculator: the verdict waits for it'),
};

export const CampaignCreate = z.strictObject(CampaignFields);
export const CampaignUpdate = z.strictObject({
  name: CampaignFields.name.optional(),
  templates: MessageTemplates.optional(),
  endsAt: IsoDateTime.optional(),
  budgetMinor: Minor.nullable().optional(),
});

export const CampaignCounts = z.object({
  audience: z.number().int(), treated: z.number().int(), control: z.number().int(), issued: z.number().int(), pending: z.number().int(),
  skippedBudget: z.number().int(), skippedFrequency: z.number().int(),
  emailsSent: z.number().int(), emailsQueued: z.number().int(), emailsFailed: z.number().int(), emailsSkipped: z.number().int(),
});

export const Campaign = z.object({
  id: Uuid,
  name: z.string(),
  segmentId: Uuid,
  segmentName: z.string(),
  offer: CampaignOffer,
  channel: CampaignChannel,
  templates: MessageTemplates,
  controlShare: z.number(),
  stratifyBy: z.enum(['none', 'rfmSegment', 'tier']),
  startsAt: IsoDateTime,
  endsAt: IsoDateTime,
  postWindowDays: z.number().int(),
  currency: z.string(),
  budgetMinor: z.number().int().nullable(),
  spentMinor: z.number().int(),
  costPerRecipientMinor: z.number().int(),
  messageCostMinor: z.number().int(),
  grossMarginPercent: z.number(),
  frequencyCap: z.object({ maxCampaigns: z.number().int(), days: z.number().int() }).nullable(),
  plannedCustomers: z.number().int().nullable(),
  status: CampaignStatus,
  counts: CampaignCounts,
  launchedAt: IsoDateTime.nullable(),
  createdAt: IsoDateTime,
});
export type Campaign = z.infer<typeof Campaign>;

export const CampaignListQuery = z.object({ status: CampaignStatus.optional(), cursor: z.string().optional(), limit: z.coerce.number().int().min(1).max(200).default(50) });

const Interval = z.object({ low: z.number(), high: z.number() });
export const ProportionResult = z.object({
  treatedRate: z.number(), controlRate: z.number(), difference: z.number(), differenceCi: Interval,
  relativeUplift: z.number().nullable(), relativeCi: Interval.nullable(), z: z.number(), pValue: z.number(),
});
export const MeanResult = z.object({
  treatedMean: z.number(), controlMean: z.number(), difference: z.number(), differenceCi: Interval,
  relativeUplift: z.number().nullable(), t: z.number(), df: z.number(), pValue: z.number(),
});
export const GroupOutcome = z.object({
  customers: z.number().int(), converted: z.number().int(), purchases: z.number().int(), revenueMinor: z.number().int(), pointsRedeemed: z.number().int(),
});
export const PeriodResult = z.object({
  from: IsoDateTime, to: IsoDateTime,
  treated: GroupOutcome, control: GroupOutcome,
  conversion: ProportionResult.nullable(),
  revenuePerCustomer: MeanResult.nullable(),
  revenueBootstrapCi: Interval.nullable().describe('Percentile bootstrap, seeded'),
  purchasesPerCustomer: MeanResult.nullable(),
  pointsRedeemedPerCustomer: MeanResult.nullable(),
});
export const VerdictCode = z.enum(['too_early', 'no_data', 'not_significant_yet', 'no_effect', 'worked_profitable', 'worked_unprofitable', 'harmful']);
export const CampaignResults = z.object({
  campaignId: Uuid,
  currency: z.string(),
  window: PeriodResult,
  postWindow: PeriodResult.nullable(),
  economics: z.object({ incrementalRevenueMinor: z.number().int(), incrementalMarginMinor: z.number().int(), costMinor: z.number().int(), roi: z.number().nullable() }),
  budget: z.object({ budgetMinor: z.number().int().nullable(), spentMinor: z.number().int(), forecastMinor: z.number().int() }),
  verdict: z.object({ code: VerdictCode, significant: z.boolean(), direction: z.enum(['up', 'down', 'none']) }),
  daily: z.array(z.object({ date: IsoDate, treatedRevenuePerCustomer: z.number(), controlRevenuePerCustomer: z.number(), treatedConversion: z.number(), controlConversion: z.number() })),
  measuredAt: IsoDateTime,
});
export type CampaignResults = z.infer<typeof CampaignResults>;

export const PlanningQuery = z.object({
  baselineRate: z.coerce.number().gt(0).lt(1),
  controlShare: z.coerce.number().min(0.01).max(0.5),
  effect: z.coerce.number().gt(0).lt(1).optional().describe('Absolute uplift to detect → customers needed'),
  customers: z.coerce.number().int().min(1).optional().describe('Customers available → smallest detectable uplift'),
  alpha: z.coerce.number().gt(0).lt(0.5).default(0.05),
  power: z.coerce.number().gt(0.5).lt(1).default(0.8),
});
export const Planning = z.object({ customersNeeded: z.number().int().nullable(), minimumDetectableEffect: z.number().nullable() });

export const CompetitorOfferCreate = z.strictObject({
  competitor: z.string().trim().min(1).max(200),
  offer: z.string().trim().min(1).max(2000),
  channel: z.string().trim().min(1).max(200).describe('Where it runs: store, app, web, TV…'),
  startsOn: IsoDate,
  endsOn: IsoDate.nullable().default(null),
});
export const CompetitorOffer = z.object({
  id: Uuid, competitor: z.string(), offer: z.string(), channel: z.string(), startsOn: IsoDate, endsOn: IsoDate.nullable(), createdAt: IsoDateTime,
});
export type CompetitorOffer = z.infer<typeof CompetitorOffer>;

export const CampaignTimeline = z.object({
  campaigns: z.array(z.object({ id: Uuid, name: z.string(), status: CampaignStatus, startsAt: IsoDateTime, endsAt: IsoDateTime })),
  competitorOffers: z.array(CompetitorOffer),
});

export const CampaignBudget = z.object({
  items: z.array(z.object({ id: Uuid, name: z.string(), currency: z.string(), budgetMinor: z.number().int().nullable(), spentMinor: z.number().int(), forecastMinor: z.number().int() })),
  totals: z.array(z.object({ currency: z.string(), budgetMinor: z.number().int(), spentMinor: z.number().int(), forecastMinor: z.number().int() })),
});

export const UnsubscribeQuery = z.object({ token: z.string().min(10).max(2000) });
