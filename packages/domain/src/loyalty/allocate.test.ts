import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { allocateProportionally, mulDivFloor } from './allocate.ts';

describe('allocateProportionally', () => {
  it('parts sum to the total and each is within one of its exact share', () => {
    fc.assert(fc.property(fc.integer({ min: -1_000_000, max: 1_000_000 }), fc.array(fc.nat({ max: 1_000_000 }), { minLength: 1, maxLength: 8 }), (total, weights) => {
      const parts = allocateProportionally(total, weights);
      expect(parts.reduce((a, b) => a + b, 0)).toBe(total);
      const sum = weights.reduce((a, b) => a + b, 0);
      if (sum > 0) parts.forEach((p, i) => expect(Math.abs(p - (total * (weights[i] ?? 0)) / sum)).toBeLessThan(1));
    }));
  });
  it('breaks ties towards earlier lines, deterministically', () => {
    expect(allocateProportionally(2, [1, 1, 1])).toEqual([1, 1, 0]);
    expect(allocateProportionally(10, [0, 0])).toEqual([10, 0]);
  });
  it('stays exact past 2^53', () => {
    expect(mulDivFloor(9_007_199_254_740_991, 3, 3)).toBe(9_007_199_254_740_991);
    expect(allocateProportionally(9_000_000_000_000, [3_000_000, 1_000_000])).toEqual([6_750_000_000_000, 2_250_000_000_000]);
  });
});
