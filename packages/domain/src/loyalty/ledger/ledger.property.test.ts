import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { lineAmountMinor, type PurchaseLine } from '../purchase.ts';
import { compileEarningRules } from '../rules/compile.ts';
import { evaluateEarning, type Award } from '../rules/evaluate.ts';
import { dateFromDayNumber, dayNumber, type LocalDate } from '../time.ts';
import { evaluateTier, initialTierState, purchaseActivity, qualifyingTotals, returnActivity, type QualifyingActivity, type TierProgramme } from '../tiers/tiers.ts';
import { postAdjustment, postTransfer } from './adjust.ts';
import { applyPosting, balancesFromEntries, checkBalanced, EMPTY_BALANCES, memberBalance, memberLedgerState, outstandingLiability, type LedgerBalances } from './balances.ts';
import { postEarning, postPendingRelease } from './earn.ts';
import { postExpiry } from './expiry.ts';
import { postRedemption, postRedemptionCancel } from './redeem.ts';
import { postReturn, type ReturnableLine } from './return.ts';
import type { LedgerEntry, LedgerSettings, Lot, MemberLedgerState, Posting, PostingResult } from './types.ts';

const MEMBERS = ['m0', 'm1', 'm2'] as const;
const DAY = 86_400_000;
const START = Date.parse('2025-01-01T08:00:00Z');
const rules = compileEarningRules([
  { id: 'base', name: 'base', priority: 0, stacking: 'cumulative', effect: { type: 'pointsPerAmount', points: 1, perMinor: 100, scope: 'line' } },
  { id: 'basket', name: 'basket', priority: 1, stacking: 'cumulative', effect: { type: 'pointsPerAmount', points: 3, perMinor: 700, scope: 'basket' } },
  { id: 'dairy', name: 'dairy x3', priority: 2, stacking: 'cumulative', lines: { type: 'category', in: ['dairy'] }, effect: { type: 'multiplier', percent: 300 } },
  { id: 'bonus', name: 'big basket', priority: 3, stacking: 'cumulative', when: { type: 'purchaseAmount', minMinor: 5000 }, effect: { type: 'fixedBonus', points: 25, scope: 'basket' } },
]);

const tierProgramme: TierProgramme = {
  tiers: [{ id: 'base', name: 'Base', rank: 0, requires: {} }, { id: 'silver', name: 'Silver', rank: 1, requires: { points: 150 } }, { id: 'gold', name: 'Gold', rank: 2, requires: { spendMinor: 60_000, purchases: 8 } }],
  window: { kind: 'rolling', days: 365 }, review: { month: 1, day: 1 }, graceDays: 30, lockAfterDays: 14,
};

interface PurchaseRecord {
  readonly id: string;
  readonly memberId: string;
  readonly on: LocalDate;
  readonly lines: readonly ReturnableLine[];
  readonly awards: readonly Award[];
  readonly returned: Record<string, number>;
}

