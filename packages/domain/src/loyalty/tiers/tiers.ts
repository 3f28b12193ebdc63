import { addDays, dayNumber, type LocalDate } from '../time.ts';

export const TIER_METRICS = ['points', 'spendMinor', 'purchases'] as const;
export type TierMetric = (typeof TIER_METRICS)[number];

export interface Tier {
  readonly id: string;
  readonly name: string;
  /** 0 is the entry tier; higher is better. Ranks are unique. */
  readonly rank: number;
  /** Meeting any one threshold qualifies; the entry tier has none. */
  readonly requires: Partial<Record<TierMetric, number>>;
  /** Earning benefit: 150 = +50 % on rule points (see `evaluateEarning`). */
  readonly earningMultiplierPercent?: number;
}

export type TierWindow = { readonly kind: 'rolling'; readonly days: number } | { readonly kind: 'calendarYear' };

export interface TierProgramme {
  readonly tiers: readonly Tier[];
  readonly window: TierWindow;
  /** Yearly review day (day 1–28 so it exists every year). */
  readonly review: { readonly month: number; readonly day: number };
  /** Days after a failed review before the member actually moves down. */
  readonly graceDays: number;
  /**
   * An upgrade is immediate but only becomes the member's held tier once the activity
   * behind it is this many days old (the return window): until then a return of the
   * purchase that caused it undoes it. After that, only a review moves the member down.
   */
  readonly lockAfterDays: number;
}

/** One contribution to tier progress: a purchase (+) or a return (−, dated on the purchase's day). */
export interface QualifyingActivity {
  readonly on: LocalDate;
  readonly points: number;
  readonly spendMinor: number;
  readonly purchases: number;
}

export interface MemberTierState {
  /** Tier the member had at the last evaluation (what benefits used). */
  readonly tierId: string;
  /** Tier held regardless of current activity: set by locked upgrades and reviews. */
  readonly heldTierId: string;
  readonly lastReviewOn: LocalDate;
  /** Set while the member failed a review and may still requalify. */
  readonly graceUntil: LocalDate | null;
}

export type Totals = Record<TierMetric, number>;

function sortedTiers(p: TierProgramme): readonly Tier[] {
  return [...p.tiers].sort((a, b) => a.rank - b.rank);
}

function entryTier(p: TierProgramme): Tier {
  const t = sortedTiers(p)[0];
  if (!t) throw new RangeError('a tier programme needs at least one tier');
  return t;
}

function tierById(p: TierProgramme, id: string): Tier {
  return p.tiers.find((t) => t.id === id) ?? entryTier(p);
}

export function initialTierState(p: TierProgramme, enrolledOn: LocalDate): MemberTierState {
  const id = entryTier(p).id;
  return { tierId: id, heldTierId: id, lastReviewOn: enrolledOn, graceUntil: null };
}

/** First day of the qualification window that ends on `asOf` (inclusive). */
export function windowStart(window: TierWindow, asOf: LocalDate): LocalDate {
  return window.kind === 'rolling' ? addDays(asOf, -(window.days - 1)) : `${asOf.slice(0, 4)}-01-01`;
}

/** Sums the activity dated within the qualification window ending on `asOf`. */
export function qualifyingTotals(activity: readonly QualifyingActivity[], window: TierWindow, asOf: LocalDate): Totals {
  const from = windowStart(window, asOf);
  const totals: Totals = { points: 0, spendMinor: 0, purchases: 0 };
  for (const a of activity) {
    if (a.on < from || a.on > asOf) continue;
    totals.points += a.points;
    totals.spendMinor += a.spendMinor;
    totals.purchases += a.purchases;
  }
  return totals;
}

export function qualifiedTier(p: TierProgramme, totals: Totals): Tier {
  let best = entryTier(p);
  for (const t of sortedTiers(p)) {
    const met = TIER_METRICS.some((m) => {
      const need = t.requires[m];
      return need !== undefined && totals[m] >= need;
    });
    if (met && t.rank > best.rank) best = t;
  }
  return best;
}

function higher(a: Tier, b: Tier): Tier {
  return b.rank > a.rank ? b : a;
}

/** Latest review day on or before `today`. */
export function latestReviewOn(p: TierProgramme, today: LocalDate): LocalDate {
  const md = `${String(p.review.month).padStart(2, '0')}-${String(p.review.day).padStart(2, '0')}`;
  const year = Number(today.slice(0, 4));
  const thisYear = `${year}-${md}`;
  return thisYear <= today ? thisYear : `${String(year - 1).padStart(4, '0')}-${md}`;
}

export type TierChange = 'none' | 'upgrade' | 'downgrade' | 'grace_started' | 'grace_ended_requalified';

