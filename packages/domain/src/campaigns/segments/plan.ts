// The compiled form of a segment: every condition resolved to what the
// database must test (columns, bounds, instants), with the decisions that need
// no database taken here, e.g. whether "0 purchases" satisfies a condition and so
// customers without any purchase belong to it.

/** Inclusive bounds; null = open. */
export interface NumberRange { min: number | null; max: number | null }

export type TextTest =
  | { op: 'eq' | 'neq' | 'contains'; value: string }
  | { op: 'in' | 'notIn'; values: string[] }
  | { op: 'exists' | 'notExists' };

export type ProfileColumn = 'kind' | 'language' | 'email' | 'phone';

export type PlanPredicate =
  | { kind: 'profileText'; column: ProfileColumn; test: TextTest }
  | { kind: 'birthMonth'; months: number[] }
  | { kind: 'createdAt'; from: string | null; to: string | null }
  | { kind: 'customField'; key: string; test: TextTest }
  | { kind: 'tag'; tag: string; negate: boolean }
  | { kind: 'consent'; channel: string; negate: boolean }
  | { kind: 'loyaltyMember'; negate: boolean }
  | { kind: 'loyaltyTier'; names: string[]; negate: boolean }
  /** Aggregates: a customer with no rows has value 0; zeroMatches says whether that satisfies the range. */
  | { kind: 'loyaltyBalance'; range: NumberRange; zeroMatches: boolean }
  | { kind: 'pointsExpiring'; untilDate: string; range: NumberRange; zeroMatches: boolean }
  /** Purchases (count or spend) on the UTC days fromDay..toDay inclusive (YYYY-MM-DD). */
  | { kind: 'purchases'; measure: 'count' | 'spend'; fromDay: string; toDay: string; range: NumberRange; zeroMatches: boolean }
  | { kind: 'category'; categories: string[]; from: string; to: string; negate: boolean }
  /** Last purchase on a UTC day inside [fromDay, toDay] (inclusive); neverMatches: customers who never bought belong too. */
  | { kind: 'lastPurchase'; fromDay: string | null; toDay: string | null; neverMatches: boolean }
  | { kind: 'scoreText'; column: 'rfm_segment' | 'churn_band'; values: string[]; negate: boolean }
  | { kind: 'scoreNumber'; column: 'clv_minor' | 'p_alive'; range: NumberRange };

export type SegmentPlan =
  | { kind: 'and' | 'or'; children: SegmentPlan[] }
  | { kind: 'predicate'; predicate: PlanPredicate };

export function inRange(value: number, range: NumberRange): boolean {
  return (range.min === null || value >= range.min) && (range.max === null || value <= range.max);
}
