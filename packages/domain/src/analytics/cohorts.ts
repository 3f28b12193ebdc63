// Cohort retention/revenue triangles and period trends from a transaction log.
// Purchases follow the summary rules: same-day amounts net, a day netting ≤ 0
// is not a purchase (its negative amount still lowers revenue).
import { dayLabel, daysFromCivil, monthIndex, monthLabel, weekIndex } from './calendar.ts';
import { customerDays } from './customerDays.ts';
import type { TransactionColumns } from './summary.ts';

export interface CohortRow {
  /** Acquisition month, YYYY-MM. */
  cohort: string;
  customers: number;
  /** Index k: months since acquisition (0 = the acquisition month). */
  active: number[];
  retention: number[];
  revenue: number[];
}

/** Retention and revenue by acquisition month: row c has one cell per month from c to the last month in the log. */
export function cohortTriangle(input: TransactionColumns): CohortRow[] {
  const { start, day, net, ids } = customerDays(input);
  let first = Infinity;
  let last = -Infinity;
  const monthOfRow = new Float64Array(day.length);
  for (let i = 0; i < day.length; i++) {
    const m = monthIndex(day[i] ?? 0);
    monthOfRow[i] = m;
    if ((net[i] ?? 0) > 0) {
      first = Math.min(first, m);
      last = Math.max(last, m);
    }
  }
  if (!Number.isFinite(first)) return [];
  const months = last - first + 1;
  const rows: CohortRow[] = Array.from({ length: months }, (_, c) => ({
    cohort: monthLabel(first + c),
    customers: 0,
    active: new Array<number>(months - c).fill(0),
    retention: new Array<number>(months - c).fill(0),
    revenue: new Array<number>(months - c).fill(0),
  }));
  for (let k = 0; k < ids.length; k++) {
    let cohort = -1;
    let lastCounted = -1;
    for (let i = start[k] ?? 0; i < (start[k + 1] ?? 0); i++) {
      const amount = net[i] ?? 0;
      const m = monthOfRow[i] ?? 0;
      if (cohort < 0) {
        if (!(amount > 0)) continue; // activity before the first purchase does not belong to a cohort
        cohort = m - first;
        const row = rows[cohort];
        if (row) row.customers++;
      }
      const row = rows[cohort];
      const offset = m - first - cohort;
      if (!row || offset < 0 || offset >= row.revenue.length) continue;
      row.revenue[offset] = (row.revenue[offset] ?? 0) + amount;
      if (amount > 0 && offset !== lastCounted) {
        row.active[offset] = (row.active[offset] ?? 0) + 1;
        lastCounted = offset;
      }
    }
  }
  for (const row of rows) row.retention = row.active.map((a) => (row.customers > 0 ? a / row.customers : 0));
  return rows;
}

export type TrendPeriod = 'week' | 'month';

export interface TrendMetrics {
  revenue: number;
  orders: number;
  activeCustomers: number;
  /** revenue / orders, 0 when there are no orders. */
  averageBasket: number;
}

export interface TrendPoint extends TrendMetrics {
  /** First day of the period, YYYY-MM-DD (weeks start on Monday). */
  start: string;
  /** Relative change against the previous period; null for the first period or when the previous value is 0. */
  change: { [K in keyof TrendMetrics]: number | null };
}

/** Revenue, orders (purchase days), active customers and average basket per week or month, every period from first to last. */
export function trends(input: TransactionColumns, period: TrendPeriod): TrendPoint[] {
  const { start, day, net, ids } = customerDays(input);
  if (day.length === 0) return [];
  const bucketOf = period === 'week' ? weekIndex : monthIndex;
  let first = Infinity;
  let last = -Infinity;
  const bucket = new Float64Array(day.length);
  for (let i = 0; i < day.length; i++) {
    const b = bucketOf(day[i] ?? 0);
    bucket[i] = b;
    first = Math.min(first, b);
    last = Math.max(last, b);
  }
  const count = last - first + 1;
  const revenue = new Float64Array(count);
  const orders = new Float64Array(count);
  const active = new Float64Array(count);
  for (let k = 0; k < ids.length; k++) {
    let lastCounted = -1;
    for (let i = start[k] ?? 0; i < (start[k + 1] ?? 0); i++) {
      const b = (bucket[i] ?? 0) - first;
      const amount = net[i] ?? 0;
      revenue[b] = (revenue[b] ?? 0) + amount;
      if (amount > 0) {
        orders[b] = (orders[b] ?? 0) + 1;
        if (b !== lastCounted) {
          active[b] = (active[b] ?? 0) + 1;
          lastCounted = b;
        }
      }
    }
  }
  const change = (now: number, before: number | undefined) => (before === undefined || before === 0 ? null : (now - before) / Math.abs(before));
  const points: TrendPoint[] = [];
  for (let b = 0; b < count; b++) {
    const index = first + b;
    const startDay = period === 'week' ? index * 7 - 3 : daysFromCivil(Math.floor(index / 12), (index % 12) + 1, 1);
    const metrics: TrendMetrics = {
      revenue: revenue[b] ?? 0,
      orders: orders[b] ?? 0,
      activeCustomers: active[b] ?? 0,
      averageBasket: (orders[b] ?? 0) > 0 ? (revenue[b] ?? 0) / (orders[b] ?? 1) : 0,
    };
    const previous = points[b - 1];
    points.push({
      start: dayLabel(startDay),
      ...metrics,
      change: {
        revenue: change(metrics.revenue, previous?.revenue),
        orders: change(metrics.orders, previous?.orders),
        activeCustomers: change(metrics.activeCustomers, previous?.activeCustomers),
        averageBasket: change(metrics.averageBasket, previous?.averageBasket),
      },
    });
  }
  return points;
}
