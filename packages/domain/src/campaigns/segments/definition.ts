// A segment as people build it: nested AND/OR groups of conditions over one
// customer's profile, consent, loyalty standing, purchases and scores. Stored
// as JSON; compile.ts checks it and turns it into a plan the server runs as
// one SQL query.

export type Combinator = 'and' | 'or';

export interface SegmentGroup { type: 'group'; combinator: Combinator; conditions: SegmentNode[] }

/** A period of behaviour: the last N days up to now, or fixed dates (YYYY-MM-DD, both inclusive). */
export type SegmentPeriod = { lastDays: number } | { from: string; to: string };

export interface SegmentCondition {
  type: 'condition';
  field: SegmentField;
  op: SegmentOperator;
  value?: unknown;
  /** Custom-field key or consent channel. */
  key?: string;
  period?: SegmentPeriod;
  /** Points expiring within this many days. */
  withinDays?: number;
}

export type SegmentNode = SegmentGroup | SegmentCondition;

export const SEGMENT_OPERATORS = [
  'eq', 'neq', 'in', 'notIn', 'gte', 'lte', 'between', 'exists', 'notExists', 'contains', 'has', 'hasNot', 'granted', 'notGranted',
] as const;
export type SegmentOperator = (typeof SEGMENT_OPERATORS)[number];

export type ValueKind = 'none' | 'text' | 'texts' | 'number' | 'range' | 'date';

interface FieldSpec {
  /** Allowed operators and the value each takes. */
  ops: Partial<Record<SegmentOperator, ValueKind>>;
  /** Allowed text values (enumerations). */
  values?: readonly string[];
  needsKey?: 'customField' | 'consent';
  needsPeriod?: boolean;
  needsWithinDays?: boolean;
  /** Number bounds (inclusive). */
  min?: number;
  max?: number;
}

const COUNTS = { eq: 'number', gte: 'number', lte: 'number', between: 'range' } as const;
const ENUM = { eq: 'text', neq: 'text', in: 'texts', notIn: 'texts' } as const;

export const CONSENT_CHANNELS = ['email', 'sms', 'phone', 'push', 'post'] as const;
export const CHURN_BANDS = ['low', 'medium', 'high'] as const;

/** Every field a condition may name, with its operators: the builder's menu and the validator's rules. */
export const SEGMENT_FIELDS = {
  'profile.kind': { ops: ENUM, values: ['person', 'company'] },
  'profile.language': { ops: { ...ENUM, exists: 'none', notExists: 'none' }, values: ['az', 'tr', 'en'] },
  'profile.email': { ops: { exists: 'none', notExists: 'none', contains: 'text' } },
  'profile.phone': { ops: { exists: 'none', notExists: 'none' } },
  'profile.birthMonth': { ops: { eq: 'number', in: 'texts', between: 'range' }, min: 1, max: 12 },
  'profile.createdAt': { ops: { gte: 'date', lte: 'date' } },
  customField: { ops: { eq: 'text', neq: 'text', in: 'texts', contains: 'text', exists: 'none', notExists: 'none' }, needsKey: 'customField' },
  tag: { ops: { has: 'text', hasNot: 'text' } },
  consent: { ops: { granted: 'none', notGranted: 'none' }, needsKey: 'consent' },
  'loyalty.member': { ops: { exists: 'none', notExists: 'none' } },
  'loyalty.tier': { ops: { in: 'texts', notIn: 'texts' } },
  'loyalty.balance': { ops: COUNTS, min: 0 },
  'loyalty.pointsExpiring': { ops: COUNTS, min: 0, needsWithinDays: true },
  'behaviour.purchases': { ops: COUNTS, min: 0, needsPeriod: true },
  'behaviour.spend': { ops: COUNTS, needsPeriod: true },
  'behaviour.category': { ops: { in: 'texts', notIn: 'texts' }, needsPeriod: true },
  'behaviour.daysSinceLastPurchase': { ops: { gte: 'number', lte: 'number', between: 'range' }, min: 0 },
  'score.rfmSegment': { ops: { in: 'texts', notIn: 'texts' } },
  'score.churnBand': { ops: { in: 'texts', notIn: 'texts' }, values: CHURN_BANDS },
  'score.clv': { ops: COUNTS },
  'score.pAlive': { ops: { gte: 'number', lte: 'number', between: 'range' }, min: 0, max: 1 },
} as const satisfies Record<string, FieldSpec>;

export type SegmentField = keyof typeof SEGMENT_FIELDS;
export const SEGMENT_FIELD_NAMES = Object.keys(SEGMENT_FIELDS) as SegmentField[];

export function fieldSpec(field: string): FieldSpec | undefined {
  return (SEGMENT_FIELDS as Record<string, FieldSpec>)[field];
}
