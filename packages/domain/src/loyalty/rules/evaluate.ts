import { allocateProportionally, mulDivFloor } from '../allocate.ts';
import { lineAmountMinor, type MemberFacts, type Purchase } from '../purchase.ts';
import type { LocalTime } from '../time.ts';
import { failedConditions, type CompiledEarningRule, type LineView, type PurchaseView } from './compile.ts';

/** Points a member already earned under one rule, from the ledger, for the caps. */
export interface EarnedUnderRule {
  /** On the purchase's local day. */
  readonly today: number;
  /** Within the rule's `caps.perMember.periodDays` (or the rule's life). */
  readonly period: number;
}

export interface EarningInput {
  readonly purchase: Purchase;
  readonly member: MemberFacts;
  /** Local time of the purchase in the workspace's time zone (see `localTimeOf`). */
  readonly local: LocalTime;
  readonly firstPurchase: boolean;
  readonly programmeCurrency: string;
  /** The member tier's earning benefit: 150 = +50 % on rule points. Absent or 100 = none. */
  readonly tierMultiplierPercent?: number;
  readonly alreadyEarned?: Readonly<Record<string, EarnedUnderRule>>;
  /** Build the explanation list (simulate UI). Tills leave it off. */
  readonly explain?: boolean;
}

/** Points one rule gave one line: the unit a return reverses. */
export interface Award {
  readonly ruleId: string;
  readonly lineId: string;
  readonly points: number;
}

export type ExplanationCode =
  | 'applied' | 'capped' | 'not_yet_valid' | 'no_longer_valid' | 'conditions_not_met'
  | 'no_eligible_lines' | 'stopped_by_exclusive' | 'currency_mismatch' | 'tier_bonus';

export interface Explanation {
  readonly ruleId: string;
  readonly code: ExplanationCode;
  readonly message: string;
  readonly points?: number;
}

export interface EarningResult {
  readonly totalPoints: number;
  /** Non-zero awards, one per (rule, line): what the ledger posts and a return reverses. */
  readonly awards: readonly Award[];
  readonly byLine: readonly { readonly lineId: string; readonly points: number }[];
  readonly byRule: readonly { readonly ruleId: string; readonly points: number; readonly capped: boolean }[];
  readonly explanation: readonly Explanation[];
}

/** Rule id under which the tier's earning multiplier is recorded. */
export const TIER_BONUS_RULE_PREFIX = 'tier:';

interface Selected {
  readonly rule: CompiledEarningRule;
  readonly eligible: readonly boolean[];
}

function remainingCap(rule: CompiledEarningRule, earned: EarnedUnderRule | undefined): number {
  const caps = rule.rule.caps;
  if (!caps) return Infinity;
  let left = Infinity;
  if (caps.perTransaction !== undefined) left = Math.min(left, caps.perTransaction);
  if (caps.perDay !== undefined) left = Math.min(left, caps.perDay - (earned?.today ?? 0));
  if (caps.perMember !== undefined) left = Math.min(left, caps.perMember.points - (earned?.period ?? 0));
  return Math.max(0, left);
}

/** Raw per-line points of a non-multiplier effect. */
function basePoints(s: Selected, lines: readonly LineView[]): number[] {
  const effect = s.rule.rule.effect;
  const n = lines.length;
  const out = new Array<number>(n).fill(0);
  if (effect.type === 'multiplier') return out;
  if (effect.scope === 'line') {
    for (let i = 0; i < n; i++) {
      const l = lines[i];
      if (!s.eligible[i] || !l) continue;
      out[i] = effect.type === 'pointsPerAmount'
        ? mulDivFloor(l.earnableMinor, effect.points, effect.perMinor)
        : effect.points * l.line.quantity;
    }
    return out;
  }
  // Basket: compute on the summed amount (so 0.60 + 0.60 AZN earns 1 point at 1/AZN), then
  // split over the eligible lines by amount so every point belongs to a line.
  let eligibleMinor = 0;
  const weights = new Array<number>(n).fill(0);
  for (let i = 0; i < n; i++) {
    const l = lines[i];
    if (s.eligible[i] && l) {
      weights[i] = l.earnableMinor;
      eligibleMinor += l.earnableMinor;
    }
  }
  const total = effect.type === 'pointsPerAmount' ? mulDivFloor(eligibleMinor, effect.points, effect.perMinor) : effect.points;
  if (eligibleMinor === 0) {
    // A fixed basket bonus on zero-amount lines still needs an owner line: the first eligible one.
    const first = s.eligible.indexOf(true);
    if (first >= 0) out[first] = total;
    return out;
  }
  return allocateProportionally(total, weights);
}