/** An in-memory ledger driven only through the domain functions. */
class Book {
  entries: LedgerEntry[] = [];
  lots: Lot[] = [];
  postings: Posting[] = [];
  cached: LedgerBalances = EMPTY_BALANCES;
  purchases: PurchaseRecord[] = [];
  redemptions: Posting[] = [];
  activity = new Map<string, QualifyingActivity[]>();
  now = START;
  seq = 0;
  shortfall = 0;
  constructor(readonly settings: LedgerSettings) {}
  id(prefix: string): string { return `${prefix}-${++this.seq}`; }
  today(): LocalDate { return dateFromDayNumber(Math.floor(this.now / DAY)); }
  state(memberId: string): MemberLedgerState { return memberLedgerState(memberId, this.lots, this.entries); }
  apply(r: PostingResult): void {
    const check = checkBalanced(r.posting);
    if (!check.ok) throw new Error(`${r.posting.kind}: ${check.problem}`);
    this.postings.push(r.posting);
    this.entries.push(...r.posting.entries);
    this.lots.push(...r.newLots);
    this.cached = applyPosting(this.cached, r.posting);
  }
  purchase(memberId: string, lines: PurchaseLine[]): PurchaseRecord {
    const id = this.id('p');
    const on = this.today();
    const earning = evaluateEarning(rules, {
      purchase: { id, currency: 'AZN', occurredAt: this.now, lines }, programmeCurrency: 'AZN', firstPurchase: false,
      member: { id: memberId, segmentIds: [], tags: [], joinedOn: '2024-01-01' }, local: { weekday: 1, minutes: 600, month: 1, date: on },
      tierMultiplierPercent: 125,
    });
    this.apply(postEarning({ postingId: this.id('earn'), purchaseId: id, occurredAt: this.now, localDate: on, awards: earning.awards, state: this.state(memberId), settings: this.settings }));
    const record: PurchaseRecord = { id, memberId, on, awards: earning.awards, returned: {}, lines: lines.map((l) => ({ lineId: l.id, quantity: l.quantity, amountMinor: lineAmountMinor(l) })) };
    this.purchases.push(record);
    let spend = 0;
    for (const l of record.lines) spend += l.amountMinor;
    this.activityOf(memberId).push(purchaseActivity(on, earning.totalPoints, spend));
    return record;
  }
  return(p: PurchaseRecord, returning: { lineId: string; quantity: number }[]): void {
    if (returning.length === 0) return;
    const r = postReturn({
      postingId: this.id('ret'), returnId: this.id('r'), purchaseId: p.id, occurredAt: this.now, lines: p.lines, awards: p.awards,
      returnedBefore: { ...p.returned }, returning, state: this.state(p.memberId), settings: this.settings,
    });
    if (!r.ok) throw new Error(r.message);
    this.apply(r);
    this.shortfall += r.shortfall;
    for (const x of returning) p.returned[x.lineId] = (p.returned[x.lineId] ?? 0) + x.quantity;
    this.activityOf(p.memberId).push(returnActivity(p.on, r));
  }
  activityOf(memberId: string): QualifyingActivity[] {
    let a = this.activity.get(memberId);
    if (!a) this.activity.set(memberId, (a = []));
    return a;
  }
  advance(days: number): void {
    this.now += days * DAY;
    for (const m of MEMBERS) {
      this.apply(postPendingRelease({ postingId: this.id('rel'), now: this.now, state: this.state(m) }));
      this.apply(postExpiry({ postingId: this.id('exp'), asOf: this.today(), occurredAt: this.now, state: this.state(m) }));
    }
  }
}

type Command =
  | { kind: 'purchase'; member: number; lines: { qty: number; price: number; dairy: boolean }[] }
  | { kind: 'return'; pick: number; parts: number[] }
  | { kind: 'redeem'; member: number; points: number }
  | { kind: 'cancel'; pick: number }
  | { kind: 'adjust'; member: number; points: number }
  | { kind: 'transfer'; from: number; to: number; points: number }
  | { kind: 'advance'; days: number };

const member = fc.integer({ min: 0, max: MEMBERS.length - 1 });
const purchaseCmd = fc.record({
  kind: fc.constant('purchase' as const), member,
  lines: fc.array(fc.record({ qty: fc.integer({ min: 1, max: 5 }), price: fc.integer({ min: 1, max: 4000 }), dairy: fc.boolean() }), { minLength: 1, maxLength: 3 }),
});
const command: fc.Arbitrary<Command> = fc.oneof(
  { arbitrary: purchaseCmd, weight: 4 },
  { arbitrary: fc.record({ kind: fc.constant('return' as const), pick: fc.nat(), parts: fc.array(fc.nat({ max: 5 }), { minLength: 3, maxLength: 3 }) }), weight: 3 },
  { arbitrary: fc.record({ kind: fc.constant('redeem' as const), member, points: fc.integer({ min: 1, max: 400 }) }), weight: 2 },
  { arbitrary: fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat() }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('adjust' as const), member, points: fc.integer({ min: -300, max: 300 }).filter((p) => p !== 0) }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('transfer' as const), from: member, to: member, points: fc.integer({ min: 1, max: 300 }) }), weight: 1 },
  { arbitrary: fc.record({ kind: fc.constant('advance' as const), days: fc.integer({ min: 0, max: 90 }) }), weight: 2 },
);
const settingsArb: fc.Arbitrary<LedgerSettings> = fc.record({
  returnWindowDays: fc.constantFrom(0, 14),
  pointsValidityDays: fc.constantFrom(null, 30, 365),
  negativeBalance: fc.constantFrom('allow' as const, 'clawBackToZero' as const),
});

