import { describe, expect, it } from 'vitest';
import type { MemberFacts, Purchase, PurchaseLine } from '../purchase.ts';
import { localTimeOf, type LocalTime } from '../time.ts';
import { compileEarningRules } from './compile.ts';
import { evaluateEarning, type EarningInput } from './evaluate.ts';
import type { EarningRule } from './types.ts';

const member: MemberFacts = { id: 'm1', tierId: 'silver', segmentIds: ['seg-a'], tags: ['vip'], joinedOn: '2024-01-10', birthMonth: 3 };
// Wednesday 12 March 2025, 18:30 in Baku.
const local: LocalTime = { weekday: 3, minutes: 18 * 60 + 30, month: 3, date: '2025-03-12' };
const at = Date.parse('2025-03-12T14:30:00Z');

function line(id: string, over: Partial<PurchaseLine> = {}): PurchaseLine {
  return { id, sku: `sku-${id}`, category: 'dairy', brand: 'milkco', quantity: 1, unitPriceMinor: 1000, ...over };
}
function purchase(lines: PurchaseLine[], over: Partial<Purchase> = {}): Purchase {
  return { id: 'p1', currency: 'AZN', occurredAt: at, storeId: 'baku-1', channel: 'store', lines, ...over };
}
function run(rules: EarningRule[], p: Purchase, over: Partial<EarningInput> = {}) {
  return evaluateEarning(compileEarningRules(rules), {
    purchase: p, member, local, firstPurchase: false, programmeCurrency: 'AZN', explain: true, ...over,
  });
}
const base: EarningRule = { id: 'base', name: '1 per AZN', priority: 0, stacking: 'cumulative', effect: { type: 'pointsPerAmount', points: 1, perMinor: 100, scope: 'line' } };

describe('earning effects', () => {
  it('gives points per whole amount unit, rounding each line down', () => {
    const r = run([base], purchase([line('a', { unitPriceMinor: 1099 }), line('b', { quantity: 3, unitPriceMinor: 250, discountMinor: 100 })]));
    expect(r.byLine).toEqual([{ lineId: 'a', points: 10 }, { lineId: 'b', points: 6 }]);
    expect(r.totalPoints).toBe(16);
    expect(r.awards).toEqual([{ ruleId: 'base', lineId: 'a', points: 10 }, { ruleId: 'base', lineId: 'b', points: 6 }]);
  });
  it('per basket sums first, then splits the points over the lines so they add up', () => {
    const rule: EarningRule = { ...base, effect: { type: 'pointsPerAmount', points: 1, perMinor: 100, scope: 'basket' } };
    const r = run([rule], purchase([line('a', { unitPriceMinor: 60 }), line('b', { unitPriceMinor: 60 }), line('c', { unitPriceMinor: 90 })]));
    expect(r.totalPoints).toBe(2);
    expect(r.byLine.reduce((s, l) => s + l.points, 0)).toBe(2);
  });
  it('fixed bonus per basket or per unit', () => {
    const basket: EarningRule = { ...base, id: 'fb', effect: { type: 'fixedBonus', points: 50, scope: 'basket' } };
    expect(run([basket], purchase([line('a'), line('b')])).totalPoints).toBe(50);
    const perUnit: EarningRule = { ...base, id: 'fu', effect: { type: 'fixedBonus', points: 5, scope: 'line' }, lines: { type: 'sku', in: ['sku-b'] } };
    expect(run([perUnit], purchase([line('a'), line('b', { quantity: 4 })])).byLine).toEqual([{ lineId: 'a', points: 0 }, { lineId: 'b', points: 20 }]);
  });
  it('multiplier adds on the base points of its eligible lines only', () => {
    const double: EarningRule = { id: 'x2', name: 'double dairy', priority: 5, stacking: 'cumulative', lines: { type: 'category', in: ['dairy'] }, effect: { type: 'multiplier', percent: 200 } };
    const r = run([base, double], purchase([line('a'), line('b', { category: 'bread' })]));
    expect(r.byLine).toEqual([{ lineId: 'a', points: 20 }, { lineId: 'b', points: 10 }]);
    expect(r.byRule).toContainEqual({ ruleId: 'x2', points: 10, capped: false });
  });
  it('tier benefit multiplies rule points and is recorded under tier:<id>', () => {
    const r = run([base], purchase([line('a', { unitPriceMinor: 1000 })]), { tierMultiplierPercent: 150 });
    expect(r.totalPoints).toBe(15);
    expect(r.awards).toContainEqual({ ruleId: 'tier:silver', lineId: 'a', points: 5 });
  });
  it('gift-card lines and the part paid with points earn nothing', () => {
    const p = purchase([line('a', { unitPriceMinor: 2000 }), line('g', { unitPriceMinor: 5000, earnable: false })], { paidWithPointsMinor: 500 });
    const r = run([base], p);
    expect(r.byLine).toEqual([{ lineId: 'a', points: 15 }, { lineId: 'g', points: 0 }]);
  });
  it('earns nothing on a purchase in another currency', () => {
    const r = run([base], purchase([line('a')], { currency: 'TRY' }));
    expect(r.totalPoints).toBe(0);
    expect(r.explanation[0]?.code).toBe('currency_mismatch');
  });
});

