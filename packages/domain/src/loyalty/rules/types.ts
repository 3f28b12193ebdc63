/**
 * The earning-rule language, as stored (JSON) and edited in the web app.
 *
 * A rule applies when its `when` condition holds for the purchase and member,
 * and gives points through one `effect` on the lines its `lines` filter keeps.
 * Amounts are integer minor units of the programme currency; points are integers.
 */

/** Conditions on one purchase line. */
export type LineCondition =
  | { readonly type: 'sku'; readonly in: readonly string[] }
  | { readonly type: 'category'; readonly in: readonly string[] }
  | { readonly type: 'brand'; readonly in: readonly string[] }
  /** Net line amount in minor units, bounds inclusive. */
  | { readonly type: 'lineAmount'; readonly minMinor?: number; readonly maxMinor?: number }
  | { readonly type: 'lineQuantity'; readonly min?: number; readonly max?: number };

/** Conditions on the whole purchase (its context) and on the member. */
export type PurchaseCondition =
  /** Net amount of all lines, bounds inclusive. */
  | { readonly type: 'purchaseAmount'; readonly minMinor?: number; readonly maxMinor?: number }
  /** Net amount of the lines kept by the rule's `lines` filter, bounds inclusive. */
  | { readonly type: 'eligibleAmount'; readonly minMinor?: number; readonly maxMinor?: number }
  | { readonly type: 'store'; readonly in: readonly string[] }
  | { readonly type: 'channel'; readonly in: readonly string[] }
  /** ISO weekdays, 1 = Monday … 7 = Sunday, in the workspace's time zone. */
  | { readonly type: 'weekday'; readonly in: readonly number[] }
  /** Local time `HH:MM`, `from` inclusive, `to` exclusive; wraps past midnight when from > to. */
  | { readonly type: 'timeWindow'; readonly from: string; readonly to: string }
  | { readonly type: 'firstPurchase' }
  /** The purchase falls in the member's birth month (local time). */
  | { readonly type: 'birthdayMonth' }
  | { readonly type: 'tier'; readonly in: readonly string[] }
  /** Member is in at least one of these segments. */
  | { readonly type: 'segment'; readonly in: readonly string[] }
  /** Member has at least one of these tags. */
  | { readonly type: 'tag'; readonly in: readonly string[] }
  /** Join date, `YYYY-MM-DD` bounds inclusive. */
  | { readonly type: 'joinDate'; readonly from?: string; readonly to?: string }
  /** Whole days since joining, bounds inclusive. */
  | { readonly type: 'memberDays'; readonly min?: number; readonly max?: number }
  /** The basket holds at least one line meeting the line condition. */
  | { readonly type: 'hasLine'; readonly line: LineFilter };

export type LineFilter =
  | LineCondition
  | { readonly type: 'all'; readonly of: readonly LineFilter[] }
  | { readonly type: 'any'; readonly of: readonly LineFilter[] }
  | { readonly type: 'not'; readonly of: LineFilter };

export type Condition =
  | PurchaseCondition
  | { readonly type: 'all'; readonly of: readonly Condition[] }
  | { readonly type: 'any'; readonly of: readonly Condition[] }
  | { readonly type: 'not'; readonly of: Condition };

/**
 * What a rule gives.
 * - pointsPerAmount: `points` for every whole `perMinor` of net amount (1 point per 1 AZN =
 *   { points: 1, perMinor: 100 }), rounded down — per line (each line on its own) or per
 *   basket (summed lines, then split back over the lines in proportion to amount).
 * - multiplier: extra points on what the non-multiplier rules gave each eligible line,
 *   `percent` 200 = double points (adds 100 %); rounded down per line; multipliers never
 *   multiply each other.
 * - fixedBonus: `points` once per purchase (basket; split over eligible lines by amount)
 *   or per unit of each eligible line (line).
 */
export type Effect =
  | { readonly type: 'pointsPerAmount'; readonly points: number; readonly perMinor: number; readonly scope: 'line' | 'basket' }
  | { readonly type: 'multiplier'; readonly percent: number }
  | { readonly type: 'fixedBonus'; readonly points: number; readonly scope: 'line' | 'basket' };

export interface EarningCaps {
  /** Most points this rule gives on one purchase. */
  readonly perTransaction?: number;
  /** Most points this rule gives one member on one local day. */
  readonly perDay?: number;
  /** Most points this rule gives one member over a period; `periodDays` null = the rule's life. */
  readonly perMember?: { readonly points: number; readonly periodDays: number | null };
}

export interface EarningRule {
  readonly id: string;
  readonly name: string;
  /** Higher runs first. */
  readonly priority: number;
  /** exclusive: the highest-priority matching exclusive rule applies and stops all lower rules. */
  readonly stacking: 'exclusive' | 'cumulative';
  /** ISO 8601 instants; `validFrom` inclusive, `validUntil` exclusive. */
  readonly validFrom?: string;
  readonly validUntil?: string;
  readonly when?: Condition;
  /** Lines the effect applies to; all earnable lines when absent. */
  readonly lines?: LineFilter;
  readonly effect: Effect;
  readonly caps?: EarningCaps;
}
