import type { Account, LedgerEntry, Lot, LotState, MemberLedgerState, Posting } from './types.ts';

export interface MemberBalance {
  readonly available: number;
  readonly pending: number;
}

export interface LedgerBalances {
  readonly programmeLiability: number;
  readonly redeemed: number;
  readonly expired: number;
  readonly members: ReadonlyMap<string, MemberBalance>;
}

export const EMPTY_BALANCES: LedgerBalances = { programmeLiability: 0, redeemed: 0, expired: 0, members: new Map() };

function addEntry(
  acc: { programmeLiability: number; redeemed: number; expired: number; members: Map<string, MemberBalance> },
  e: LedgerEntry,
): void {
  switch (e.account) {
    case 'programme_liability': acc.programmeLiability += e.amount; return;
    case 'redeemed': acc.redeemed += e.amount; return;
    case 'expired': acc.expired += e.amount; return;
    case 'member_available':
    case 'member_pending': {
      const id = e.memberId ?? '';
      const b = acc.members.get(id) ?? { available: 0, pending: 0 };
      acc.members.set(id, e.account === 'member_available'
        ? { available: b.available + e.amount, pending: b.pending }
        : { available: b.available, pending: b.pending + e.amount });
    }
  }
}

/** Every account's balance as the sum of its entries: the truth a cached balance is checked against. */
export function balancesFromEntries(entries: Iterable<LedgerEntry>): LedgerBalances {
  const acc = { programmeLiability: 0, redeemed: 0, expired: 0, members: new Map<string, MemberBalance>() };
  for (const e of entries) addEntry(acc, e);
  return acc;
}

/** Cached balances after one more posting (returns a new value; the input is not changed). */
export function applyPosting(balances: LedgerBalances, posting: Posting): LedgerBalances {
  const acc = { ...balances, members: new Map(balances.members) };
  for (const e of posting.entries) addEntry(acc, e);
  return acc;
}

/** Net change per account of one posting, e.g. for `UPDATE balance SET … = … + delta`. */
export function balanceDeltas(posting: Posting): { account: Account; memberId?: string; delta: number }[] {
  const map = new Map<string, { account: Account; memberId?: string; delta: number }>();
  for (const e of posting.entries) {
    const key = `${e.account}\u0000${e.memberId ?? ''}`;
    const d = map.get(key);
    if (d) d.delta += e.amount;
    else map.set(key, { account: e.account, ...(e.memberId !== undefined ? { memberId: e.memberId } : {}), delta: e.amount });
  }
  return [...map.values()].filter((d) => d.delta !== 0);
}

export type BalanceCheck = { readonly ok: true } | { readonly ok: false; readonly problem: string };

/** A posting is sound when its amounts are safe integers summing to zero and member entries name a member. */
export function checkBalanced(posting: Pick<Posting, 'entries'>): BalanceCheck {
  let sum = 0;
  for (const e of posting.entries) {
    if (!Number.isSafeInteger(e.amount)) return { ok: false, problem: `amount ${e.amount} is not a whole number` };
    const isMember = e.account === 'member_available' || e.account === 'member_pending';
    if (isMember !== (e.memberId !== undefined)) return { ok: false, problem: `${e.account} entry ${isMember ? 'lacks' : 'must not have'} a member` };
    sum += e.amount;
  }
  return sum === 0 ? { ok: true } : { ok: false, problem: `entries sum to ${sum}, not 0` };
}

/** What the programme still owes its members, from the programme accounts alone. */
export function outstandingLiability(b: LedgerBalances): number {
  return 0 - b.programmeLiability - b.redeemed - b.expired; // 0 - x: never -0
}

/** A member's lots and debt derived from their entries (the lots give the static facts). */
export function memberLedgerState(memberId: string, lots: Iterable<Lot>, entries: Iterable<LedgerEntry>): MemberLedgerState {
  const sums = new Map<string, { available: number; pending: number }>();
  let debt = 0;
  for (const e of entries) {
    if (e.memberId !== memberId) continue;
    if (e.lotId === undefined) {
      if (e.account === 'member_available') debt += e.amount;
      continue;
    }
    const s = sums.get(e.lotId) ?? { available: 0, pending: 0 };
    if (e.account === 'member_available') s.available += e.amount;
    else if (e.account === 'member_pending') s.pending += e.amount;
    sums.set(e.lotId, s);
  }
  const states: LotState[] = [];
  for (const lot of lots) {
    if (lot.memberId !== memberId) continue;
    const s = sums.get(lot.id) ?? { available: 0, pending: 0 };
    states.push({ ...lot, available: s.available, pending: s.pending });
  }
  return { memberId, lots: states, debt };
}

export function memberBalance(state: MemberLedgerState): MemberBalance {
  let available = state.debt;
  let pending = 0;
  for (const l of state.lots) {
    available += l.available;
    pending += l.pending;
  }
  return { available, pending };
}
