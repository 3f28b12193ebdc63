import { mulDivFloor } from '../allocate.ts';
import type { Award } from '../rules/evaluate.ts';
import { takeFromLots } from './lots.ts';
import type { LedgerEntry, LedgerSettings, MemberLedgerState, PostingOutcome } from './types.ts';

/** A line of the original purchase, as the return needs it. */
export interface ReturnableLine {
  readonly lineId: string;
  readonly quantity: number;
  readonly amountMinor: number;
}

export interface ReturnInput {
  readonly postingId: string;
  readonly returnId: string;
  readonly purchaseId: string;
  readonly occurredAt: number;
  readonly lines: readonly ReturnableLine[];
  /** What the purchase earned, per (rule, line) — read back from its earning posting. */
  readonly awards: readonly Award[];
  /** Quantities returned by earlier returns of this purchase, per line id. */
  readonly returnedBefore: Readonly<Record<string, number>>;
  /** Quantities returned now. */
  readonly returning: readonly { readonly lineId: string; readonly quantity: number }[];
  readonly state: MemberLedgerState;
  readonly settings: LedgerSettings;
}

export interface ReturnExtra {
  /** Points the returned lines had earned (what the return owes). */
  readonly pointsDue: number;
  /** Points actually taken back; less than due only when clawing back to zero. */
  readonly pointsReversed: number;
  /** Due but not taken because the member had spent them (clawBackToZero); record it. */
  readonly shortfall: number;
  /** Net amount of the returned quantities, for tier spend progress. */
  readonly spendReturnedMinor: number;
  /** True when this return completes the return of every line (purchase count −1 for tiers). */
  readonly purchaseFullyReturned: boolean;
}

/**
 * Rounding rule for partial returns: after returning a cumulative quantity q of a line
 * bought Q times, the reversed total of a value V (points of one award, or the line amount)
 * is floor(V × q / Q). Each return takes the difference between the cumulative figures
 * after and before it, so the member keeps a fraction until the last unit comes back, and
 * any sequence of partial returns ending in a full one reverses exactly V.
 */
export function cumulativeShare(value: number, quantityBefore: number, quantityNow: number, quantity: number): number {
  return mulDivFloor(value, quantityBefore + quantityNow, quantity) - mulDivFloor(value, quantityBefore, quantity);
}

/**
 * Reverses what the returned lines earned. Points come from the purchase's own lot first
 * (pending or available), then from the member's other lots in spending order; what is
 * still missing either goes negative (programme allows it) or is recorded as shortfall.
 */
export function postReturn(input: ReturnInput): PostingOutcome<ReturnExtra> {
  const { state, settings } = input;
  const memberId = state.memberId;
  const lineById = new Map(input.lines.map((l) => [l.lineId, l]));
  const now = new Map<string, number>();
  for (const r of input.returning) {
    const line = lineById.get(r.lineId);
    if (!line) return { ok: false, code: 'invalid_return', message: `line ${r.lineId} is not on purchase ${input.purchaseId}` };
    const total = (now.get(r.lineId) ?? 0) + r.quantity;
    if (!Number.isSafeInteger(r.quantity) || r.quantity <= 0) return { ok: false, code: 'invalid_return', message: `line ${r.lineId}: quantity must be a positive whole number` };
    if ((input.returnedBefore[r.lineId] ?? 0) + total > line.quantity) {
      return { ok: false, code: 'invalid_return', message: `line ${r.lineId}: returning more than the ${line.quantity} bought` };
    }
    now.set(r.lineId, total);
  }

  // What each award owes back, under the cumulative floor rule.
  const dues: { award: Award; due: number }[] = [];
  let pointsDue = 0;
  for (const a of input.awards) {
    const line = lineById.get(a.lineId);
    const q = now.get(a.lineId) ?? 0;
    if (!line || q === 0) continue;
    const due = cumulativeShare(a.points, input.returnedBefore[a.lineId] ?? 0, q, line.quantity);
    if (due > 0) dues.push({ award: a, due });
    pointsDue += due;
  }
  let spendReturnedMinor = 0;
  let fully = true;
  for (const line of input.lines) {
    const before = input.returnedBefore[line.lineId] ?? 0;
    const q = now.get(line.lineId) ?? 0;
    spendReturnedMinor += cumulativeShare(line.amountMinor, before, q, line.quantity);
    if (before + q < line.quantity) fully = false;
  }
  const alreadyFull = input.lines.every((l) => (input.returnedBefore[l.lineId] ?? 0) >= l.quantity);
  const purchaseFullyReturned = fully && !alreadyFull;

  // Sources in order: own lot pending, own lot available, other lots, then shortfall.
  const sources: { lotId?: string; account: 'member_pending' | 'member_available'; amount: number }[] = [];
  let left = pointsDue;
  const own = state.lots.find((l) => l.purchaseId === input.purchaseId);
  if (own && own.pending > 0 && left > 0) {
    const t = Math.min(own.pending, left);
    sources.push({ lotId: own.id, account: 'member_pending', amount: t });
    left -= t;
  }
  if (own && own.available > 0 && left > 0) {
    const t = Math.min(own.available, left);
    sources.push({ lotId: own.id, account: 'member_available', amount: t });
    left -= t;
  }
  if (left > 0) {
    const { takes, short } = takeFromLots(state.lots, left, own?.id);
    for (const t of takes) sources.push({ lotId: t.lotId, account: 'member_available', amount: t.amount });
    left = short;
  }
  let shortfall = 0;
  if (left > 0) {
    if (settings.negativeBalance === 'allow') sources.push({ account: 'member_available', amount: left });
    else shortfall = left;
  }

  // Spread the sources over the awards in order, so every entry names its line and rule.
  const entries: LedgerEntry[] = [];
  let si = 0;
  let sourceLeft = sources[0]?.amount ?? 0;
  let reversed = 0;
  for (const { award, due } of dues) {
    let owe = due;
    while (owe > 0 && si < sources.length) {
      const src = sources[si];
      if (!src) break;
      const t = Math.min(owe, sourceLeft);
      if (t > 0) {
        entries.push({
          account: src.account, memberId, ...(src.lotId !== undefined ? { lotId: src.lotId } : {}), amount: -t,
          cause: { kind: 'return', returnId: input.returnId, purchaseId: input.purchaseId, lineId: award.lineId, ruleId: award.ruleId },
        });
        reversed += t;
        owe -= t;
        sourceLeft -= t;
      }
      if (sourceLeft === 0) sourceLeft = sources[++si]?.amount ?? 0;
    }
  }
  if (reversed > 0) {
    entries.push({ account: 'programme_liability', amount: reversed, cause: { kind: 'return', returnId: input.returnId, purchaseId: input.purchaseId } });
  }
  return {
    ok: true,
    posting: { id: input.postingId, kind: 'return', occurredAt: input.occurredAt, entries },
    newLots: [],
    pointsDue, pointsReversed: reversed, shortfall, spendReturnedMinor, purchaseFullyReturned,
  };
}
