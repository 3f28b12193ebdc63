import { addDays, type LocalDate } from '../time.ts';
import { settleDebt, spendable, takeFromLots } from './lots.ts';
import type { Cause, LedgerEntry, LedgerSettings, Lot, MemberLedgerState, PostingOutcome } from './types.ts';

/**
 * A manual correction with a reason (audited by the caller). Positive: a new lot from the
 * programme, expiring like earned points unless `expiresOn` is given. Negative: taken from
 * the lots in spending order; beyond what the member has only if the programme allows
 * negative balances.
 */
export function postAdjustment(input: {
  postingId: string; adjustmentId: string; reason: string; actorId?: string;
  points: number; occurredAt: number; localDate: LocalDate; expiresOn?: LocalDate | null;
  state: MemberLedgerState; settings: LedgerSettings;
}): PostingOutcome {
  const { state, points, settings } = input;
  const memberId = state.memberId;
  if (input.reason.trim() === '') return { ok: false, code: 'reason_required', message: 'an adjustment needs a reason' };
  if (!Number.isSafeInteger(points) || points === 0) return { ok: false, code: 'invalid_amount', message: 'points must be a non-zero whole number' };
  const cause: Cause = {
    kind: 'adjustment', adjustmentId: input.adjustmentId, reason: input.reason,
    ...(input.actorId !== undefined ? { actorId: input.actorId } : {}),
  };
  const entries: LedgerEntry[] = [];
  if (points > 0) {
    const lot: Lot = {
      id: input.postingId, memberId, earnedAt: input.occurredAt, releaseAt: null,
      expiresOn: input.expiresOn !== undefined ? input.expiresOn
        : settings.pointsValidityDays === null ? null : addDays(input.localDate, settings.pointsValidityDays),
    };
    entries.push(
      { account: 'programme_liability', amount: -points, cause },
      { account: 'member_available', memberId, lotId: lot.id, amount: points, cause },
      ...settleDebt(memberId, state.debt, lot.id, points).entries,
    );
    return { ok: true, posting: { id: input.postingId, kind: 'adjustment', occurredAt: input.occurredAt, entries }, newLots: [lot] };
  }
  const want = -points;
  if (settings.negativeBalance !== 'allow' && spendable(state) < want) {
    return { ok: false, code: 'insufficient_points', message: `member has ${spendable(state)} points available, cannot remove ${want}` };
  }
  const { takes, short } = takeFromLots(state.lots, want);
  for (const t of takes) entries.push({ account: 'member_available', memberId, lotId: t.lotId, amount: -t.amount, cause });
  if (short > 0) entries.push({ account: 'member_available', memberId, amount: -short, cause });
  entries.push({ account: 'programme_liability', amount: want, cause });
  return { ok: true, posting: { id: input.postingId, kind: 'adjustment', occurredAt: input.occurredAt, entries }, newLots: [] };
}

/**
 * Moves available points between members. The receiver gets one lot per lot given, with
 * the same expiry, so a transfer never extends the life of points.
 */
export function postTransfer(input: {
  postingId: string; transferId: string; points: number; occurredAt: number;
  from: MemberLedgerState; to: MemberLedgerState;
}): PostingOutcome {
  const { from, to, points } = input;
  if (from.memberId === to.memberId) return { ok: false, code: 'same_member', message: 'cannot transfer points to the same member' };
  if (!Number.isSafeInteger(points) || points <= 0) return { ok: false, code: 'invalid_amount', message: 'points must be a positive whole number' };
  const have = spendable(from);
  if (have < points) return { ok: false, code: 'insufficient_points', message: `member has ${have} points available, ${points} needed` };
  const cause: Cause = { kind: 'transfer', transferId: input.transferId, fromMemberId: from.memberId, toMemberId: to.memberId };
  const { takes } = takeFromLots(from.lots, points);
  const entries: LedgerEntry[] = [];
  const newLots: Lot[] = [];
  let debt = to.debt;
  takes.forEach((t, i) => {
    const source = from.lots.find((l) => l.id === t.lotId);
    const lot: Lot = { id: `${input.postingId}:${i}`, memberId: to.memberId, earnedAt: input.occurredAt, releaseAt: null, expiresOn: source?.expiresOn ?? null };
    newLots.push(lot);
    entries.push(
      { account: 'member_available', memberId: from.memberId, lotId: t.lotId, amount: -t.amount, cause },
      { account: 'member_available', memberId: to.memberId, lotId: lot.id, amount: t.amount, cause },
    );
    const s = settleDebt(to.memberId, debt, lot.id, t.amount);
    entries.push(...s.entries);
    debt += s.settled;
  });
  return { ok: true, posting: { id: input.postingId, kind: 'transfer', occurredAt: input.occurredAt, entries }, newLots };
}

/** The awards of a purchase read back from its earning entries, for `postReturn`. */
export function awardsFromEntries(entries: Iterable<LedgerEntry>, purchaseId: string): { ruleId: string; lineId: string; points: number }[] {
  const out: { ruleId: string; lineId: string; points: number }[] = [];
  for (const e of entries) {
    const c = e.cause;
    if (c.kind !== 'purchase' || c.purchaseId !== purchaseId || c.lineId === undefined || c.ruleId === undefined) continue;
    if (e.account !== 'member_available' && e.account !== 'member_pending') continue;
    out.push({ ruleId: c.ruleId, lineId: c.lineId, points: e.amount });
  }
  return out;
}
