import { lineAmountMinor, type Purchase } from '../purchase.ts';
import { isWellFormedCode, normaliseCode } from './code.ts';

export interface Coupon {
  /** Normalised code. */
  readonly code: string;
  readonly status: 'active' | 'disabled';
  /** Instants (ms); from inclusive, until exclusive. */
  readonly validFrom?: number;
  readonly validUntil?: number;
  /** Total uses allowed across all members; absent = unlimited. */
  readonly maxUses?: number;
  readonly maxUsesPerMember?: number;
  readonly conditions?: CouponConditions;
}

export interface CouponConditions {
  readonly currency?: string;
  /** Minimum net amount of the qualifying lines (all lines, or those in `categories`). */
  readonly minAmountMinor?: number;
  /** The basket must hold a line in one of these categories. */
  readonly categories?: readonly string[];
  /** Only these members (personal coupons). */
  readonly memberIds?: readonly string[];
}

export type CouponRefusal =
  | 'malformed' | 'disabled' | 'not_yet_valid' | 'expired' | 'used_up' | 'member_limit'
  | 'not_for_member' | 'currency' | 'min_amount' | 'category' | 'member_required';

export type CouponCheck =
  | { readonly ok: true }
  | { readonly ok: false; readonly refusals: readonly { readonly code: CouponRefusal; readonly message: string }[] };

/**
 * Whether a coupon may be used now, listing every reason it may not. The caller reads the
 * coupon and its use counts; the redemption itself must re-check the limits atomically
 * (`… SET uses = uses + 1 WHERE uses < max_uses`).
 */
export function validateCoupon(input: {
  coupon: Coupon; typedCode: string; now: number; memberId?: string;
  usesOfCode: number; usesByMember: number; purchase?: Purchase;
}): CouponCheck {
  const { coupon, now, purchase } = input;
  const refusals: { code: CouponRefusal; message: string }[] = [];
  const no = (code: CouponRefusal, message: string): void => { refusals.push({ code, message }); };
  const typed = normaliseCode(input.typedCode);
  if (!isWellFormedCode(typed) || typed !== coupon.code) {
    return { ok: false, refusals: [{ code: 'malformed', message: 'the code is mistyped' }] };
  }
  if (coupon.status !== 'active') no('disabled', 'the coupon is disabled');
  if (coupon.validFrom !== undefined && now < coupon.validFrom) no('not_yet_valid', 'the coupon is not valid yet');
  if (coupon.validUntil !== undefined && now >= coupon.validUntil) no('expired', 'the coupon has expired');
  if (coupon.maxUses !== undefined && input.usesOfCode >= coupon.maxUses) no('used_up', 'the coupon has been used up');
  if (coupon.maxUsesPerMember !== undefined) {
    if (input.memberId === undefined) no('member_required', 'the coupon is limited per member: identify the member');
    else if (input.usesByMember >= coupon.maxUsesPerMember) no('member_limit', 'this member has used the coupon the allowed number of times');
  }
  const c = coupon.conditions;
  if (c?.memberIds !== undefined && (input.memberId === undefined || !c.memberIds.includes(input.memberId))) {
    no('not_for_member', 'the coupon belongs to another member');
  }
  if (purchase && c) {
    if (c.currency !== undefined && purchase.currency !== c.currency) no('currency', `the coupon is for purchases in ${c.currency}`);
    const categories = c.categories;
    const qualifying = categories === undefined ? purchase.lines : purchase.lines.filter((l) => l.category !== undefined && categories.includes(l.category));
    if (categories !== undefined && qualifying.length === 0) no('category', `the basket needs a product from: ${categories.join(', ')}`);
    let amount = 0;
    for (const l of qualifying) amount += lineAmountMinor(l);
    if (c.minAmountMinor !== undefined && amount < c.minAmountMinor) {
      no('min_amount', `the qualifying amount is ${amount}, the coupon needs ${c.minAmountMinor} (minor units)`);
    }
  }
  return refusals.length === 0 ? { ok: true } : { ok: false, refusals };
}
