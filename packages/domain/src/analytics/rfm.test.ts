import { describe, expect, it } from 'vitest';
import { quantileScores, RFM_SEGMENTS, rfmScores, rfmSegment } from './rfm.ts';

describe('quantileScores', () => {
  it('splits distinct values into equal bins, best values scoring highest', () => {
    const values = Float64Array.from({ length: 10 }, (_, i) => i);
    expect(Array.from(quantileScores(values, 5, true))).toEqual([1, 1, 2, 2, 3, 3, 4, 4, 5, 5]);
    expect(Array.from(quantileScores(values, 5, false))).toEqual([5, 5, 4, 4, 3, 3, 2, 2, 1, 1]);
  });
  it('gives ties the same score', () => {
    expect(Array.from(quantileScores(Float64Array.of(1, 1, 1, 1, 2, 3), 3, true))).toEqual([1, 1, 1, 1, 3, 3]);
  });
});

describe('rfmScores', () => {
  it('names segments with the R × FM map', () => {
    expect(rfmSegment(5, 5)).toBe('champions');
    expect(rfmSegment(5, 1)).toBe('new_customers');
    expect(rfmSegment(1, 5)).toBe('cannot_lose');
    expect(rfmSegment(1, 1)).toBe('lost');
    expect(rfmSegment(3, 3)).toBe('need_attention');
  });
  it('counts customers and revenue per grid cell and segment', () => {
    const n = 1000;
    const input = {
      recencyDays: Float64Array.from({ length: n }, (_, i) => i % 97),
      frequency: Float64Array.from({ length: n }, (_, i) => 1 + (i % 13)),
      monetary: Float64Array.from({ length: n }, (_, i) => 100 * (i % 31)),
    };
    const result = rfmScores(input);
    expect(result.gridCount.reduce((s, v) => s + v, 0)).toBe(n);
    const revenue = input.monetary.reduce((s, v) => s + v, 0);
    expect(result.gridRevenue.reduce((s, v) => s + v, 0)).toBe(revenue);
    expect(result.segments.reduce((s, v) => s + v.customers, 0)).toBe(n);
    expect(result.segments.map((s) => s.segment)).toEqual([...RFM_SEGMENTS]);
  });
  it('scores a million customers quickly', () => {
    const n = 1_000_000;
    const input = {
      recencyDays: Float64Array.from({ length: n }, (_, i) => (i * 7919) % 365),
      frequency: Float64Array.from({ length: n }, (_, i) => 1 + ((i * 31) % 17)),
      monetary: Float64Array.from({ length: n }, (_, i) => (i * 104729) % 100_000),
    };
    const started = performance.now();
    const result = rfmScores(input);
    expect(performance.now() - started).toBeLessThan(2000);
    expect(result.r.length).toBe(n);
  });
  it('handles empty input', () => {
    const empty = new Float64Array(0);
    expect(rfmScores({ recencyDays: empty, frequency: empty, monetary: empty }).segments.every((s) => s.customers === 0)).toBe(true);
  });
});