function linesOf(cmd: Extract<Command, { kind: 'purchase' }>): PurchaseLine[] {
  return cmd.lines.map((l, i) => ({ id: `l${i}`, sku: `s${i}`, category: l.dairy ? 'dairy' : 'other', quantity: l.qty, unitPriceMinor: l.price }));
}

function run(book: Book, cmd: Command): void {
  switch (cmd.kind) {
    case 'purchase': book.purchase(MEMBERS[cmd.member] ?? 'm0', linesOf(cmd)); return;
    case 'return': {
      const p = book.purchases[cmd.pick % Math.max(1, book.purchases.length)];
      if (!p) return;
      const returning = p.lines.flatMap((l, i) => {
        const left = l.quantity - (p.returned[l.lineId] ?? 0);
        const q = Math.min(left, cmd.parts[i] ?? 0);
        return q > 0 ? [{ lineId: l.lineId, quantity: q }] : [];
      });
      book.return(p, returning);
      return;
    }
    case 'redeem': {
      const r = postRedemption({ postingId: book.id('red'), redemptionId: book.id('rd'), points: cmd.points, occurredAt: book.now, state: book.state(MEMBERS[cmd.member] ?? 'm0') });
      if (r.ok) { book.apply(r); book.redemptions.push(r.posting); }
      return;
    }
    case 'cancel': {
      const posting = book.redemptions.splice(cmd.pick % Math.max(1, book.redemptions.length), 1)[0];
      const memberId = posting?.entries.find((e) => e.memberId !== undefined)?.memberId;
      if (posting && memberId) book.apply(postRedemptionCancel({ postingId: book.id('cnl'), redemption: posting, occurredAt: book.now, state: book.state(memberId) }));
      return;
    }
    case 'adjust': {
      const r = postAdjustment({ postingId: book.id('adj'), adjustmentId: book.id('a'), reason: 'goodwill', points: cmd.points, occurredAt: book.now, localDate: book.today(), state: book.state(MEMBERS[cmd.member] ?? 'm0'), settings: book.settings });
      if (r.ok) book.apply(r);
      return;
    }
    case 'transfer': {
      const r = postTransfer({ postingId: book.id('trf'), transferId: book.id('t'), points: cmd.points, occurredAt: book.now, from: book.state(MEMBERS[cmd.from] ?? 'm0'), to: book.state(MEMBERS[cmd.to] ?? 'm0') });
      if (r.ok) book.apply(r);
      return;
    }
    case 'advance': book.advance(cmd.days); return;
  }
}

function checkInvariants(book: Book): void {
  const truth = balancesFromEntries(book.entries);
  // Every (cached) balance equals the sum of its entries.
  expect(book.cached.programmeLiability).toBe(truth.programmeLiability);
  expect(book.cached.redeemed).toBe(truth.redeemed);
  expect(book.cached.expired).toBe(truth.expired);
  let membersTotal = 0;
  for (const m of MEMBERS) {
    const b = truth.members.get(m) ?? { available: 0, pending: 0 };
    expect(book.cached.members.get(m) ?? { available: 0, pending: 0 }).toEqual(b);
    // The lot view tells the same story as the accounts.
    const state = book.state(m);
    expect(memberBalance(state)).toEqual(b);
    expect(b.pending).toBeGreaterThanOrEqual(0);
    if (book.settings.negativeBalance === 'clawBackToZero') expect(b.available).toBeGreaterThanOrEqual(0);
    expect(state.debt).toBeLessThanOrEqual(0);
    for (const lot of state.lots) {
      expect(lot.available).toBeGreaterThanOrEqual(0);
      expect(lot.pending).toBeGreaterThanOrEqual(0);
      if (state.debt < 0) expect(lot.available).toBe(0);
    }
    membersTotal += b.available + b.pending;
  }
  // The programme's liability equals what its members hold.
  expect(outstandingLiability(truth)).toBe(membersTotal);
  expect(truth.redeemed).toBeGreaterThanOrEqual(0);
  expect(truth.expired).toBeGreaterThanOrEqual(0);
  for (const p of book.postings) expect(checkBalanced(p)).toEqual({ ok: true });
}

