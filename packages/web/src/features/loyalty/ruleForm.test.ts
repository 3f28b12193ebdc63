// The rule form and the rule JSON say the same thing: what the form builds is a rule the engine accepts,
// reading it back gives the same form, and a server error on a JSON path finds its form field.
import { describe, expect, it } from 'vitest';
import { validateEarningRule } from '@vefa/domain';
import {
  EMPTY_RULE_FORM, fieldOfPath, formatAmount, formToRule, parseAmount, ruleToForm, type RuleForm,
} from './ruleForm';

const full: RuleForm = {
  ...EMPTY_RULE_FORM,
  name: 'Weekend dairy', priority: '5', stacking: 'exclusive',
  minAmount: '10', maxAmount: '500,5', stores: 'S1, S2', channels: 'web', weekdays: [7, 6], timeFrom: '09:00', timeTo: '18:30',
  firstPurchase: true, birthdayMonth: true, tierIds: ['gold'], tags: 'vip', joinedFrom: '2024-01-01', joinedTo: '2025-12-31',
  skus: 'MILK1', categories: 'dairy', brands: 'Atena',
  effect: 'pointsPerAmount', points: '2', perAmount: '1', scope: 'basket',
  capTransaction: '100', capDay: '200', capMember: '1000', capMemberDays: '30',
};

describe('rule form → JSON', () => {
  it('builds a rule the engine accepts, amounts in minor units', () => {
    const built = formToRule(full, 2);
    expect(built.problems).toEqual({});
    const v = validateEarningRule({ ...built.rule, id: 'r1' });
    expect(v.ok ? [] : v.errors).toEqual([]);
    expect(built.rule.effect).toEqual({ type: 'pointsPerAmount', points: 2, perMinor: 100, scope: 'basket' });
    const when = built.rule.when as { type: string; of: { type: string }[] };
    expect(when.type).toBe('all');
    expect(when.of.map((c) => c.type)).toEqual(['purchaseAmount', 'store', 'channel', 'weekday', 'timeWindow', 'firstPurchase', 'birthdayMonth', 'tier', 'tag', 'joinDate']);
    expect(when.of[0]).toEqual({ type: 'purchaseAmount', minMinor: 1000, maxMinor: 50050 });
    expect(when.of[3]).toEqual({ type: 'weekday', in: [6, 7] });
    expect(built.rule.lines).toEqual({ type: 'all', of: [{ type: 'sku', in: ['MILK1'] }, { type: 'category', in: ['dairy'] }, { type: 'brand', in: ['Atena'] }] });
    expect(built.rule.caps).toEqual({ perTransaction: 100, perDay: 200, perMember: { points: 1000, periodDays: 30 } });
  });

  it('keeps a simple rule simple: one condition is the condition itself, no empty parts', () => {
    const built = formToRule({ ...EMPTY_RULE_FORM, name: 'Dairy x2', effect: 'multiplier', percent: '200', categories: 'dairy' }, 2);
    expect(built.rule).toEqual({ name: 'Dairy x2', priority: 0, stacking: 'cumulative', lines: { type: 'category', in: ['dairy'] }, effect: { type: 'multiplier', percent: 200 } });
    const one = formToRule({ ...EMPTY_RULE_FORM, name: 'Web', channels: 'web' }, 2);
    expect(one.rule.when).toEqual({ type: 'channel', in: ['web'] });
  });

  it('names the field of a value it cannot read, before the server is asked', () => {
    const built = formToRule({ ...EMPTY_RULE_FORM, name: ' ', points: 'x', perAmount: '1.234', capDay: '2.5' }, 2);
    expect(built.problems).toEqual({ name: 'required', points: 'whole_number', perAmount: 'amount', capDay: 'whole_number' });
  });

  it('finds the form field of a server error path', () => {
    const { paths } = formToRule(full, 2);
    expect(fieldOfPath('rule.when.of[3].in[0]', paths)).toBe('weekdays');
    expect(fieldOfPath('rule.when.of[4].to', paths)).toBe('timeTo');
    expect(fieldOfPath('rule.when.of[0].maxMinor', paths)).toBe('maxAmount');
    expect(fieldOfPath('rule.effect.perMinor', paths)).toBe('perAmount');
    expect(fieldOfPath('rule.caps.perMember.periodDays', paths)).toBe('capMemberDays');
    expect(fieldOfPath('rule.lines.of[1].in', paths)).toBe('categories');
    expect(fieldOfPath('rule.stacking', paths)).toBe('stacking');
    expect(fieldOfPath('rule.somethingElse', paths)).toBeUndefined();
    const single = formToRule({ ...EMPTY_RULE_FORM, name: 'x', timeFrom: '10:00', timeTo: '10:00' }, 2).paths;
    expect(fieldOfPath('rule.when.to', single)).toBe('timeTo');
  });
});

describe('rule JSON → form', () => {
  it('reads back what the form built', () => {
    const { form, advanced } = ruleToForm(formToRule(full, 2).rule, 2);
    expect(advanced).toEqual([]);
    expect(form).toEqual({ ...full, weekdays: [6, 7], maxAmount: '500.5' });
  });

  it('reads validity instants into the browser time and back to the same instant', () => {
    const rule = { name: 'x', priority: 0, stacking: 'cumulative', validFrom: '2025-03-01T08:30:00.000Z', effect: { type: 'fixedBonus', points: 5, scope: 'basket' } };
    const { form, advanced } = ruleToForm(rule, 2);
    expect(advanced).toEqual([]);
    expect(formToRule(form, 2).rule.validFrom).toBe('2025-03-01T08:30:00.000Z');
  });

  it('says what the form cannot show instead of dropping it', () => {
    const rule = {
      name: 'Nested', priority: 0, stacking: 'cumulative',
      when: { type: 'any', of: [{ type: 'store', in: ['S1'] }, { type: 'segment', in: ['seg'] }] },
      lines: { type: 'not', of: { type: 'category', in: ['tobacco'] } },
      effect: { type: 'pointsPerAmount', points: 1, perMinor: 100, scope: 'line' },
    };
    expect(ruleToForm(rule, 2).advanced).toEqual(['when:any', 'lines:not']);
    expect(ruleToForm({ ...rule, when: { type: 'memberDays', min: 3 }, lines: undefined }, 2).advanced).toEqual(['when:memberDays']);
  });
});

describe('amounts', () => {
  it('parses and prints amounts without floating point', () => {
    expect(parseAmount('12.5', 2)).toBe(1250);
    expect(parseAmount('0,07', 2)).toBe(7);
    expect(parseAmount('1 000', 2)).toBe(100000);
    expect(parseAmount('1.234', 2)).toBeNull();
    expect(parseAmount('-1', 2)).toBeNull();
    expect(parseAmount('5', 0)).toBe(5);
    expect(formatAmount(1250, 2)).toBe('12.5');
    expect(formatAmount(7, 2)).toBe('0.07');
    expect(formatAmount(100, 2)).toBe('1');
    expect(formatAmount(5, 0)).toBe('5');
  });
});
