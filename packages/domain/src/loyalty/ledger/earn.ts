import { addDays, type LocalDate } from '../time.ts';
import type { Award } from '../rules/evaluate.ts';
import { settleDebt } from './lots.ts';
import type { LedgerEntry, LedgerSettings, Lot, MemberLedgerState, PostingResult } from './types.ts';

const DAY_MS = 86_400_000;

export interface EarningPostingInput {
  readonly postingId: string;
  readonly purchaseId: string;
  readonly occurredAt: number;
  /** Local date of the purchase: expiry counts from it. */
  readonly localDate: LocalDate;
  /** From `evaluateEarning`: one entry per (rule, line) so a return can reverse it exactly. */
  readonly awards: readonly Award[];
  readonly state: MemberLedgerState;
  readonly settings: LedgerSettings;
}

/**
 * Posts the points a purchase earned into one new lot: pending when the programme has a
 * return window, otherwise available (paying any debt first).
 */
export function postEarning(input: EarningPostingInput): PostingResult {
  const { state, settings, awards } = input;
  const memberId = state.memberId;
  let total = 0;
  for (const a of awards) total += a.points;
  if (total === 0) return { posting: { id: input.postingId, kind: 'earn', occurredAt: input.occurredAt, entries: [] }, newLots: [] };
  const pending = settings.returnWindowDays > 0;
  const lot: Lot = {
    id: input.postingId,
    memberId,
    earnedAt: input.occurredAt,
    expiresOn: settings.pointsValidityDays === null ? null : addDays(input.localDate, settings.pointsValidityDays),
    releaseAt: pending ? input.occurredAt + settings.returnWindowDays * DAY_MS : null,
    purchaseId: input.purchaseId,
  };
  const account = pending ? 'member_pending' : 'member_available';
  const entries: LedgerEntry[] = [
    { account: 'programme_liability', amount: -total, cause: { kind: 'purchase', purchaseId: input.purchaseId } },
  ];
  for (const a of awards) {
    if (a.points === 0) continue;
    entries.push({
      account, memberId, lotId: lot.id, amount: a.points,
      cause: { kind: 'purchase', purchaseId: input.purchaseId, lineId: a.lineId, ruleId: a.ruleId },
    });
  }
  if (!pending) entries.push(...settleDebt(memberId, state.debt, lot.id, total).entries);
  return { posting: { id: input.postingId, kind: 'earn', occurredAt: input.occurredAt, entries }, newLots: [lot] };
}

/** Moves every pending lot whose return window has closed (releaseAt ≤ now) to available. */
export function postPendingRelease(input: { postingId: string; now: number; state: MemberLedgerState }): PostingResult {
  const { state } = input;
  const memberId = state.memberId;
  const entries: LedgerEntry[] = [];
  let debt = state.debt;
  for (const lot of state.lots) {
    if (lot.pending <= 0 || lot.releaseAt === null || lot.releaseAt > input.now) continue;
    const cause = { kind: 'pending_release' } as const;
    entries.push(
      { account: 'member_pending', memberId, lotId: lot.id, amount: -lot.pending, cause },
      { account: 'member_available', memberId, lotId: lot.id, amount: lot.pending, cause },
    );
    const s = settleDebt(memberId, debt, lot.id, lot.pending);
    entries.push(...s.entries);
    debt += s.settled;
  }
  return { posting: { id: input.postingId, kind: 'release', occurredAt: input.now, entries }, newLots: [] };
}
