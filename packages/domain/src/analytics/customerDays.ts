// A transaction log reshaped to one row per (customer, day) with the day's net
// amount, ordered by customer then day: the common first step of the
// summary and the cohort views. Same-day transactions merge; returns net out.
import type { TransactionColumns } from './summary.ts';

export interface CustomerDays {
  /** Customer identifiers, indexed by dense customer number (order of first appearance). */
  ids: (string | number)[];
  /** Row range of customer k: start[k] ≤ row < start[k+1]. */
  start: Int32Array;
  day: Float64Array;
  net: Float64Array;
}

export function customerDays(input: TransactionColumns): CustomerDays {
  const n = input.customers.length;
  const indexOf = new Map<string | number, number>();
  const ids: (string | number)[] = [];
  const customerOf = new Int32Array(n);
  for (let i = 0; i < n; i++) {
    const id = input.customers[i] ?? '';
    let k = indexOf.get(id);
    if (k === undefined) {
      k = ids.length;
      indexOf.set(id, k);
      ids.push(id);
    }
    customerOf[i] = k;
  }
  const customers = ids.length;
  // Counting sort by customer, then each customer's slice by day.
  const start = new Int32Array(customers + 1);
  for (let i = 0; i < n; i++) start[(customerOf[i] ?? 0) + 1] = (start[(customerOf[i] ?? 0) + 1] ?? 0) + 1;
  for (let k = 0; k < customers; k++) start[k + 1] = (start[k + 1] ?? 0) + (start[k] ?? 0);
  const fill = start.slice(0, customers);
  const day = new Float64Array(n);
  const amount = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const k = customerOf[i] ?? 0;
    const at = fill[k] ?? 0;
    fill[k] = at + 1;
    day[at] = Math.floor(input.days[i] ?? 0);
    const a = input.amounts[i] ?? 0;
    amount[at] = Number.isFinite(a) ? a : 0;
  }
  // Merge same-day rows in place; rows only move left.
  const mergedStart = new Int32Array(customers + 1);
  let out = 0;
  for (let k = 0; k < customers; k++) {
    const from = start[k] ?? 0;
    const to = start[k + 1] ?? 0;
    sortByDay(day, amount, from, to);
    mergedStart[k] = out;
    for (let i = from; i < to; ) {
      const d = day[i] ?? 0;
      let net = 0;
      while (i < to && day[i] === d) net += amount[i++] ?? 0;
      day[out] = d;
      amount[out] = net;
      out++;
    }
  }
  mergedStart[customers] = out;
  return { ids, start: mergedStart, day: day.slice(0, out), net: amount.slice(0, out) };
}

/** Sorts one customer's slice by day, carrying amounts; logs are usually already in order. */
function sortByDay(day: Float64Array, amount: Float64Array, from: number, to: number): void {
  let sorted = true;
  for (let i = from + 1; i < to && sorted; i++) if ((day[i] ?? 0) < (day[i - 1] ?? 0)) sorted = false;
  if (sorted) return;
  const order = Array.from({ length: to - from }, (_, i) => from + i).sort((i, j) => (day[i] ?? 0) - (day[j] ?? 0));
  const days = order.map((i) => day[i] ?? 0);
  const amounts = order.map((i) => amount[i] ?? 0);
  day.set(days, from);
  amount.set(amounts, from);
}
