import { z } from 'zod';
import { IsoDate, IsoDateTime, Uuid } from '../platform/common.ts';

const Code = z.string().trim().min(1).max(120);
const Minor = z.number().int().min(0).max(1_000_000_000_000);

/** Who the purchase belongs to: exactly one of memberId, cardNumber, customerId. */
export const LoyaltyMemberRef = z.strictObject({
  memberId: Uuid.optional(),
  cardNumber: z.string().trim().min(4).max(40).optional(),
  customerId: Uuid.optional(),
  programmeId: Uuid.optional().describe('Needed with customerId when the workspace runs several programmes'),
});

export const PurchaseLineInput = z.strictObject({
  id: z.string().trim().min(1).max(60).describe('Line id, unique within the purchase; returns reference it'),
  sku: Code,
  category: Code.optional(),
  brand: Code.optional(),
  quantity: z.number().int().min(1).max(100_000),
  unitPriceMinor: Minor,
  discountMinor: Minor.optional(),
  earnable: z.boolean().optional().describe('false for gift cards and other lines that never earn'),
});

export const PurchaseInput = z.strictObject({
  externalId: z.string().trim().min(1).max(120).describe("The till's transaction id: a retried post with the same id counts once"),
  member: LoyaltyMemberRef,
  occurredAt: IsoDateTime,
  storeId: Code.optional(),
  channel: Code.optional(),
  currency: z.string().regex(/^[A-Z]{3}$/).optional(),
  paidWithPointsMinor: Minor.optional(),
  lines: z.array(PurchaseLineInput).min(1).max(500),
});
export type PurchaseInput = z.infer<typeof PurchaseInput>;

export const PurchaseBatch = z.strictObject({ purchases: z.array(PurchaseInput).min(1).max(1000) });

export const PurchaseResult = z.object({
  purchaseId: Uuid,
  externalId: z.string(),
  memberId: Uuid,
  status: z.enum(['created', 'duplicate']).describe('duplicate: this external id was posted before; nothing changed'),
  points: z.number().int(),
  pending: z.boolean(),
  byLine: z.array(z.object({ lineId: z.string(), points: z.number().int() })),
  tier: z.object({ tierId: Uuid.nullable(), change: z.string() }).nullable(),
});
export type PurchaseResult = z.infer<typeof PurchaseResult>;

export const BatchItemResult = z.object({
  index: z.number().int(),
  externalId: z.string(),
  status: z.enum(['created', 'duplicate', 'rejected']),
  purchaseId: Uuid.nullable(),
  points: z.number().int(),
  error: z.object({ field: z.string(), code: z.string(), message: z.string() }).nullable(),
});
export const PurchaseBatchResult = z.object({
  created: z.number().int(), duplicates: z.number().int(), rejected: z.number().int(), items: z.array(BatchItemResult),
});

export const ReturnInput = z.strictObject({
  externalId: z.string().trim().min(1).max(120).describe('Return transaction id: a retry counts once'),
  purchaseExternalId: z.string().trim().min(1).max(120).optional(),
  purchaseId: Uuid.optional(),
  occurredAt: IsoDateTime.optional(),
  lines: z.array(z.strictObject({ lineId: z.string().min(1).max(60), quantity: z.number().int().min(1) })).min(1).max(500).optional()
    .describe('Omit for a full return of what is left'),
});
export const ReturnResult = z.object({
  returnId: Uuid, purchaseId: Uuid, memberId: Uuid, status: z.enum(['created', 'duplicate']),
  pointsDue: z.number().int(), pointsReversed: z.number().int(), shortfall: z.number().int(), spendReturnedMinor: z.number().int(),
  purchaseFullyReturned: z.boolean(),
});

export const AdjustmentInput = z.strictObject({
  points: z.number().int().min(-1_000_000_000).max(1_000_000_000).refine((v) => v !== 0, 'must not be zero'),
  reason: z.string().trim().min(3).max(500),
  expiresOn: IsoDate.nullable().optional(),
});
export const BurnInput = z.strictObject({
  points: z.number().int().min(1).max(1_000_000_000),
  externalId: z.string().trim().min(1).max(120).optional().describe('Till transaction id: a retry burns once'),
  billMinor: Minor.optional().describe('The bill being paid, to apply the programme limit on the share paid with points'),
});

export const TransferInput = z.strictObject({
  fromMemberId: Uuid,
  toMemberId: Uuid.describe('A member of the same programme'),
  points: z.number().int().min(1).max(1_000_000_000),
  externalId: z.string().trim().min(1).max(120).optional().describe('The caller\'s id for this transfer: a retry moves the points once'),
  reason: z.string().trim().min(3).max(500).optional(),
});
const BalancePair = z.object({ available: z.number().int(), pending: z.number().int() });
export const TransferResult = z.object({
  transferId: Uuid, postingId: z.string(), status: z.enum(['created', 'duplicate']).describe('duplicate: this externalId moved points before; nothing changed'),
  fromMemberId: Uuid, toMemberId: Uuid, points: z.number().int(), from: BalancePair, to: BalancePair,
});

