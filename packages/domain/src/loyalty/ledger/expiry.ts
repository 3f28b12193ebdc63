import type { LocalDate } from '../time.ts';
import type { LedgerEntry, LotState, MemberLedgerState, PostingResult } from './types.ts';

/** Lots whose points lapse on a run for `asOf`: their last usable day is before it. */
export function lotsToExpire(state: MemberLedgerState, asOf: LocalDate): LotState[] {
  return state.lots.filter((l) => l.expiresOn !== null && l.expiresOn < asOf && (l.available > 0 || l.pending > 0));
}

/** Lots with points that lapse within [from, to] (inclusive): for "expiring soon" warnings, per lot. */
export function lotsExpiringBetween(state: MemberLedgerState, from: LocalDate, to: LocalDate): LotState[] {
  return state.lots.filter((l) => l.expiresOn !== null && l.expiresOn >= from && l.expiresOn <= to && l.available + l.pending > 0);
}

/** Expires what is left of every lot past its last day, lot by lot, into `expired`. */
export function postExpiry(input: { postingId: string; asOf: LocalDate; occurredAt: number; state: MemberLedgerState }): PostingResult {
  const memberId = input.state.memberId;
  const cause = { kind: 'expiry' } as const;
  const entries: LedgerEntry[] = [];
  let total = 0;
  for (const lot of lotsToExpire(input.state, input.asOf)) {
    if (lot.available > 0) entries.push({ account: 'member_available', memberId, lotId: lot.id, amount: -lot.available, cause });
    if (lot.pending > 0) entries.push({ account: 'member_pending', memberId, lotId: lot.id, amount: -lot.pending, cause });
    total += Math.max(0, lot.available) + Math.max(0, lot.pending);
  }
  if (total > 0) entries.push({ account: 'expired', amount: total, cause });
  return { posting: { id: input.postingId, kind: 'expiry', occurredAt: input.occurredAt, entries }, newLots: [] };
}
