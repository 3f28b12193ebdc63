import { z } from 'zod';
import { IsoDate, IsoDateTime, Uuid } from '../platform/common.ts';

export const CurrencyCode = z.string().regex(/^[A-Z]{3}$/, 'ISO 4217 code, e.g. AZN');
export const MinorAmount = z.number().int().min(0).max(9_000_000_000_000_000).describe('Integer minor units (qəpik, kuruş, cent)');
export const AccountsMoney = z.object({ amountMinor: z.number().int(), currency: CurrencyCode });

export const AccountTier = z.enum(['strategic', 'key', 'growth', 'standard']);
export const RelationshipRole = z.enum(['decision_maker', 'economic_buyer', 'influencer', 'user', 'gatekeeper', 'champion', 'other']);
export const Attitude = z.enum(['supporter', 'neutral', 'opponent']);

export const AccountPlan = z.strictObject({
  goals: z.array(z.string().trim().min(1).max(500)).max(30).default([]),
  challenges: z.array(z.string().trim().min(1).max(500)).max(30).default([]),
  strategy: z.string().max(5000).default(''),
});
export type AccountPlan = z.infer<typeof AccountPlan>;

export const AccountContact = z.object({
  contactId: Uuid,
  name: z.string(),
  email: z.string().nullable(),
  phone: z.string().nullable(),
  role: RelationshipRole,
  title: z.string().nullable(),
  influence: z.number().int().min(1).max(5),
  attitude: Attitude,
  reportsToId: Uuid.nullable(),
});
export type AccountContact = z.infer<typeof AccountContact>;

export const AccountHealth = z.object({
  score: z.number().int(),
  band: z.enum(['healthy', 'watch', 'at_risk']),
  factors: z.array(z.object({ factor: z.enum(['activity', 'cases', 'orders', 'renewal', 'satisfaction']), points: z.number().int(), max: z.number().int() })),
});

export const KeyAccount = z.object({
  id: Uuid.describe('The company (customer) id'),
  name: z.string(),
  ownerId: Uuid,
  ownerName: z.string().nullable(),
  sharedWith: z.array(Uuid),
  tier: AccountTier,
  industry: z.string().nullable(),
  segmentId: Uuid.nullable(),
  annualPotential: AccountsMoney,
  satisfaction: z.number().int().min(0).max(100).nullable(),
  health: AccountHealth,
  openDeals: z.number().int(),
  pipelineMinor: z.number().int(),
  lastActivityAt: IsoDateTime.nullable(),
  createdAt: IsoDateTime,
});
export type KeyAccount = z.infer<typeof KeyAccount>;

export const KeyAccountCreate = z.strictObject({
  companyId: Uuid.describe('An existing company to flag as a key account'),
  ownerId: Uuid.optional().describe('Defaults to you'),
  tier: AccountTier.default('key'),
  industry: z.string().trim().min(1).max(120).nullable().optional(),
  segmentId: Uuid.nullable().optional(),
  annualPotential: z.strictObject({ amountMinor: MinorAmount, currency: CurrencyCode }).optional(),
  satisfaction: z.number().int().min(0).max(100).nullable().optional(),
  plan: AccountPlan.optional(),
});
export type KeyAccountCreate = z.infer<typeof KeyAccountCreate>;

// tier without its default: a PATCH that leaves it out keeps the account's tier.
export const KeyAccountUpdate = KeyAccountCreate.omit({ companyId: true }).extend({ tier: AccountTier }).partial().extend({
  sharedWith: z.array(Uuid).max(50).optional().describe('Other account managers who may see and work this account'),
}).strict();
export type KeyAccountUpdate = z.infer<typeof KeyAccountUpdate>;

export const AccountListQuery = z.object({
  q: z.string().max(200).optional(),
  ownerId: Uuid.optional(),
  tier: AccountTier.optional(),
  cursor: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
});

export const RelationshipSet = z.strictObject({
  role: RelationshipRole,
  title: z.string().trim().max(120).nullable().optional(),
  influence: z.number().int().min(1).max(5).default(3),
  attitude: Attitude.default('neutral'),
  reportsToId: Uuid.nullable().optional(),
});
export type RelationshipSet = z.infer<typeof RelationshipSet>;

export const RenewalDue = z.object({ contractId: Uuid, number: z.string(), title: z.string(), renewalOn: IsoDate, value: AccountsMoney });

export const Account360 = z.object({
  account: KeyAccount,
  plan: AccountPlan,
  contacts: z.array(AccountContact),
  openDeals: z.array(z.object({ id: Uuid, title: z.string(), stageName: z.string(), value: AccountsMoney, nextStep: z.string().nullable(), nextStepDueOn: IsoDate.nullable() })),
  upcoming: z.array(z.object({ id: Uuid, kind: z.string(), subject: z.string(), startsAt: IsoDateTime.nullable(), dueAt: IsoDateTime.nullable() })),
  contracts: z.array(RenewalDue.extend({ status: z.string(), renewalOn: IsoDate.nullable() })),
  openOrders: z.array(z.object({ id: Uuid, number: z.string(), status: z.string(), dueOn: IsoDate.nullable(), overdue: z.boolean(), total: AccountsMoney })),
});
export type Account360 = z.infer<typeof Account360>;
