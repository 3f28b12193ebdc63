// Per-customer (x, t_x, T, mean repeat spend) from a transaction log.
//
// Rules:
// - Purchases on the same day are one purchase: amounts of a customer's day are netted.
// - Returns (negative amounts) net against that day's purchases; a day whose
//   net amount is ≤ 0 is not a purchase (it counts for nothing: not for x,
//   not for recency, not for spend).
// - Only days ≤ `until` (the calibration end, inclusive) count. Customers
//   without a purchase day by then are left out and counted in `excluded`.
// - x = purchase days − 1; t_x = last − first purchase day; T = until − first
//   purchase day; meanSpend = mean net amount over the repeat days (0 if x = 0);
//   totalSpend = net amount over all purchase days. Amounts stay in minor units.

import { customerDays } from './customerDays.ts';

export type TimeUnit = 'day' | 'week';

export interface TransactionColumns {
  /** Customer identifier per transaction. */
  customers: ArrayLike<string | number>;
  /** UTC day number (days since 1970-01-01) per transaction; see utcDayNumber. */
  days: ArrayLike<number>;
  /** Amount in minor units; negative for returns. */
  amounts: ArrayLike<number>;
}

export interface TransactionRecord {
  customerId: string | number;
  at: number | Date;
  amountMinor: number;
}

export interface SummaryOptions {
  /** Calibration end (inclusive), as a day number or Date; default the last transaction day. */
  until?: number | Date;
  unit?: TimeUnit;
}

export interface CustomerSummary {
  ids: (string | number)[];
  x: Float64Array;
  tx: Float64Array;
  T: Float64Array;
  meanSpend: Float64Array;
  totalSpend: Float64Array;
  firstDay: Float64Array;
  lastDay: Float64Array;
  until: number;
  unit: TimeUnit;
  /** Customers with no purchase day (net > 0) by `until`. */
  excluded: number;
}

const MS_PER_DAY = 86_400_000;

/** UTC day number of a Date (or a day number passed through, floored). */
export function utcDayNumber(at: number | Date): number {
  return typeof at === 'number' ? Math.floor(at) : Math.floor(at.getTime() / MS_PER_DAY);
}

export function columnsFromRecords(records: readonly TransactionRecord[]): TransactionColumns {
  const customers = records.map((r) => r.customerId);
  const days = Float64Array.from(records, (r) => utcDayNumber(r.at));
  const amounts = Float64Array.from(records, (r) => r.amountMinor);
  return { customers, days, amounts };
}

export function summariseTransactions(input: TransactionColumns, options: SummaryOptions = {}): CustomerSummary {
  const unit = options.unit ?? 'week';
  const perUnit = unit === 'week' ? 7 : 1;
  const { ids, start, day, net } = customerDays(input);
  let lastDayInData = -Infinity;
  for (let i = 0; i < day.length; i++) if ((day[i] ?? 0) > lastDayInData) lastDayInData = day[i] ?? 0;
  const until = options.until !== undefined ? utcDayNumber(options.until) : Number.isFinite(lastDayInData) ? lastDayInData : 0;
  const customers = ids.length;
  const x = new Float64Array(customers);
  const tx = new Float64Array(customers);
  const T = new Float64Array(customers);
  const meanSpend = new Float64Array(customers);
  const totalSpend = new Float64Array(customers);
  const firstDay = new Float64Array(customers);
  const lastDay = new Float64Array(customers);
  const keep = new Uint8Array(customers);
  let kept = 0;
  for (let k = 0; k < customers; k++) {
    let purchaseDays = 0;
    let first = 0;
    let last = 0;
    let firstAmount = 0;
    let total = 0;
    for (let i = start[k] ?? 0; i < (start[k + 1] ?? 0); i++) {
      const d = day[i] ?? 0;
      const amount = net[i] ?? 0;
      if (d > until || !(amount > 0)) continue;
      if (purchaseDays === 0) {
        first = d;
        firstAmount = amount;
      }
      last = d;
      purchaseDays++;
      total += amount;
    }
    if (purchaseDays === 0) continue;
    keep[k] = 1;
    kept++;
    x[k] = purchaseDays - 1;
    tx[k] = (last - first) / perUnit;
    T[k] = (until - first) / perUnit;
    meanSpend[k] = purchaseDays > 1 ? (total - firstAmount) / (purchaseDays - 1) : 0;
    totalSpend[k] = total;
    firstDay[k] = first;
    lastDay[k] = last;
  }
  if (kept === customers) return { ids, x, tx, T, meanSpend, totalSpend, firstDay, lastDay, until, unit, excluded: 0 };
  const pick = (v: Float64Array) => {
    const out = new Float64Array(kept);
    for (let k = 0, j = 0; k < customers; k++) if (keep[k]) out[j++] = v[k] ?? 0;
    return out;
  };
  return {
    ids: ids.filter((_, k) => keep[k] === 1),
    x: pick(x),
    tx: pick(tx),
    T: pick(T),
    meanSpend: pick(meanSpend),
    totalSpend: pick(totalSpend),
    firstDay: pick(firstDay),
    lastDay: pick(lastDay),
    until,
    unit,
    excluded: customers - kept,
  };
}
