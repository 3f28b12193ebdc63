// Reading purchases for a refresh, set-based: one scan returns every
// purchase's customer, local calendar day and amount, streamed into typed
// arrays (COPY on PostgreSQL, one query on PGlite); then, in memory, rows are
// grouped by customer, ordered by day and same-day amounts netted. Sorting
// and hashing millions of uuids in JavaScript typed arrays is several times
// faster than a GROUP BY … ORDER BY in the database.
import { sql } from 'drizzle-orm';
import { to as copyTo } from 'pg-copy-streams';
import { sqlRows, type Database } from '../../platform/db/database.ts';

export interface PurchaseDays {
  /** Customer uuid per dense customer number. */
  customerIds: string[];
  /** Dense customer number per row. */
  customers: Int32Array;
  /** Local calendar day (days since 1970-01-01) per row. */
  days: Float64Array;
  /** Net amount of that customer's day, minor units. */
  amounts: Float64Array;
  /** Stored transactions behind these rows. */
  transactions: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const literal = (text: string) => `'${text.replaceAll("'", "''")}'`;

/**
 * The purchase log the models read, as SQL text (COPY takes no parameters, so
 * the two values are checked and quoted here).
 *
 * LOYALTY PURCHASES SEAM: when the loyalty engine records purchases, add them
 * here as `union all select customer_id, occurred_at, amount_minor from
 * <loyalty purchases>` inside `purchases`, so every run reads both sources;
 * transactions with source 'loyalty' are read already.
 */
function purchaseDaysQuery(workspaceId: string, timeZone: string): string {
  if (!UUID.test(workspaceId)) throw new Error('workspace id must be a uuid');
  const ws = literal(workspaceId);
  return `
    with purchases as (
      select customer_id, occurred_at, amount_minor from transactions where workspace_id = ${ws}
    )
    select customer_id, ((occurred_at at time zone ${literal(timeZone)})::date - date '1970-01-01') as day, amount_minor
    from purchases`;
}

class Columns {
  customerIds: string[] = [];
  private readonly indexOf = new Map<string, number>();

  /** Dense number of a customer uuid. */
  customer(id: string): number {
    let k = this.indexOf.get(id);
    if (k === undefined) {
      k = this.customerIds.length;
      this.indexOf.set(id, k);
      this.customerIds.push(id);
    }
    return k;
  }

  customers = new Int32Array(1 << 16);
  days = new Float64Array(1 << 16);
  amounts = new Float64Array(1 << 16);
  length = 0;

  push(customer: number, day: number, net: number) {
    if (this.length === this.customers.length) {
      const grow = <T extends Int32Array | Float64Array>(a: T, make: (n: number) => T) => { const b = make(a.length * 2); b.set(a); return b; };
      this.customers = grow(this.customers, (n) => new Int32Array(n));
      this.days = grow(this.days, (n) => new Float64Array(n));
      this.amounts = grow(this.amounts, (n) => new Float64Array(n));
    }
    this.customers[this.length] = customer;
    this.days[this.length] = day;
    this.amounts[this.length] = net;
    this.length++;
  }

  /** Rows grouped by customer (in order of first appearance), by day within a customer, same-day amounts netted. */
  done(): PurchaseDays {
    const n = this.length;
    const customers = this.customerIds.length;
    const start = new Int32Array(customers + 1);
    for (let i = 0; i < n; i++) { const k = (this.customers[i] ?? 0) + 1; start[k] = (start[k] ?? 0) + 1; }
    for (let k = 0; k < customers; k++) start[k + 1] = (start[k + 1] ?? 0) + (start[k] ?? 0);
    const fill = start.slice(0, customers);
    const day = new Float64Array(n);
    const amount = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      const k = this.customers[i] ?? 0;
      const at = fill[k] ?? 0;
      fill[k] = at + 1;
      day[at] = this.days[i] ?? 0;
      amount[at] = this.amounts[i] ?? 0;
    }
    const outCustomers = new Int32Array(n);
    let out = 0;
    for (let k = 0; k < customers; k++) {
      const from = start[k] ?? 0;
      const to = start[k + 1] ?? 0;
      sortSlice(day, amount, from, to);
      for (let i = from; i < to; ) {
        const d = day[i] ?? 0;
        let net = 0;
        while (i < to && day[i] === d) net += amount[i++] ?? 0;
        outCustomers[out] = k;
        day[out] = d;
        amount[out] = net;
        out++;
      }
    }
    return {
      customerIds: this.customerIds, customers: outCustomers.subarray(0, out), days: day.subarray(0, out), amounts: amount.subarray(0, out), transactions: n,
    };
  }
}