/** Applies the rule's caps; a cut is spread over the lines in proportion to what they earned. */
function capped(points: number[], rule: CompiledEarningRule, earned: EarnedUnderRule | undefined): { points: number[]; capped: boolean } {
  let total = 0;
  for (const p of points) total += p;
  const cap = remainingCap(rule, earned);
  if (total <= cap) return { points, capped: false };
  return { points: allocateProportionally(cap, points), capped: true };
}

function buildView(input: EarningInput): PurchaseView {
  const { purchase } = input;
  const amounts = purchase.lines.map(lineAmountMinor);
  const earnableAmounts = purchase.lines.map((l, i) => (l.earnable === false ? 0 : (amounts[i] ?? 0)));
  let earnableTotal = 0;
  for (const a of earnableAmounts) earnableTotal += a;
  // The part paid with points earns nothing; it is taken off the earnable lines by amount.
  const paid = Math.min(Math.max(0, purchase.paidWithPointsMinor ?? 0), earnableTotal);
  const paidShares = paid > 0 ? allocateProportionally(paid, earnableAmounts) : undefined;
  let amountMinor = 0;
  const lines = purchase.lines.map((line, i): LineView => {
    const amount = amounts[i] ?? 0;
    amountMinor += amount;
    return { line, amountMinor: amount, earnableMinor: (earnableAmounts[i] ?? 0) - (paidShares?.[i] ?? 0) };
  });
  return {
    lines, amountMinor,
    storeId: purchase.storeId, channel: purchase.channel,
    local: input.local, firstPurchase: input.firstPurchase, member: input.member,
  };
}

/**
 * Runs the compiled rules (from `compileEarningRules`, already in priority order) on one
 * purchase. Stacking: rules are walked from the highest priority; every matching cumulative
 * rule applies; the first matching exclusive rule applies and stops every lower rule. A rule
 * "matches" when it is valid at the purchase time, its `when` holds and at least one earnable
 * line passes its `lines` filter. Multipliers work on what the selected non-multiplier rules
 * gave each line (after their caps); the tier benefit then works on all rule points of a line.
 * Every division rounds down (the member never gets a fraction of a point).
 */
