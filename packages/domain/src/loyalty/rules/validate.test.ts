import { describe, expect, it } from 'vitest';
import { validateEarningRule } from './validate.ts';

const good = {
  id: 'r1', name: 'Dairy weekend', priority: 10, stacking: 'cumulative',
  validFrom: '2025-01-01T00:00:00+04:00', validUntil: '2026-01-01T00:00:00+04:00',
  when: { type: 'all', of: [{ type: 'weekday', in: [6, 7] }, { type: 'timeWindow', from: '10:00', to: '14:00' }, { type: 'not', of: { type: 'tag', in: ['staff'] } }] },
  lines: { type: 'any', of: [{ type: 'category', in: ['dairy'] }, { type: 'lineAmount', minMinor: 500 }] },
  effect: { type: 'pointsPerAmount', points: 2, perMinor: 100, scope: 'line' },
  caps: { perTransaction: 500, perDay: 1000, perMember: { points: 5000, periodDays: null } },
};

function errorsOf(json: unknown) {
  const r = validateEarningRule(json);
  return r.ok ? [] : r.errors.map((e) => `${e.path}:${e.code}`);
}

describe('validateEarningRule', () => {
  it('accepts a full rule and returns it unchanged', () => {
    const r = validateEarningRule(good);
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.rule).toEqual(good);
  });
  it('survives a JSON round trip of the accepted rule', () => {
    const r = validateEarningRule(JSON.parse(JSON.stringify(good)));
    expect(r.ok).toBe(true);
  });
  it('names missing top-level fields', () => {
    expect(errorsOf({})).toEqual(['id:required', 'name:required', 'priority:required', 'stacking:required', 'effect:required']);
  });
  it('refuses non-objects and unknown fields', () => {
    expect(errorsOf([])).toEqual([':type']);
    expect(errorsOf({ ...good, colour: 'red' })).toEqual(['colour:unknown_field']);
    expect(errorsOf({ ...good, effect: { ...good.effect, bonus: 1 } })).toEqual(['effect.bonus:unknown_field']);
  });
  it('names the path of a bad field deep in the condition tree', () => {
    const when = { type: 'all', of: [{ type: 'weekday', in: [6, 8] }, { type: 'any', of: [{ type: 'store', in: ['a', 3] }] }] };
    expect(errorsOf({ ...good, when })).toEqual(['when.of[0].in[1]:range', 'when.of[1].of[0].in[1]:type']);
  });
  it('checks enums, numbers, formats and ranges', () => {
    expect(errorsOf({ ...good, stacking: 'both' })).toEqual(['stacking:enum']);
    expect(errorsOf({ ...good, priority: 1.5 })).toEqual(['priority:type']);
    expect(errorsOf({ ...good, effect: { type: 'pointsPerAmount', points: 0, perMinor: 100, scope: 'line' } })).toEqual(['effect.points:range']);
    expect(errorsOf({ ...good, effect: { type: 'multiplier', percent: 100 } })).toEqual(['effect.percent:range']);
    expect(errorsOf({ ...good, effect: { type: 'fixedBonus', points: 10, scope: 'cart' } })).toEqual(['effect.scope:enum']);
    expect(errorsOf({ ...good, effect: { type: 'cashback' } })).toEqual(['effect.type:enum']);
    expect(errorsOf({ ...good, when: { type: 'timeWindow', from: '25:00', to: '10:00' } })).toEqual(['when.from:format']);
    expect(errorsOf({ ...good, when: { type: 'joinDate', from: '2025-02-30' } })).toEqual(['when.from:format']);
    expect(errorsOf({ ...good, when: { type: 'purchaseAmount', minMinor: 500, maxMinor: 100 } })).toEqual(['when.maxMinor:range']);
    expect(errorsOf({ ...good, when: { type: 'purchaseAmount' } })).toEqual(['when:required']);
    expect(errorsOf({ ...good, when: { type: 'segment', in: [] } })).toEqual(['when.in:empty']);
    expect(errorsOf({ ...good, when: { type: 'any', of: [] } })).toEqual(['when.of:empty']);
    expect(errorsOf({ ...good, validFrom: '2025-01-01' })).toEqual(['validFrom:format']);
    expect(errorsOf({ ...good, validUntil: '2024-01-01T00:00:00Z' })).toEqual(['validUntil:range']);
    expect(errorsOf({ ...good, caps: { perDay: -1, perMember: { points: 10 } } })).toEqual(['caps.perDay:range', 'caps.perMember.periodDays:required']);
    expect(errorsOf({ ...good, lines: { type: 'store', in: ['x'] } })).toEqual(['lines.type:enum']);
    expect(errorsOf({ ...good, id: '' })).toEqual(['id:empty']);
  });
  it('refuses conditions nested too deep', () => {
    let when: unknown = { type: 'firstPurchase' };
    for (let i = 0; i < 20; i++) when = { type: 'not', of: when };
    expect(errorsOf({ ...good, when }).some((e) => e.endsWith(':too_deep'))).toBe(true);
  });
});
