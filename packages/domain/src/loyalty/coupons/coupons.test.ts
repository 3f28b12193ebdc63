import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { Purchase } from '../purchase.ts';
import { CODE_ALPHABET, checkSymbol, formatCode, generateCode, generateCodes, isWellFormedCode, normaliseCode } from './code.ts';
import { validateCoupon, type Coupon } from './validate.ts';

/** Deterministic byte source for tests (the server passes crypto.randomBytes). */
function bytesFrom(seed: number): (n: number) => Uint8Array {
  let s = seed >>> 0;
  return (n) => Uint8Array.from({ length: n }, () => {
    s = (Math.imul(s, 1_664_525) + 1_013_904_223) >>> 0;
    return s >>> 24;
  });
}

describe('coupon codes', () => {
  it('use only unambiguous symbols and end in a valid check symbol', () => {
    const code = generateCode({ randomBytes: bytesFrom(1), prefix: 'spr' });
    expect(code).toMatch(/^SPR[0-9A-HJKMNP-TV-Z]{13}$/);
    expect(isWellFormedCode(code)).toBe(true);
    expect(CODE_ALPHABET).not.toMatch(/[ILOU]/);
  });
  it('every single mistyped symbol is caught', () => {
    fc.assert(fc.property(fc.integer(), fc.nat({ max: 12 }), fc.nat({ max: 31 }), (seed, pos, replacement) => {
      const code = generateCode({ randomBytes: bytesFrom(seed) });
      const symbol = CODE_ALPHABET.charAt(replacement);
      fc.pre(code.charAt(pos) !== symbol);
      const typo = code.slice(0, pos) + symbol + code.slice(pos + 1);
      return !isWellFormedCode(typo);
    }), { numRuns: 2000 });
  });
  it('reads what people type: case, dashes, spaces, O for 0, I/L for 1', () => {
    const body = '0123ABCD1XYZ';
    const code = body + checkSymbol(body);
    const typed = formatCode(code).toLowerCase().replace('0', 'o').replace('1', 'l');
    expect(normaliseCode(` ${typed} `)).toBe(code);
    expect(isWellFormedCode(normaliseCode(typed))).toBe(true);
  });
  it('bulk generation gives unique codes', () => {
    const codes = generateCodes(5000, { randomBytes: bytesFrom(7), length: 8 });
    expect(new Set(codes).size).toBe(5000);
  });
  it('refuses short codes and short byte sources', () => {
    expect(() => generateCode({ randomBytes: bytesFrom(1), length: 4 })).toThrow();
    expect(() => generateCode({ randomBytes: () => new Uint8Array(2) })).toThrow();
  });
});

describe('validateCoupon', () => {
  const code = generateCode({ randomBytes: bytesFrom(3) });
  const coupon: Coupon = {
    code, status: 'active', validFrom: 1000, validUntil: 2000, maxUses: 100, maxUsesPerMember: 1,
    conditions: { currency: 'AZN', minAmountMinor: 2000, categories: ['dairy'] },
  };
  const purchase: Purchase = {
    id: 'p', currency: 'AZN', occurredAt: 1500,
    lines: [{ id: 'a', sku: 'milk', category: 'dairy', quantity: 2, unitPriceMinor: 1000 }, { id: 'b', sku: 'bread', category: 'bread', quantity: 1, unitPriceMinor: 5000 }],
  };
  const base = { coupon, typedCode: formatCode(code), now: 1500, memberId: 'm1', usesOfCode: 3, usesByMember: 0, purchase };
  const refusals = (over: Partial<typeof base>): string[] => {
    const r = validateCoupon({ ...base, ...over });
    return r.ok ? [] : r.refusals.map((x) => x.code);
  };
  it('accepts a valid use', () => expect(validateCoupon(base)).toEqual({ ok: true }));
  it('refuses a mistyped code before anything else', () => expect(refusals({ typedCode: code.slice(0, -1) + (code.endsWith('0') ? '1' : '0') })).toEqual(['malformed']));
  it('checks validity dates (until exclusive)', () => {
    expect(refusals({ now: 999 })).toEqual(['not_yet_valid']);
    expect(refusals({ now: 2000 })).toEqual(['expired']);
  });
  it('checks usage limits per code and per member', () => {
    expect(refusals({ usesOfCode: 100 })).toEqual(['used_up']);
    expect(refusals({ usesByMember: 1 })).toEqual(['member_limit']);
    const { memberId: _drop, ...anonymous } = base;
    expect(validateCoupon(anonymous)).toMatchObject({ ok: false, refusals: [{ code: 'member_required' }] });
  });
  it('checks the amount on the qualifying category only', () => {
    const small: Purchase = { ...purchase, lines: [{ id: 'a', sku: 'milk', category: 'dairy', quantity: 1, unitPriceMinor: 1999 }, { id: 'b', sku: 'bread', category: 'bread', quantity: 1, unitPriceMinor: 5000 }] };
    expect(refusals({ purchase: small })).toEqual(['min_amount']);
    const noDairy: Purchase = { ...purchase, lines: [{ id: 'b', sku: 'bread', category: 'bread', quantity: 1, unitPriceMinor: 5000 }] };
    expect(refusals({ purchase: noDairy })).toEqual(['category', 'min_amount']);
    expect(refusals({ purchase: { ...purchase, currency: 'TRY' } })).toEqual(['currency']);
  });
  it('refuses disabled and other members’ personal coupons', () => {
    expect(refusals({ coupon: { ...coupon, status: 'disabled' } })).toEqual(['disabled']);
    expect(refusals({ coupon: { ...coupon, conditions: { memberIds: ['m2'] } } })).toEqual(['not_for_member']);
  });
});
