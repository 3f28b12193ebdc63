import type { LocalDate } from '../time.ts';

/**
 * Accounts and sign convention.
 *
 * Points are conserved: every posting moves them between accounts and its entries sum
 * to zero. An entry's amount is positive when points flow INTO the account.
 * - member_available, member_pending (one pair per member): what the member holds;
 *   normally ≥ 0 (member_available may go below zero only if the programme allows it).
 * - programme_liability: where points come from when issued and go back to when a return
 *   or a negative adjustment takes them back. Its balance is ≤ 0: −balance is every point
 *   ever put in circulation and not taken back.
 * - redeemed, expired: where spent and lapsed points end; balances ≥ 0.
 * Hence, always: −programme_liability = Σ members' (available + pending) + redeemed + expired,
 * and the programme's outstanding liability (what it still owes members) is
 * −programme_liability − redeemed − expired = Σ members' (available + pending).
 */
export type MemberAccount = 'member_available' | 'member_pending';
export type ProgrammeAccount = 'programme_liability' | 'redeemed' | 'expired';
export type Account = MemberAccount | ProgrammeAccount;

/** Why an entry exists. Every entry carries one. */
export type Cause =
  | { readonly kind: 'purchase'; readonly purchaseId: string; readonly lineId?: string; readonly ruleId?: string }
  | { readonly kind: 'return'; readonly returnId: string; readonly purchaseId: string; readonly lineId?: string; readonly ruleId?: string }
  | { readonly kind: 'pending_release' }
  | { readonly kind: 'redemption'; readonly redemptionId: string }
  | { readonly kind: 'redemption_cancel'; readonly redemptionId: string }
  | { readonly kind: 'adjustment'; readonly adjustmentId: string; readonly reason: string; readonly actorId?: string }
  | { readonly kind: 'expiry' }
  | { readonly kind: 'transfer'; readonly transferId: string; readonly fromMemberId: string; readonly toMemberId: string }
  /** A new lot paying back a negative balance left by an earlier return. */
  | { readonly kind: 'debt_settlement' };

export interface LedgerEntry {
  readonly account: Account;
  /** Set for member accounts, absent for programme accounts. */
  readonly memberId?: string;
  /** Set on member entries that belong to a lot; absent on the unlotted (negative) part. */
  readonly lotId?: string;
  /** Signed integer points; positive = into the account. */
  readonly amount: number;
  readonly cause: Cause;
}

/** A balanced set of entries (sum zero), written in one transaction. */
export interface Posting {
  /** Caller-chosen, unique: the idempotency key of the business event. */
  readonly id: string;
  readonly kind: 'earn' | 'release' | 'redeem' | 'redeem_cancel' | 'return' | 'expiry' | 'adjustment' | 'transfer';
  readonly occurredAt: number;
  readonly entries: readonly LedgerEntry[];
}

/**
 * A lot: points that arrived together and expire together. Its remaining points are
 * the sum of the member entries carrying its id, so they are derived, not stored.
 */
export interface Lot {
  readonly id: string;
  readonly memberId: string;
  readonly earnedAt: number;
  /** Last local day the points can be used; null = never expire. */
  readonly expiresOn: LocalDate | null;
  /** When pending points become available; null = arrived available. */
  readonly releaseAt: number | null;
  readonly purchaseId?: string;
}

/** A lot with what is left in it. */
export interface LotState extends Lot {
  readonly available: number;
  readonly pending: number;
}

/** One member's position, as plain data: what every posting function starts from. */
export interface MemberLedgerState {
  readonly memberId: string;
  readonly lots: readonly LotState[];
  /** Sum of the member's unlotted member_available entries: 0, or negative when in debt. */
  readonly debt: number;
}

export interface LedgerSettings {
  /** Days earned points stay pending (the return window); 0 = available at once. */
  readonly returnWindowDays: number;
  /** Days earned points stay usable; null = never expire. */
  readonly pointsValidityDays: number | null;
  /** When a return reverses points already spent: go negative, or take what is left and record the shortfall. */
  readonly negativeBalance: 'allow' | 'clawBackToZero';
}

/** Result of a posting function that cannot fail. */
export interface PostingResult {
  readonly posting: Posting;
  /** Lots this posting opens (store them with the posting). */
  readonly newLots: readonly Lot[];
}

export type PostingOutcome<Extra = object> =
  | ({ readonly ok: true } & PostingResult & Extra)
  | { readonly ok: false; readonly code: 'insufficient_points' | 'invalid_amount' | 'invalid_return' | 'reason_required' | 'same_member'; readonly message: string };
