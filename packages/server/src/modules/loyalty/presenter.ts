import type {
  loyaltyCoupons, loyaltyEarningRules, loyaltyLedgerEntries, loyaltyMembers, loyaltyProgrammes, loyaltyRedemptions,
  loyaltyReferrals, loyaltyRewards, loyaltyTiers,
} from './schema.ts';

/** Rows never leave the module: these map them to the contract's shapes. */

type ProgrammeRow = typeof loyaltyProgrammes.$inferSelect;
export function presentProgramme(p: ProgrammeRow) {
  return {
    id: p.id, name: p.name, currency: p.currency, pointValueMinor: p.pointValueMinor, returnWindowDays: p.returnWindowDays,
    expiryMonths: p.expiryMonths, expiryWarningDays: p.expiryWarningDays,
    negativeBalance: p.negativeBalance === 'clawBackToZero' ? 'clawBackToZero' as const : 'allow' as const,
    earning: p.earning, burning: p.burning, tierSettings: p.tierSettings, referral: p.referral,
    status: p.status === 'archived' ? 'archived' as const : 'active' as const,
    rulesVersion: p.rulesVersion, createdAt: p.createdAt.toISOString(), updatedAt: p.updatedAt.toISOString(),
  };
}

export function presentTier(t: typeof loyaltyTiers.$inferSelect) {
  return { id: t.id, programmeId: t.programmeId, name: t.name, rank: t.rank, requires: t.requires, earningMultiplierPercent: t.earningMultiplierPercent };
}

export function qrPayloadOf(cardNumber: string): string {
  return `VEFA1:${cardNumber}`;
}

export function presentMember(m: typeof loyaltyMembers.$inferSelect, balance: { available: number; pending: number }) {
  return {
    id: m.id, programmeId: m.programmeId, customerId: m.customerId, status: m.status === 'opted_out' ? 'opted_out' as const : 'active' as const,
    cardNumber: m.cardNumber, qrPayload: qrPayloadOf(m.cardNumber), referralCode: m.referralCode, joinedOn: m.joinedOn,
    tierId: m.tierId, available: balance.available, pending: balance.pending,
  };
}

export function presentRule(r: typeof loyaltyEarningRules.$inferSelect) {
  return {
    id: r.id, programmeId: r.programmeId, name: r.name, priority: r.priority, version: r.version, active: r.active,
    rule: r.rule, createdAt: r.createdAt.toISOString(), updatedAt: r.updatedAt.toISOString(),
  };
}

export function presentLedgerEntry(e: typeof loyaltyLedgerEntries.$inferSelect) {
  return {
    id: e.id, postingId: e.postingId, postingKind: e.postingKind, account: e.account, lotId: e.lotId, amount: e.amount,
    cause: e.cause, occurredAt: e.occurredAt.toISOString(),
  };
}

const REWARD_KINDS = ['discount', 'product', 'voucher', 'partner'] as const;
export function presentReward(r: typeof loyaltyRewards.$inferSelect) {
  return {
    id: r.id, programmeId: r.programmeId, name: r.name, kind: REWARD_KINDS.find((k) => k === r.kind) ?? 'product',
    pointsCost: r.pointsCost, stock: r.stock, perMemberLimit: r.perMemberLimit, tierIds: r.tierIds, active: r.active,
  };
}

const REDEMPTION_STATUSES = ['reserved', 'committed', 'cancelled'] as const;
export function presentRedemption(r: typeof loyaltyRedemptions.$inferSelect) {
  return {
    id: r.id, memberId: r.memberId, rewardId: r.rewardId, points: r.points,
    status: REDEMPTION_STATUSES.find((s) => s === r.status) ?? 'reserved', externalId: r.externalId, createdAt: r.createdAt.toISOString(),
  };
}

export function presentCoupon(c: typeof loyaltyCoupons.$inferSelect) {
  return {
    id: c.id, code: c.code, name: c.name, batchId: c.batchId, status: c.status, uses: c.uses, maxUses: c.maxUses,
    maxUsesPerMember: c.maxUsesPerMember, validFrom: c.validFrom?.toISOString() ?? null, validUntil: c.validUntil?.toISOString() ?? null,
    benefit: c.benefit,
  };
}

const REFERRAL_STATUSES = ['pending', 'rewarded', 'blocked', 'declined'] as const;
export function presentReferral(r: typeof loyaltyReferrals.$inferSelect) {
  return {
    id: r.id, referrerMemberId: r.referrerMemberId, refereeMemberId: r.refereeMemberId,
    status: REFERRAL_STATUSES.find((s) => s === r.status) ?? 'pending', fraudReasons: r.fraudReasons,
    rewardedAt: r.rewardedAt?.toISOString() ?? null, createdAt: r.createdAt.toISOString(),
  };
}
