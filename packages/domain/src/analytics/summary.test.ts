import { describe, expect, it } from 'vitest';
import { analyzeCustomers } from './analyze.ts';
import { groupTriples, spreadToRows } from './groupTriples.ts';
import { columnsFromRecords, summariseTransactions } from './summary.ts';

const day = (iso: string) => new Date(`${iso}T00:00:00Z`);

describe('summariseTransactions', () => {
  it('merges same-day purchases, nets returns per day and ignores days netting ≤ 0', () => {
    const summary = summariseTransactions(
      columnsFromRecords([
        { customerId: 'a', at: day('2024-01-01'), amountMinor: 1000 },
        { customerId: 'a', at: day('2024-01-01'), amountMinor: 500 }, // same day: one purchase of 1500
        { customerId: 'a', at: day('2024-01-08'), amountMinor: 2000 },
        { customerId: 'a', at: day('2024-01-15'), amountMinor: 300 },
        { customerId: 'a', at: day('2024-01-15'), amountMinor: -300 }, // nets to 0: not a purchase
        { customerId: 'a', at: day('2024-01-22'), amountMinor: 4000 },
        { customerId: 'a', at: day('2024-01-22'), amountMinor: -1000 }, // nets to 3000
        { customerId: 'a', at: day('2024-03-01'), amountMinor: 9999 }, // after `until`
        { customerId: 'b', at: day('2024-01-29'), amountMinor: 700 }, // one purchase only
        { customerId: 'c', at: day('2024-01-10'), amountMinor: -500 }, // only a return
      ]),
      { until: day('2024-02-05'), unit: 'week' },
    );
    expect(summary.ids).toEqual(['a', 'b']);
    expect(summary.excluded).toBe(1);
    expect(Array.from(summary.x)).toEqual([2, 0]);
    expect(Array.from(summary.tx)).toEqual([3, 0]);
    expect(Array.from(summary.T)).toEqual([5, 1]);
    expect(Array.from(summary.meanSpend)).toEqual([2500, 0]);
    expect(Array.from(summary.totalSpend)).toEqual([6500, 700]);
  });

  it('accepts day numbers, unsorted logs and day units; until defaults to the last day', () => {
    const summary = summariseTransactions({ customers: [7, 7, 7], days: [20, 10, 15], amounts: [100, 100, 100] }, { unit: 'day' });
    expect(summary.until).toBe(20);
    expect([summary.x[0], summary.tx[0], summary.T[0]]).toEqual([2, 10, 10]);
  });

  it('handles empty input', () => {
    const summary = summariseTransactions({ customers: [], days: [], amounts: [] });
    expect(summary.x.length).toBe(0);
    expect(summary.excluded).toBe(0);
  });
});

describe('groupTriples', () => {
  it('collapses identical triples into weights and spreads back', () => {
    const rows = { x: Float64Array.of(0, 1, 0, 1, 0), tx: Float64Array.of(0, 2, 0, 2, 0), T: Float64Array.of(5, 5, 5, 5, 6) };
    const grouped = groupTriples(rows);
    expect(grouped.x.length).toBe(3);
    expect(Array.from(grouped.weight)).toEqual([2, 2, 1]);
    expect(Array.from(spreadToRows(Float64Array.of(10, 20, 30), grouped.groupOf))).toEqual([10, 20, 10, 20, 30]);
  });
});

describe('analysis on bad input never yields NaN', () => {
  const finite = (values: Float64Array) => values.every((v) => Number.isFinite(v));
  const cases: Record<string, Parameters<typeof summariseTransactions>[0]> = {
    empty: { customers: [], days: [], amounts: [] },
    'one purchase each': { customers: [1, 2, 3], days: [1, 5, 9], amounts: [100, 200, 300] },
    'negative amounts only': { customers: [1, 2], days: [1, 2], amounts: [-100, -5] },
    duplicates: { customers: [1, 1, 1, 2, 2], days: [1, 1, 1, 3, 3], amounts: [100, 100, 100, 50, 50] },
    'returns and zeros': { customers: [1, 1, 1, 2, 2, 3], days: [1, 8, 8, 1, 30, 2], amounts: [100, 50, -50, 0, 70, 40] },
  };
  for (const [name, input] of Object.entries(cases)) {
    it(name, () => {
      const summary = summariseTransactions(input, { unit: 'week' });
      const analysis = analyzeCustomers(summary);
      for (const v of Object.values(analysis.bgnbd.params)) expect(Number.isFinite(v)).toBe(true);
      for (const v of Object.values(analysis.gammaGamma.params)) expect(Number.isFinite(v)).toBe(true);
      expect(Number.isNaN(analysis.bgnbd.logLikelihood)).toBe(false);
      for (const v of Object.values(analysis.bgnbd.standardErrors)) expect(Number.isNaN(v)).toBe(false);
      expect(finite(analysis.pAlive) && finite(analysis.expectedPurchases) && finite(analysis.clv) && finite(analysis.expectedSpend)).toBe(true);
    });
  }
});
