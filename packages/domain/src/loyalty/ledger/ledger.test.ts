import { describe, expect, it } from 'vitest';
import { postAdjustment, postTransfer, awardsFromEntries } from './adjust.ts';
import { balancesFromEntries, checkBalanced, memberBalance, memberLedgerState } from './balances.ts';
import { postEarning, postPendingRelease } from './earn.ts';
import { lotsExpiringBetween, postExpiry } from './expiry.ts';
import { postRedemption } from './redeem.ts';
import { postReturn } from './return.ts';
import type { LedgerEntry, LedgerSettings, Lot, LotState, MemberLedgerState } from './types.ts';

const settings: LedgerSettings = { returnWindowDays: 0, pointsValidityDays: 365, negativeBalance: 'clawBackToZero' };
const lot = (id: string, available: number, expiresOn: string | null, earnedAt = 0): LotState => ({ id, memberId: 'm', earnedAt, expiresOn, releaseAt: null, available, pending: 0 });
const state = (lots: LotState[], debt = 0): MemberLedgerState => ({ memberId: 'm', lots, debt });

describe('earning', () => {
  it('posts per (rule, line) entries into one lot, pending during the return window, then releases', () => {
    const awards = [{ ruleId: 'base', lineId: 'l1', points: 10 }, { ruleId: 'bonus', lineId: 'l1', points: 5 }];
    const r = postEarning({ postingId: 'e1', purchaseId: 'p1', occurredAt: 0, localDate: '2025-01-01', awards, state: state([]), settings: { ...settings, returnWindowDays: 14 } });
    expect(checkBalanced(r.posting)).toEqual({ ok: true });
    expect(r.newLots).toEqual([{ id: 'e1', memberId: 'm', earnedAt: 0, expiresOn: '2026-01-01', releaseAt: 14 * 86_400_000, purchaseId: 'p1' }]);
    expect(r.posting.entries.filter((e) => e.account === 'member_pending').map((e) => e.amount)).toEqual([10, 5]);
    expect(awardsFromEntries(r.posting.entries, 'p1')).toEqual(awards);
    const s = memberLedgerState('m', r.newLots, r.posting.entries);
    expect(postPendingRelease({ postingId: 'x', now: 14 * 86_400_000 - 1, state: s }).posting.entries).toEqual([]);
    const rel = postPendingRelease({ postingId: 'x', now: 14 * 86_400_000, state: s });
    const after = memberLedgerState('m', r.newLots, [...r.posting.entries, ...rel.posting.entries]);
    expect(memberBalance(after)).toEqual({ available: 15, pending: 0 });
  });
  it('pays a debt first when points arrive', () => {
    const r = postEarning({ postingId: 'e1', purchaseId: 'p1', occurredAt: 0, localDate: '2025-01-01', awards: [{ ruleId: 'b', lineId: 'l', points: 30 }], state: state([], -20), settings });
    const s = memberLedgerState('m', r.newLots, [...r.posting.entries, { account: 'member_available', memberId: 'm', amount: -20, cause: { kind: 'expiry' } }]);
    expect(s.debt).toBe(0);
    expect(s.lots[0]?.available).toBe(10);
  });
});

describe('redemption', () => {
  it('spends the lot that expires first, never-expiring lots last', () => {
    const r = postRedemption({ postingId: 'r', redemptionId: 'rd', points: 120, occurredAt: 0, state: state([lot('never', 500, null), lot('late', 50, '2025-12-01'), lot('soon', 100, '2025-06-01')]) });
    expect(r.ok && r.posting.entries.map((e) => [e.account, e.lotId, e.amount])).toEqual([
      ['member_available', 'soon', -100], ['member_available', 'late', -20], ['redeemed', undefined, 120],
    ]);
  });
  it('refuses more than available and non-positive amounts', () => {
    expect(postRedemption({ postingId: 'r', redemptionId: 'rd', points: 151, occurredAt: 0, state: state([lot('a', 150, null)]) })).toMatchObject({ ok: false, code: 'insufficient_points' });
    expect(postRedemption({ postingId: 'r', redemptionId: 'rd', points: 0, occurredAt: 0, state: state([lot('a', 150, null)]) })).toMatchObject({ ok: false, code: 'invalid_amount' });
  });
});

describe('expiry', () => {
  it('expires each lot past its last day, and warns per lot', () => {
    const s = state([lot('a', 40, '2025-03-31'), lot('b', 60, '2025-04-01'), lot('c', 0, '2025-01-01'), lot('d', 7, null)]);
    const r = postExpiry({ postingId: 'x', asOf: '2025-04-01', occurredAt: 0, state: s });
    expect(r.posting.entries.map((e) => [e.account, e.lotId, e.amount])).toEqual([['member_available', 'a', -40], ['expired', undefined, 40]]);
    expect(lotsExpiringBetween(s, '2025-04-01', '2025-04-30').map((l) => l.id)).toEqual(['b']);
  });
});