describe('ledger properties', () => {
  it('any sequence keeps balances = Σ entries, postings balanced, no negative unless allowed, liability = members', () => {
    // Counts of interesting situations, so the property cannot pass by never reaching them.
    const seen = { debt: 0, shortfall: 0, expired: 0, redeemed: 0, pendingReturn: 0, transfer: 0 };
    fc.assert(
      fc.property(settingsArb, fc.array(command, { maxLength: 40 }), (settings, commands) => {
        const book = new Book(settings);
        for (const cmd of commands) {
          run(book, cmd);
          checkInvariants(book);
          if (MEMBERS.some((m) => book.state(m).debt < 0)) seen.debt++;
        }
        const b = balancesFromEntries(book.entries);
        if (book.shortfall > 0) seen.shortfall++;
        if (b.expired > 0) seen.expired++;
        if (b.redeemed > 0) seen.redeemed++;
        if (book.entries.some((e) => e.cause.kind === 'return' && e.account === 'member_pending')) seen.pendingReturn++;
        if (book.postings.some((p) => p.kind === 'transfer')) seen.transfer++;
      }),
      { numRuns: 300 },
    );
    for (const [situation, count] of Object.entries(seen)) expect(count, situation).toBeGreaterThan(0);
  });

  it('a purchase followed by its full return leaves the member exactly as before', () => {
    fc.assert(
      fc.property(settingsArb, fc.array(command, { maxLength: 30 }), purchaseCmd, (settings, history, buy) => {
        const book = new Book(settings);
        for (const cmd of history) run(book, cmd);
        const memberId = MEMBERS[buy.member] ?? 'm0';
        const before = book.state(memberId);
        const totalsBefore = qualifyingTotals(book.activityOf(memberId), { kind: 'rolling', days: 365 }, book.today());
        const tierState = evaluateTier({ programme: tierProgramme, state: initialTierState(tierProgramme, '2024-12-01'), activity: [...book.activityOf(memberId)], today: book.today() }).state;
        const p = book.purchase(memberId, linesOf(buy));
        book.return(p, p.lines.map((l) => ({ lineId: l.lineId, quantity: l.quantity })));
        const after = book.state(memberId);
        expect(memberBalance(after)).toEqual(memberBalance(before));
        expect(after.debt).toBe(before.debt);
        // Every lot the member had is untouched; the purchase's own lot is empty again.
        for (const lot of after.lots) {
          const old = before.lots.find((l) => l.id === lot.id);
          expect({ available: lot.available, pending: lot.pending }).toEqual(old ? { available: old.available, pending: old.pending } : { available: 0, pending: 0 });
        }
        expect(qualifyingTotals(book.activityOf(memberId), { kind: 'rolling', days: 365 }, book.today())).toEqual(totalsBefore);
        expect(evaluateTier({ programme: tierProgramme, state: tierState, activity: book.activityOf(memberId), today: book.today() }).state).toEqual(tierState);
        checkInvariants(book);
      }),
      { numRuns: 300 },
    );
  });

  it('partial returns ending in a full return reverse exactly what was earned, in points and spend', () => {
    fc.assert(
      fc.property(purchaseCmd, fc.array(fc.array(fc.nat({ max: 3 }), { minLength: 3, maxLength: 3 }), { maxLength: 6 }), (buy, rounds) => {
        const book = new Book({ returnWindowDays: 0, pointsValidityDays: null, negativeBalance: 'allow' });
        const p = book.purchase('m0', linesOf(buy));
        for (const parts of [...rounds, [99, 99, 99]]) {
          run(book, { kind: 'return', pick: 0, parts });
        }
        const b = balancesFromEntries(book.entries);
        expect(b.members.get('m0') ?? { available: 0, pending: 0 }).toEqual({ available: 0, pending: 0 });
        expect(b.programmeLiability).toBe(0);
        expect(qualifyingTotals(book.activityOf('m0'), { kind: 'rolling', days: 30 }, book.today())).toEqual({ points: 0, spendMinor: 0, purchases: 0 });
        expect(p.lines.every((l) => p.returned[l.lineId] === l.quantity)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});

describe('day numbers', () => {
  it('round-trip', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 60_000 }), (d) => dayNumber(dateFromDayNumber(d)) === d));
  });
});