export function evaluateEarning(rules: readonly CompiledEarningRule[], input: EarningInput): EarningResult {
  const explain = input.explain === true;
  const explanation: Explanation[] = [];
  const { purchase } = input;
  const n = purchase.lines.length;
  if (purchase.currency !== input.programmeCurrency) {
    if (explain) explanation.push({ ruleId: '', code: 'currency_mismatch', message: `purchase is in ${purchase.currency}, the programme in ${input.programmeCurrency}` });
    return { totalPoints: 0, awards: [], byLine: purchase.lines.map((l) => ({ lineId: l.id, points: 0 })), byRule: [], explanation };
  }
  const view = buildView(input);
  const at = purchase.occurredAt;

  const selected: Selected[] = [];
  let stoppedBy: string | undefined;
  for (const rule of rules) {
    if (stoppedBy !== undefined) {
      if (explain) explanation.push({ ruleId: rule.id, code: 'stopped_by_exclusive', message: `exclusive rule ${stoppedBy} applied first` });
      continue;
    }
    if (at < rule.validFromMs || at >= rule.validUntilMs) {
      if (explain) {
        const early = at < rule.validFromMs;
        explanation.push({ ruleId: rule.id, code: early ? 'not_yet_valid' : 'no_longer_valid', message: early ? `valid from ${rule.rule.validFrom}` : `valid until ${rule.rule.validUntil}` });
      }
      continue;
    }
    const eligible = new Array<boolean>(n);
    let eligibleMinor = 0;
    let anyEligible = false;
    for (let i = 0; i < n; i++) {
      const l = view.lines[i];
      const ok = l !== undefined && l.line.earnable !== false && rule.lineEligible(l);
      eligible[i] = ok;
      if (ok) {
        anyEligible = true;
        eligibleMinor += l.amountMinor;
      }
    }
    if (!rule.matches(view, eligibleMinor)) {
      if (explain) {
        const failed = rule.rule.when ? failedConditions(rule.rule.when, view, eligibleMinor) : [];
        explanation.push({ ruleId: rule.id, code: 'conditions_not_met', message: `not met: ${failed.join(', ')}` });
      }
      continue;
    }
    if (!anyEligible) {
      if (explain) explanation.push({ ruleId: rule.id, code: 'no_eligible_lines', message: 'no earnable line passes the line filter' });
      continue;
    }
    selected.push({ rule, eligible });
    if (rule.exclusive) stoppedBy = rule.id;
  }

  // Base effects first, then multipliers on their result, then the tier benefit.
  const perRule: { ruleId: string; points: number[]; capped: boolean }[] = [];
  const base = new Array<number>(n).fill(0);
  for (const s of selected) {
    if (s.rule.rule.effect.type === 'multiplier') continue;
    const c = capped(basePoints(s, view.lines), s.rule, input.alreadyEarned?.[s.rule.id]);
    for (let i = 0; i < n; i++) base[i] = (base[i] ?? 0) + (c.points[i] ?? 0);
    perRule.push({ ruleId: s.rule.id, points: c.points, capped: c.capped });
  }
  const ruleTotalPerLine = base.slice();
  for (const s of selected) {
    const effect = s.rule.rule.effect;
    if (effect.type !== 'multiplier') continue;
    const extra = new Array<number>(n).fill(0);
    for (let i = 0; i < n; i++) if (s.eligible[i]) extra[i] = mulDivFloor(base[i] ?? 0, effect.percent - 100, 100);
    const c = capped(extra, s.rule, input.alreadyEarned?.[s.rule.id]);
    for (let i = 0; i < n; i++) ruleTotalPerLine[i] = (ruleTotalPerLine[i] ?? 0) + (c.points[i] ?? 0);
    perRule.push({ ruleId: s.rule.id, points: c.points, capped: c.capped });
  }
  const tierPercent = input.tierMultiplierPercent ?? 100;
  if (tierPercent > 100) {
    const extra = ruleTotalPerLine.map((p) => mulDivFloor(p, tierPercent - 100, 100));
    perRule.push({ ruleId: `${TIER_BONUS_RULE_PREFIX}${input.member.tierId ?? ''}`, points: extra, capped: false });
  }

  const awards: Award[] = [];
  const lineTotals = new Array<number>(n).fill(0);
  const byRule: { ruleId: string; points: number; capped: boolean }[] = [];
  let totalPoints = 0;
  for (const r of perRule) {
    let ruleTotal = 0;
    for (let i = 0; i < n; i++) {
      const p = r.points[i] ?? 0;
      const line = purchase.lines[i];
      if (p === 0 || !line) continue;
      awards.push({ ruleId: r.ruleId, lineId: line.id, points: p });
      lineTotals[i] = (lineTotals[i] ?? 0) + p;
      ruleTotal += p;
    }
    totalPoints += ruleTotal;
    byRule.push({ ruleId: r.ruleId, points: ruleTotal, capped: r.capped });
    if (explain) {
      const isTier = r.ruleId.startsWith(TIER_BONUS_RULE_PREFIX);
      explanation.push({
        ruleId: r.ruleId,
        code: isTier ? 'tier_bonus' : r.capped ? 'capped' : 'applied',
        message: isTier ? `tier benefit +${tierPercent - 100} %` : r.capped ? 'applied, limited by a cap' : 'applied',
        points: ruleTotal,
      });
    }
  }
  return {
    totalPoints, awards, byRule, explanation,
    byLine: purchase.lines.map((l, i) => ({ lineId: l.id, points: lineTotals[i] ?? 0 })),
  };
}