describe('returns', () => {
  const lines = [{ lineId: 'l1', quantity: 3, amountMinor: 3000 }, { lineId: 'l2', quantity: 1, amountMinor: 500 }];
  const awards = [{ ruleId: 'base', lineId: 'l1', points: 10 }, { ruleId: 'base', lineId: 'l2', points: 5 }];
  const ret = (over: Partial<Parameters<typeof postReturn>[0]>) => postReturn({
    postingId: 'ret', returnId: 'r1', purchaseId: 'p1', occurredAt: 0, lines, awards, returnedBefore: {}, returning: [],
    state: state([{ ...lot('own', 15, null), purchaseId: 'p1' }]), settings, ...over,
  });
  it('reverses a partial quantity rounding down, the rest on the last unit', () => {
    const first = ret({ returning: [{ lineId: 'l1', quantity: 1 }] });
    expect(first).toMatchObject({ ok: true, pointsDue: 3, spendReturnedMinor: 1000, purchaseFullyReturned: false });
    const second = ret({ returnedBefore: { l1: 1 }, returning: [{ lineId: 'l1', quantity: 1 }] });
    expect(second).toMatchObject({ pointsDue: 3 });
    const last = ret({ returnedBefore: { l1: 2 }, returning: [{ lineId: 'l1', quantity: 1 }, { lineId: 'l2', quantity: 1 }] });
    expect(last).toMatchObject({ pointsDue: 4 + 5, purchaseFullyReturned: true });
  });
  it('refuses returning more than bought or unknown lines', () => {
    expect(ret({ returnedBefore: { l1: 3 }, returning: [{ lineId: 'l1', quantity: 1 }] })).toMatchObject({ ok: false, code: 'invalid_return' });
    expect(ret({ returning: [{ lineId: 'zz', quantity: 1 }] })).toMatchObject({ ok: false, code: 'invalid_return' });
  });
  it('claws back to zero and records the shortfall, or goes negative when allowed', () => {
    const spent = state([{ ...lot('own', 4, null), purchaseId: 'p1' }, lot('other', 2, '2025-01-01')]);
    const claw = ret({ state: spent, returning: [{ lineId: 'l1', quantity: 3 }] });
    expect(claw).toMatchObject({ ok: true, pointsDue: 10, pointsReversed: 6, shortfall: 4 });
    const neg = ret({ state: spent, settings: { ...settings, negativeBalance: 'allow' }, returning: [{ lineId: 'l1', quantity: 3 }] });
    expect(neg).toMatchObject({ ok: true, pointsReversed: 10, shortfall: 0 });
    if (neg.ok) expect(neg.posting.entries.filter((e) => e.lotId === undefined && e.account === 'member_available').map((e) => e.amount)).toEqual([-4]);
  });
});

describe('adjustments and transfers', () => {
  it('needs a reason and records it on every entry', () => {
    const base = { postingId: 'a', adjustmentId: 'a1', points: 50, occurredAt: 0, localDate: '2025-01-01', state: state([]), settings };
    expect(postAdjustment({ ...base, reason: ' ' })).toMatchObject({ ok: false, code: 'reason_required' });
    const r = postAdjustment({ ...base, reason: 'lost receipt', actorId: 'u1' });
    expect(r.ok && r.posting.entries.every((e) => e.cause.kind === 'adjustment' && e.cause.reason === 'lost receipt')).toBe(true);
    expect(postAdjustment({ ...base, reason: 'x', points: -1 })).toMatchObject({ ok: false, code: 'insufficient_points' });
  });
  it('a transfer keeps each lot’s expiry', () => {
    const from = state([lot('a', 30, '2025-05-01'), lot('b', 30, '2025-09-01')]);
    const r = postTransfer({ postingId: 't', transferId: 't1', points: 40, occurredAt: 0, from, to: { memberId: 'n', lots: [], debt: 0 } });
    expect(r.ok && r.newLots.map((l: Lot) => [l.memberId, l.expiresOn])).toEqual([['n', '2025-05-01'], ['n', '2025-09-01']]);
    const entries: LedgerEntry[] = r.ok ? [...r.posting.entries] : [];
    expect(balancesFromEntries(entries).members.get('n')).toEqual({ available: 40, pending: 0 });
    expect(postTransfer({ postingId: 't', transferId: 't1', points: 1, occurredAt: 0, from, to: from })).toMatchObject({ ok: false, code: 'same_member' });
  });
  it('checkBalanced catches an unbalanced or malformed posting', () => {
    expect(checkBalanced({ entries: [{ account: 'redeemed', amount: 5, cause: { kind: 'expiry' } }] })).toMatchObject({ ok: false });
    expect(checkBalanced({ entries: [{ account: 'member_available', amount: 0.5, memberId: 'm', cause: { kind: 'expiry' } }, { account: 'expired', amount: -0.5, cause: { kind: 'expiry' } }] })).toMatchObject({ ok: false });
    expect(checkBalanced({ entries: [{ account: 'member_available', amount: 1, cause: { kind: 'expiry' } }, { account: 'expired', amount: -1, cause: { kind: 'expiry' } }] })).toMatchObject({ ok: false });
  });
});