export async function readPurchaseDays(database: Database, workspaceId: string, timeZone: string): Promise<PurchaseDays> {
  const query = purchaseDaysQuery(workspaceId, timeZone);
  const out = new Columns();
  if (!database.pool) {
    const rows = await sqlRows<{ customer_id: string; day: number; amount_minor: number | string }>(database.db, sql.raw(query));
    for (const row of rows) out.push(out.customer(row.customer_id), Number(row.day), Number(row.amount_minor));
    return out.done();
  }
  const client = await database.pool.connect();
  try {
    await client.query('begin');
    const stream = client.query(copyTo(`copy (${query}) to stdout`));
    const parser = new CopyParser(out);
    for await (const chunk of stream as AsyncIterable<Buffer>) parser.feed(chunk);
    parser.end();
    await client.query('commit');
  } catch (error) {
    await client.query('rollback').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
  return out.done();
}

const TAB = 9;
const LF = 10;
const MINUS = 45;
const DOT = 46;

/** Insertion sort of one customer's rows by day (a handful of rows, usually already in order). */
function sortSlice(day: Float64Array, amount: Float64Array, from: number, to: number) {
  for (let i = from + 1; i < to; i++) {
    const d = day[i] ?? 0;
    if (d >= (day[i - 1] ?? 0)) continue;
    const a = amount[i] ?? 0;
    let j = i - 1;
    while (j >= from && (day[j] ?? 0) > d) {
      day[j + 1] = day[j] ?? 0;
      amount[j + 1] = amount[j] ?? 0;
      j--;
    }
    day[j + 1] = d;
    amount[j + 1] = a;
  }
}

/** COPY text rows "uuid\tday\tamount\n", parsed from bytes; runs of one customer's rows skip the hash look-up. */
class CopyParser {
  private rest: Buffer | null = null;
  private lastId = Buffer.alloc(0);
  private lastCustomer = -1;

  constructor(private readonly out: Columns) {}

  feed(chunk: Buffer) {
    const data = this.rest ? Buffer.concat([this.rest, chunk]) : chunk;
    let start = 0;
    for (;;) {
      const end = data.indexOf(LF, start);
      if (end < 0) break;
      this.line(data, start, end);
      start = end + 1;
    }
    this.rest = start < data.length ? Buffer.from(data.subarray(start)) : null;
  }

  end() {
    if (this.rest && this.rest.length > 0) this.line(this.rest, 0, this.rest.length);
    this.rest = null;
  }

  private line(data: Buffer, start: number, end: number) {
    const t1 = data.indexOf(TAB, start);
    const t2 = data.indexOf(TAB, t1 + 1);
    if (t1 < 0 || t2 < 0 || t2 > end) throw new Error('unexpected COPY row');
    const id = data.subarray(start, t1);
    if (this.lastCustomer < 0 || !id.equals(this.lastId)) {
      this.lastId = Buffer.from(id);
      this.lastCustomer = this.out.customer(id.toString('latin1'));
    }
    this.out.push(this.lastCustomer, intAt(data, t1 + 1, t2), numberAt(data, t2 + 1, end));
  }
}

function intAt(data: Buffer, from: number, to: number): number {
  let negative = false;
  let i = from;
  if (data[i] === MINUS) { negative = true; i++; }
  let value = 0;
  for (; i < to; i++) value = value * 10 + ((data[i] ?? 48) - 48);
  return negative ? -value : value;
}

/** float8 text of a sum of integers: digits with an optional ".0"-style tail or an exponent. */
function numberAt(data: Buffer, from: number, to: number): number {
  for (let i = from; i < to; i++) {
    const c = data[i];
    if (c !== MINUS && c !== DOT && (c === undefined || c < 48 || c > 57)) return Number(data.toString('latin1', from, to));
  }
  const dot = data.indexOf(DOT, from);
  return dot >= 0 && dot < to ? Number(data.toString('latin1', from, to)) : intAt(data, from, to);
}
