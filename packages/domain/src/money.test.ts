import { describe, expect, it } from 'vitest';
import { parseMoneyAmount } from './money.ts';

describe('parseMoneyAmount', () => {
  it('reads decimal points and commas into minor units', () => {
    expect(parseMoneyAmount('12.50', 'AZN')).toBe(1250);
    expect(parseMoneyAmount('12,5', 'TRY')).toBe(1250);
    expect(parseMoneyAmount('1 234,56', 'EUR')).toBe(123456);
    expect(parseMoneyAmount('-3', 'USD')).toBe(-300);
  });
  it('refuses text that is not an amount or has too many decimals', () => {
    expect(parseMoneyAmount('12.345', 'AZN')).toBeNull();
    expect(parseMoneyAmount('abc', 'AZN')).toBeNull();
    expect(parseMoneyAmount('', 'AZN')).toBeNull();
  });
});