export const LoyaltyPostingView = z.object({
  postingId: z.string(), kind: z.string(), points: z.number().int(),
});

export const LoyaltyLedgerEntry = z.object({
  id: z.number().int(),
  postingId: z.string(),
  postingKind: z.string(),
  account: z.string(),
  lotId: z.string().nullable(),
  amount: z.number().int(),
  cause: z.record(z.string(), z.unknown()).describe('kind: purchase | return | redemption | adjustment | expiry | ... with its ids'),
  occurredAt: IsoDateTime,
});

export const ExpiringLot = z.object({
  lotId: z.string(), expiresOn: IsoDate, points: z.number().int(), pending: z.number().int(), earnedAt: IsoDateTime,
});

export const LoyaltyTierGap = z.object({ metric: z.string(), current: z.number(), required: z.number(), missing: z.number() });

export const LoyaltyMemberView = z.object({
  id: Uuid,
  programmeId: Uuid,
  customerId: Uuid,
  status: z.enum(['active', 'opted_out']),
  cardNumber: z.string(),
  qrPayload: z.string(),
  referralCode: z.string(),
  referralUrl: z.string().describe('The referral code as a link to share; whoever joins through it names this member as referrer'),
  joinedOn: IsoDate,
  balance: z.object({ available: z.number().int(), pending: z.number().int(), valueMinor: z.number().int(), currency: z.string() }),
  expiringSoon: z.array(ExpiringLot),
  tier: z.object({
    id: Uuid, name: z.string(), rank: z.number().int(),
    next: z.object({ id: Uuid, name: z.string() }).nullable(),
    toNext: z.array(LoyaltyTierGap), toKeep: z.array(LoyaltyTierGap),
    totals: z.object({ points: z.number(), spendMinor: z.number(), purchases: z.number() }),
    nextReviewOn: IsoDate, graceUntil: IsoDate.nullable(),
  }).nullable(),
});
export type LoyaltyMemberView = z.infer<typeof LoyaltyMemberView>;

export const MemberBalance = z.object({
  memberId: Uuid, status: z.enum(['active', 'opted_out']), available: z.number().int(), pending: z.number().int(),
  valueMinor: z.number().int().describe('available × point value, in minor units'), currency: z.string(),
  expiring: z.object({
    withinDays: z.number().int(),
    until: IsoDate.describe('Last local day counted (today + withinDays)'),
    points: z.number().int().describe('Points (available and pending) in lots whose last day is on or before `until`'),
  }),
});

export const MemberBalanceQuery = z.object({
  expiringWithinDays: z.coerce.number().int().min(0).max(3660).optional().describe("Days ahead for `expiring`; defaults to the programme's warning period (30 when it has none)"),
});

export const LoyaltyMember = z.object({
  id: Uuid, programmeId: Uuid, customerId: Uuid, status: z.enum(['active', 'opted_out']),
  cardNumber: z.string(), qrPayload: z.string(), referralCode: z.string(), referralUrl: z.string(), joinedOn: IsoDate,
  tierId: Uuid.nullable().describe('Null only while the programme has no tiers: a member who never bought is in the entry tier'),
  available: z.number().int(), pending: z.number().int(),
});

export const LoyaltyMemberEnrol = z.strictObject({
  customerId: Uuid,
  programmeId: Uuid.optional(),
  cardNumber: z.string().trim().regex(/^[0-9]{8,20}$/, 'digits only').optional().describe('Printed card; generated when absent'),
  referralCode: z.string().trim().min(9).max(500).optional().describe("The referrer's code, or the link it was shared as"),
  tags: z.array(z.string().trim().min(1).max(60)).max(50).optional(),
  birthMonth: z.number().int().min(1).max(12).optional(),
});

export const LoyaltyMemberListQuery = z.object({
  cursor: z.string().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(25),
  programmeId: Uuid.optional(),
  customerId: Uuid.optional(),
  cardNumber: z.string().optional(),
});

export const LedgerCheck = z.object({
  ok: z.boolean(),
  entries: z.number().int(),
  postingsUnbalanced: z.number().int(),
  memberBalanceMismatches: z.number().int(),
  lotMismatches: z.number().int(),
  accounts: z.object({
    programmeLiability: z.number(), redeemed: z.number(), expired: z.number(),
    memberAvailable: z.number(), memberPending: z.number(),
  }),
  outstandingLiability: z.number().describe('−liability − redeemed − expired'),
  sumOfMemberBalances: z.number().describe('Σ cached member balances: equals outstandingLiability when ok'),
  problems: z.array(z.string()),
});