export interface TierEvaluation {
  readonly state: MemberTierState;
  /** The tier the member has now (benefits apply from it). */
  readonly tier: Tier;
  readonly change: TierChange;
}

/**
 * A member's tier on `today`: the better of the held tier and the tier current activity
 * qualifies for (so upgrades are immediate). Call after every purchase or return and from
 * the daily job. Moves down happen only here at a review: the window ending the day before
 * the review day is assessed; falling short starts a grace period, and only if the member
 * still falls short when it ends do they move down (to what they then qualify for).
 */
export function evaluateTier(input: {
  programme: TierProgramme; state: MemberTierState; activity: readonly QualifyingActivity[]; today: LocalDate;
}): TierEvaluation {
  const { programme: p, today, activity } = input;
  const before = tierById(p, input.state.tierId);
  let held = tierById(p, input.state.heldTierId);
  let { lastReviewOn, graceUntil } = input.state;
  let change: TierChange = 'none';

  // Lock upgrades whose activity is past the return window.
  const settled = activity.filter((a) => dayNumber(a.on) <= dayNumber(today) - p.lockAfterDays);
  held = higher(held, qualifiedTier(p, qualifyingTotals(settled, p.window, today)));

  const review = latestReviewOn(p, today);
  if (review > lastReviewOn) {
    const assessed = qualifiedTier(p, qualifyingTotals(activity, p.window, addDays(review, -1)));
    lastReviewOn = review;
    if (assessed.rank >= held.rank) {
      held = assessed;
      graceUntil = null;
    } else if (p.graceDays > 0) {
      graceUntil = addDays(review, p.graceDays);
      change = 'grace_started';
    } else {
      held = assessed;
      graceUntil = null;
    }
  }
  const now = qualifiedTier(p, qualifyingTotals(activity, p.window, today));
  if (graceUntil !== null) {
    if (now.rank >= held.rank) {
      graceUntil = null;
      change = 'grace_ended_requalified';
    } else if (today > graceUntil) {
      held = now;
      graceUntil = null;
    }
  }
  const tier = higher(held, now);
  if (tier.rank > before.rank) change = 'upgrade';
  else if (tier.rank < before.rank) change = 'downgrade';
  return { state: { tierId: tier.id, heldTierId: held.id, lastReviewOn, graceUntil }, tier, change };
}

export interface TierGap {
  readonly metric: TierMetric;
  readonly current: number;
  readonly required: number;
  readonly missing: number;
}

export interface TierProgress {
  readonly tier: Tier;
  readonly totals: Totals;
  /** Null at the top tier. */
  readonly nextTier: Tier | null;
  /** One gap per threshold of the next tier; closing any one of them is enough. */
  readonly toNext: readonly TierGap[];
  /** Gaps to keep the current tier at the next review (empty for the entry tier). */
  readonly toKeep: readonly TierGap[];
  readonly nextReviewOn: LocalDate;
}

function gaps(t: Tier, totals: Totals): TierGap[] {
  return TIER_METRICS.flatMap((metric) => {
    const required = t.requires[metric];
    return required === undefined ? [] : [{ metric, current: totals[metric], required, missing: Math.max(0, required - totals[metric]) }];
  });
}

/** What the member has and still needs, for the member view. */
export function tierProgress(input: {
  programme: TierProgramme; state: MemberTierState; activity: readonly QualifyingActivity[]; today: LocalDate;
}): TierProgress {
  const { programme: p, today } = input;
  const { tier } = evaluateTier(input);
  const totals = qualifyingTotals(input.activity, p.window, today);
  const nextTier = sortedTiers(p).find((t) => t.rank > tier.rank) ?? null;
  const review = latestReviewOn(p, today);
  const nextReviewOn = `${String(Number(review.slice(0, 4)) + 1).padStart(4, '0')}${review.slice(4)}`;
  return { tier, totals, nextTier, toNext: nextTier ? gaps(nextTier, totals) : [], toKeep: gaps(tier, totals), nextReviewOn };
}

/** Tier progress a purchase contributes. */
export function purchaseActivity(on: LocalDate, points: number, spendMinor: number): QualifyingActivity {
  return { on, points, spendMinor, purchases: 1 };
}

/**
 * Tier progress a return takes away, dated on the purchase's day so it leaves the same
 * window the purchase counted in (use the figures from `postReturn`).
 */
export function returnActivity(purchaseOn: LocalDate, r: { pointsDue: number; spendReturnedMinor: number; purchaseFullyReturned: boolean }): QualifyingActivity {
  return { on: purchaseOn, points: 0 - r.pointsDue, spendMinor: 0 - r.spendReturnedMinor, purchases: r.purchaseFullyReturned ? -1 : 0 };
}