describe('earning conditions', () => {
  const bonus = (when: EarningRule['when'], lines?: EarningRule['lines']): EarningRule => ({
    id: 'b', name: 'bonus', priority: 1, stacking: 'cumulative', effect: { type: 'fixedBonus', points: 100, scope: 'basket' },
    ...(when ? { when } : {}), ...(lines ? { lines } : {}),
  });
  const p = purchase([line('a', { unitPriceMinor: 3000 }), line('b', { category: 'bread', brand: 'bakeco', unitPriceMinor: 500 })]);
  const cases: [string, EarningRule['when'], boolean][] = [
    ['amount ≥ 35 AZN', { type: 'purchaseAmount', minMinor: 3500 }, true],
    ['amount ≥ 35.01 AZN', { type: 'purchaseAmount', minMinor: 3501 }, false],
    ['store', { type: 'store', in: ['baku-1'] }, true],
    ['other store', { type: 'store', in: ['ganja-1'] }, false],
    ['channel', { type: 'channel', in: ['web'] }, false],
    ['weekday Wednesday', { type: 'weekday', in: [3] }, true],
    ['weekend', { type: 'weekday', in: [6, 7] }, false],
    ['happy hour 18:00–19:00', { type: 'timeWindow', from: '18:00', to: '19:00' }, true],
    ['to is exclusive', { type: 'timeWindow', from: '17:00', to: '18:30' }, false],
    ['night window wrapping midnight', { type: 'timeWindow', from: '22:00', to: '02:00' }, false],
    ['first purchase', { type: 'firstPurchase' }, false],
    ['birthday month', { type: 'birthdayMonth' }, true],
    ['tier', { type: 'tier', in: ['gold'] }, false],
    ['segment', { type: 'segment', in: ['seg-b', 'seg-a'] }, true],
    ['tag', { type: 'tag', in: ['vip'] }, true],
    ['joined in 2024', { type: 'joinDate', from: '2024-01-01', to: '2024-12-31' }, true],
    ['member at least 400 days', { type: 'memberDays', min: 400 }, true],
    ['member at most 30 days', { type: 'memberDays', max: 30 }, false],
    ['has a bakeco line', { type: 'hasLine', line: { type: 'brand', in: ['bakeco'] } }, true],
    ['has a line ≥ 40 AZN', { type: 'hasLine', line: { type: 'lineAmount', minMinor: 4000 } }, false],
    ['all: store and weekday', { type: 'all', of: [{ type: 'store', in: ['baku-1'] }, { type: 'weekday', in: [3] }] }, true],
    ['all fails on one', { type: 'all', of: [{ type: 'store', in: ['baku-1'] }, { type: 'weekday', in: [1] }] }, false],
    ['any', { type: 'any', of: [{ type: 'channel', in: ['web'] }, { type: 'tag', in: ['vip'] }] }, true],
    ['not', { type: 'not', of: { type: 'tag', in: ['vip'] } }, false],
  ];
  for (const [name, when, applies] of cases) {
    it(`${name} → ${applies ? 'applies' : 'does not apply'}`, () => {
      expect(run([bonus(when)], p).totalPoints).toBe(applies ? 100 : 0);
    });
  }
  it('first purchase holds when the caller says so', () => {
    expect(run([bonus({ type: 'firstPurchase' })], p, { firstPurchase: true }).totalPoints).toBe(100);
  });
  it('wrapping window matches just after midnight', () => {
    expect(run([bonus({ type: 'timeWindow', from: '22:00', to: '02:00' })], p, { local: { ...local, minutes: 30 } }).totalPoints).toBe(100);
  });
  it('eligibleAmount measures only the filtered lines', () => {
    const r = bonus({ type: 'eligibleAmount', minMinor: 1000 }, { type: 'category', in: ['bread'] });
    expect(run([r], p).totalPoints).toBe(0);
    expect(run([bonus({ type: 'eligibleAmount', minMinor: 500 }, { type: 'category', in: ['bread'] })], p).byLine).toEqual([
      { lineId: 'a', points: 0 }, { lineId: 'b', points: 100 },
    ]);
  });
  it('explains which condition failed', () => {
    const r = run([bonus({ type: 'all', of: [{ type: 'store', in: ['baku-1'] }, { type: 'weekday', in: [1] }] })], p);
    expect(r.explanation).toEqual([{ ruleId: 'b', code: 'conditions_not_met', message: 'not met: when.of[1] (weekday)' }]);
  });
  it('respects validity dates (from inclusive, until exclusive)', () => {
    const r = { ...bonus(undefined), validFrom: '2025-03-12T14:30:00Z', validUntil: '2025-03-13T00:00:00+04:00' };
    expect(run([r], p).totalPoints).toBe(100);
    expect(run([{ ...r, validFrom: '2025-03-12T14:30:01Z' }], p).explanation[0]?.code).toBe('not_yet_valid');
    expect(run([{ ...r, validUntil: '2025-03-12T14:30:00Z', validFrom: '2025-01-01T00:00:00Z' }], p).explanation[0]?.code).toBe('no_longer_valid');
  });
  it('uses the workspace time zone through localTimeOf', () => {
    expect(localTimeOf(Date.parse('2025-03-12T20:30:00Z'), 'Asia/Baku')).toEqual({ weekday: 4, minutes: 30, month: 3, date: '2025-03-13' });
    expect(localTimeOf(Date.parse('2025-03-12T20:30:00Z'), 'Europe/Istanbul')).toEqual({ weekday: 3, minutes: 23 * 60 + 30, month: 3, date: '2025-03-12' });
  });
});

