import { describe, expect, it } from 'vitest';
import { civilFromDays, daysFromCivil, weekIndex } from './calendar.ts';
import { cohortTriangle, trends } from './cohorts.ts';

const d = (y: number, m: number, day: number) => daysFromCivil(y, m, day);

describe('calendar', () => {
  it('round-trips day numbers and starts weeks on Monday', () => {
    expect(daysFromCivil(1970, 1, 1)).toBe(0);
    expect(daysFromCivil(2024, 2, 29)).toBe(Date.UTC(2024, 1, 29) / 86_400_000);
    for (let day = -1000; day < 30_000; day += 37) {
      const c = civilFromDays(day);
      expect(daysFromCivil(c.year, c.month, c.day)).toBe(day);
    }
    // 2024-01-01 is a Monday; 2023-12-31 a Sunday.
    expect(weekIndex(d(2024, 1, 1))).toBe(weekIndex(d(2024, 1, 7)));
    expect(weekIndex(d(2023, 12, 31))).toBe(weekIndex(d(2024, 1, 1)) - 1);
  });
});

describe('cohortTriangle', () => {
  it('counts active customers and revenue by months since acquisition', () => {
    const log = {
      customers: ['a', 'a', 'a', 'b', 'b', 'c'],
      days: [d(2024, 1, 5), d(2024, 1, 20), d(2024, 3, 2), d(2024, 1, 9), d(2024, 2, 9), d(2024, 2, 14)],
      amounts: [100, 50, 70, 200, -20, 300],
    };
    const rows = cohortTriangle(log);
    expect(rows.map((r) => r.cohort)).toEqual(['2024-01', '2024-02', '2024-03']);
    const [jan, feb] = rows;
    expect(jan?.customers).toBe(2);
    expect(jan?.active).toEqual([2, 0, 1]); // b's February day nets negative: not active
    expect(jan?.retention).toEqual([1, 0, 0.5]);
    expect(jan?.revenue).toEqual([350, -20, 70]);
    expect(feb?.customers).toBe(1);
    expect(feb?.active).toEqual([1, 0]);
  });
  it('is empty for an empty log', () => {
    expect(cohortTriangle({ customers: [], days: [], amounts: [] })).toEqual([]);
  });
});

describe('trends', () => {
  it('reports each month with change against the previous one', () => {
    const log = {
      customers: [1, 1, 2, 2, 3],
      days: [d(2024, 1, 5), d(2024, 1, 5), d(2024, 1, 9), d(2024, 3, 9), d(2024, 3, 10)],
      amounts: [100, 100, 300, 400, 200],
    };
    const points = trends(log, 'month');
    expect(points.map((p) => p.start)).toEqual(['2024-01-01', '2024-02-01', '2024-03-01']);
    expect(points[0]).toMatchObject({ revenue: 500, orders: 2, activeCustomers: 2, averageBasket: 250 });
    expect(points[1]).toMatchObject({ revenue: 0, orders: 0, averageBasket: 0, change: { revenue: -1 } });
    expect(points[2]?.change.revenue).toBeNull(); // previous period had no revenue
    expect(points[0]?.change.orders).toBeNull();
  });
  it('buckets weeks from Monday', () => {
    const points = trends({ customers: [1, 2], days: [d(2024, 1, 1), d(2024, 1, 8)], amounts: [10, 20] }, 'week');
    expect(points.map((p) => p.start)).toEqual(['2024-01-01', '2024-01-08']);
    expect(points[1]?.change.revenue).toBe(1);
  });
});
