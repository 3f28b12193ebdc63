import type { Cause, LedgerEntry, LotState, MemberLedgerState } from './types.ts';

/**
 * Spending order: the lot that expires first goes first (never-expiring lots last),
 * then the oldest, then by id so the order is total and repeatable.
 */
export function compareLotsForSpending(a: LotState, b: LotState): number {
  if (a.expiresOn !== b.expiresOn) {
    if (a.expiresOn === null) return 1;
    if (b.expiresOn === null) return -1;
    return a.expiresOn < b.expiresOn ? -1 : 1;
  }
  return a.earnedAt - b.earnedAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}

export interface Take {
  readonly lotId: string;
  readonly amount: number;
}

/** Takes up to `amount` available points from the lots in spending order. */
export function takeFromLots(lots: readonly LotState[], amount: number, skip?: string): { takes: Take[]; short: number } {
  const takes: Take[] = [];
  let left = amount;
  for (const lot of [...lots].sort(compareLotsForSpending)) {
    if (left === 0) break;
    if (lot.id === skip || lot.available <= 0) continue;
    const t = Math.min(lot.available, left);
    takes.push({ lotId: lot.id, amount: t });
    left -= t;
  }
  return { takes, short: left };
}

export function spendable(state: MemberLedgerState): number {
  let sum = state.debt;
  for (const l of state.lots) sum += l.available;
  return Math.max(0, sum);
}

/**
 * When points arrive in a lot while the member is in debt (a negative balance left by a
 * return), the lot first pays the debt: points move from the lot to the unlotted part of
 * member_available. The two entries cancel on the account, so the balance is unchanged,
 * but lots then hold only what the member can really spend. `debt` is ≤ 0.
 */
export function settleDebt(memberId: string, debt: number, lotId: string, arriving: number): { entries: LedgerEntry[]; settled: number } {
  const settled = Math.min(arriving, -debt);
  if (settled <= 0) return { entries: [], settled: 0 };
  const cause: Cause = { kind: 'debt_settlement' };
  return {
    settled,
    entries: [
      { account: 'member_available', memberId, lotId, amount: -settled, cause },
      { account: 'member_available', memberId, amount: settled, cause },
    ],
  };
}
