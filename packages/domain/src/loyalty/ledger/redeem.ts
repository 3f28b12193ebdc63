import { settleDebt, spendable, takeFromLots } from './lots.ts';
import type { LedgerEntry, MemberLedgerState, Posting, PostingOutcome, PostingResult } from './types.ts';

/** Spends points, oldest expiry first. Fails (posting nothing) when the member has too few. */
export function postRedemption(input: {
  postingId: string; redemptionId: string; points: number; occurredAt: number; state: MemberLedgerState;
}): PostingOutcome {
  const { state, points } = input;
  if (!Number.isSafeInteger(points) || points <= 0) return { ok: false, code: 'invalid_amount', message: 'points must be a positive whole number' };
  const have = spendable(state);
  if (have < points) return { ok: false, code: 'insufficient_points', message: `member has ${have} points available, ${points} needed` };
  const cause = { kind: 'redemption', redemptionId: input.redemptionId } as const;
  const { takes } = takeFromLots(state.lots, points);
  const entries: LedgerEntry[] = takes.map((t) => ({ account: 'member_available', memberId: state.memberId, lotId: t.lotId, amount: -t.amount, cause }));
  entries.push({ account: 'redeemed', amount: points, cause });
  return { ok: true, posting: { id: input.postingId, kind: 'redeem', occurredAt: input.occurredAt, entries }, newLots: [] };
}

/**
 * Gives back the points of a redemption (a reservation cancelled, or an order paid with
 * points returned) to the very lots they came from, so their expiry is unchanged; a lot
 * that has expired meanwhile lapses at the next expiry run.
 */
export function postRedemptionCancel(input: {
  postingId: string; redemption: Posting; occurredAt: number; state: MemberLedgerState;
}): PostingResult {
  const { state } = input;
  const entries: LedgerEntry[] = [];
  let debt = state.debt;
  let total = 0;
  for (const e of input.redemption.entries) {
    if (e.account !== 'member_available' || e.memberId !== state.memberId || e.lotId === undefined) continue;
    const cause = e.cause.kind === 'redemption' ? { kind: 'redemption_cancel', redemptionId: e.cause.redemptionId } as const : e.cause;
    entries.push({ account: 'member_available', memberId: state.memberId, lotId: e.lotId, amount: -e.amount, cause });
    total += -e.amount;
    const s = settleDebt(state.memberId, debt, e.lotId, -e.amount);
    entries.push(...s.entries);
    debt += s.settled;
  }
  const first = input.redemption.entries[0];
  const redemptionId = first?.cause.kind === 'redemption' ? first.cause.redemptionId : input.redemption.id;
  if (total !== 0) entries.push({ account: 'redeemed', amount: -total, cause: { kind: 'redemption_cancel', redemptionId } });
  return { posting: { id: input.postingId, kind: 'redeem_cancel', occurredAt: input.occurredAt, entries }, newLots: [] };
}
