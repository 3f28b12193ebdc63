import { dayNumber, type LocalTime } from '../time.ts';
import type { MemberFacts, PurchaseLine } from '../purchase.ts';
import type { Condition, EarningRule, LineFilter } from './types.ts';

/** A purchase line as the compiled rules see it. */
export interface LineView {
  readonly line: PurchaseLine;
  /** Net line amount (after the line discount). */
  readonly amountMinor: number;
  /** Part of the net amount that may earn (zero for gift cards and the part paid with points). */
  readonly earnableMinor: number;
}

/** Everything a condition may look at, computed once per purchase. */
export interface PurchaseView {
  readonly lines: readonly LineView[];
  readonly amountMinor: number;
  readonly storeId: string | undefined;
  readonly channel: string | undefined;
  readonly local: LocalTime;
  readonly firstPurchase: boolean;
  readonly member: MemberFacts;
}

export type LinePredicate = (line: LineView) => boolean;
/** `eligibleMinor` is the net amount of the lines the rule's `lines` filter keeps. */
export type PurchasePredicate = (view: PurchaseView, eligibleMinor: number) => boolean;

export interface CompiledEarningRule {
  readonly rule: EarningRule;
  readonly id: string;
  readonly priority: number;
  readonly exclusive: boolean;
  readonly validFromMs: number;
  readonly validUntilMs: number;
  readonly matches: PurchasePredicate;
  readonly lineEligible: LinePredicate;
}

const always = (): boolean => true;

function inRange(value: number, min: number | undefined, max: number | undefined): boolean {
  return (min === undefined || value >= min) && (max === undefined || value <= max);
}

function anyIn(values: readonly string[], set: ReadonlySet<string>): boolean {
  for (const v of values) if (set.has(v)) return true;
  return false;
}

function minutesOf(hhmm: string): number {
  return Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));
}

export function compileLineFilter(filter: LineFilter): LinePredicate {
  switch (filter.type) {
    case 'all': {
      const parts = filter.of.map(compileLineFilter);
      return (l) => parts.every((p) => p(l));
    }
    case 'any': {
      const parts = filter.of.map(compileLineFilter);
      return (l) => parts.some((p) => p(l));
    }
    case 'not': {
      const inner = compileLineFilter(filter.of);
      return (l) => !inner(l);
    }
    case 'sku': {
      const set = new Set(filter.in);
      return (l) => set.has(l.line.sku);
    }
    case 'category': {
      const set = new Set(filter.in);
      return (l) => l.line.category !== undefined && set.has(l.line.category);
    }
    case 'brand': {
      const set = new Set(filter.in);
      return (l) => l.line.brand !== undefined && set.has(l.line.brand);
    }
    case 'lineAmount': {
      const { minMinor, maxMinor } = filter;
      return (l) => inRange(l.amountMinor, minMinor, maxMinor);
    }
    case 'lineQuantity': {
      const { min, max } = filter;
      return (l) => inRange(l.line.quantity, min, max);
    }
  }
}

export function compileCondition(c: Condition): PurchasePredicate {
  switch (c.type) {
    case 'all': {
      const parts = c.of.map(compileCondition);
      return (v, e) => {
        for (const p of parts) if (!p(v, e)) return false;
        return true;
      };
    }
    case 'any': {
      const parts = c.of.map(compileCondition);
      return (v, e) => {
        for (const p of parts) if (p(v, e)) return true;
        return false;
      };
    }
    case 'not': {
      const inner = compileCondition(c.of);
      return (v, e) => !inner(v, e);
    }
    case 'purchaseAmount': {
      const { minMinor, maxMinor } = c;
      return (v) => inRange(v.amountMinor, minMinor, maxMinor);
    }
    case 'eligibleAmount': {
      const { minMinor, maxMinor } = c;
      return (_v, e) => inRange(e, minMinor, maxMinor);
    }
    case 'store': {
      const set = new Set(c.in);
      return (v) => v.storeId !== undefined && set.has(v.storeId);
    }
    case 'channel': {
      const set = new Set(c.in);
      return (v) => v.channel !== undefined && set.has(v.channel);
    }
    case 'weekday': {
      // Bit mask: one AND per evaluation.
      let mask = 0;
      for (const d of c.in) mask |= 1 << d;
      return (v) => (mask & (1 << v.local.weekday)) !== 0;
    }
    case 'timeWindow': {
      const from = minutesOf(c.from);
      const to = minutesOf(c.to);
      return from < to
        ? (v) => v.local.minutes >= from && v.local.minutes < to
        : (v) => v.local.minutes >= from || v.local.minutes < to;
    }
    case 'firstPurchase':
      return (v) => v.firstPurchase;
    case 'birthdayMonth':
      return (v) => v.member.birthMonth === v.local.month;
    case 'tier': {
      const set = new Set(c.in);
      return (v) => v.member.tierId !== undefined && set.has(v.member.tierId);
    }
    case 'segment': {
      const set = new Set(c.in);
      return (v) => anyIn(v.member.segmentIds, set);
    }
    case 'tag': {
      const set = new Set(c.in);
      return (v) => anyIn(v.member.tags, set);
    }
    case 'joinDate': {
      const { from, to } = c;
      return (v) => (from === undefined || v.member.joinedOn >= from) && (to === undefined || v.member.joinedOn <= to);
    }
    case 'memberDays': {
      const { min, max } = c;
      return (v) => inRange(dayNumber(v.local.date) - dayNumber(v.member.joinedOn), min, max);
    }
    case 'hasLine': {
      const p = compileLineFilter(c.line);
      return (v) => v.lines.some(p);
    }
  }
}

/** Turns a validated rule into closures once, so evaluating it costs no parsing or lookups. */
export function compileEarningRule(rule: EarningRule): CompiledEarningRule {
  return {
    rule,
    id: rule.id,
    priority: rule.priority,
    exclusive: rule.stacking === 'exclusive',
    validFromMs: rule.validFrom === undefined ? -Infinity : Date.parse(rule.validFrom),
    validUntilMs: rule.validUntil === undefined ? Infinity : Date.parse(rule.validUntil),
    matches: rule.when === undefined ? always : compileCondition(rule.when),
    lineEligible: rule.lines === undefined ? always : compileLineFilter(rule.lines),
  };
}

/** Compiles and orders rules for evaluation: priority high to low, then id, so ties are deterministic. */
export function compileEarningRules(rules: readonly EarningRule[]): readonly CompiledEarningRule[] {
  return rules
    .map(compileEarningRule)
    .sort((a, b) => b.priority - a.priority || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}

/** Paths of the conditions that failed, for the "simulate" explanation (slow path, not for tills). */
export function failedConditions(c: Condition, view: PurchaseView, eligibleMinor: number, path = 'when'): string[] {
  if (compileCondition(c)(view, eligibleMinor)) return [];
  if (c.type === 'all') {
    return c.of.flatMap((child, i) => failedConditions(child, view, eligibleMinor, `${path}.of[${i}]`));
  }
  return [`${path} (${c.type})`];
}