describe('caps', () => {
  const p = purchase([line('a', { unitPriceMinor: 6000 }), line('b', { unitPriceMinor: 4000 })]);
  it('per transaction, spread over lines by what they earned', () => {
    const r = run([{ ...base, caps: { perTransaction: 50 } }], p);
    expect(r.totalPoints).toBe(50);
    expect(r.byLine).toEqual([{ lineId: 'a', points: 30 }, { lineId: 'b', points: 20 }]);
    expect(r.byRule).toEqual([{ ruleId: 'base', points: 50, capped: true }]);
  });
  it('per day and per member period subtract what was already earned', () => {
    const rule: EarningRule = { ...base, caps: { perDay: 120, perMember: { points: 1000, periodDays: 30 } } };
    expect(run([rule], p, { alreadyEarned: { base: { today: 90, period: 90 } } }).totalPoints).toBe(30);
    expect(run([rule], p, { alreadyEarned: { base: { today: 0, period: 980 } } }).totalPoints).toBe(20);
    expect(run([rule], p, { alreadyEarned: { base: { today: 500, period: 2000 } } }).totalPoints).toBe(0);
  });
});

describe('priority and stacking', () => {
  const p = purchase([line('a', { unitPriceMinor: 1000 })]);
  const bonus = (id: string, priority: number, stacking: 'exclusive' | 'cumulative', points: number): EarningRule => ({
    id, name: id, priority, stacking, effect: { type: 'fixedBonus', points, scope: 'basket' },
  });
  it('cumulative rules add up', () => {
    expect(run([bonus('x', 1, 'cumulative', 5), bonus('y', 2, 'cumulative', 7)], p).totalPoints).toBe(12);
  });
  it('the highest-priority matching exclusive rule wins and stops lower rules', () => {
    const r = run([bonus('low', 1, 'cumulative', 5), bonus('ex-low', 3, 'exclusive', 70), bonus('ex', 5, 'exclusive', 50), bonus('high', 9, 'cumulative', 1)], p);
    expect(r.byRule.map((x) => x.ruleId)).toEqual(['high', 'ex']);
    expect(r.totalPoints).toBe(51);
    expect(r.explanation.filter((e) => e.code === 'stopped_by_exclusive').map((e) => e.ruleId)).toEqual(['ex-low', 'low']);
  });
  it('an exclusive rule whose conditions fail stops nothing', () => {
    const ex: EarningRule = { ...bonus('ex', 5, 'exclusive', 50), when: { type: 'channel', in: ['web'] } };
    expect(run([ex, bonus('low', 1, 'cumulative', 5)], p).totalPoints).toBe(5);
  });
});
