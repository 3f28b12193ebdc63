import { describe, expect, it } from 'vitest';
import { minorOf } from './till';

describe('amounts typed at the till', () => {
  it('reads whole and decimal amounts, with a point or a comma, as minor units', () => {
    expect(minorOf('12')).toBe(1200);
    expect(minorOf('12.5')).toBe(1250);
    expect(minorOf(' 12,05 ')).toBe(1205);
    expect(minorOf('0.01')).toBe(1);
  });

  it('refuses what is not a positive amount with at most two decimals', () => {
    for (const bad of ['', '0', '0.00', '-3', '1.234', 'abc', '1e3', '12.']) expect(minorOf(bad)).toBeNull();
  });
});
