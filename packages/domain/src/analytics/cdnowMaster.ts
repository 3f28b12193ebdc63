// Parser for the CDNOW_master.txt benchmark log (Fader & Hardie): a header
// line, then "customer_id YYYYMMDD number_of_cds dollars" separated by runs of
// spaces, CRLF line ends. Pure: it takes the file's text.
import { daysFromCivil } from './calendar.ts';
import type { TransactionColumns } from './summary.ts';

export interface CdnowTransactions extends TransactionColumns {
  customers: Int32Array;
  days: Float64Array;
  /** Cents. */
  amounts: Float64Array;
  cds: Int32Array;
}

const SPACE = 32;
const CR = 13;
const LF = 10;
const DOT = 46;
const ZERO = 48;

export function parseCdnowMaster(text: string): CdnowTransactions {
  let lines = 0;
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === LF) lines++;
  const capacity = lines + 1;
  const customers = new Int32Array(capacity);
  const days = new Float64Array(capacity);
  const amounts = new Float64Array(capacity);
  const cds = new Int32Array(capacity);
  const dayCache = new Map<number, number>();
  let pos = text.indexOf('\n') + 1; // skip the header
  if (pos === 0) pos = text.length;
  let rows = 0;
  const fields = [0, 0, 0, 0];
  const decimalsOf = [-1, -1, -1, -1];
  const end = text.length;
  while (pos < end) {
    let field = 0;
    let value = 0;
    let decimals = -1;
    let inField = false;
    let c = 0;
    // One line: up to four numeric fields; cents are accumulated as an integer.
    for (; pos < end; pos++) {
      c = text.charCodeAt(pos);
      if (c === LF) break;
      if (c === SPACE || c === CR) {
        if (inField) {
          {
          decimalsOf[field] = decimals;
          fields[field++] = value;
        }
          inField = false;
          value = 0;
          decimals = -1;
        }
        continue;
      }
      if (c === DOT) {
        decimals = 0;
        inField = true;
        continue;
      }
      if (field < 4) {
        value = value * 10 + (c - ZERO);
        if (decimals >= 0) decimals++;
        inField = true;
      }
    }
    if (inField && field < 4) {
      decimalsOf[field] = decimals;
      fields[field++] = value;
    }
    pos++;
    if (field < 4) continue; // blank or short line
    const ymd = fields[1] ?? 0;
    let day = dayCache.get(ymd);
    if (day === undefined) {
      day = daysFromCivil(Math.floor(ymd / 10000), Math.floor(ymd / 100) % 100, ymd % 100);
      dayCache.set(ymd, day);
    }
    customers[rows] = fields[0] ?? 0;
    days[rows] = day;
    cds[rows] = fields[2] ?? 0;
    // Dollars to cents: no decimal point means whole dollars; more than two decimals round.
    const digits = decimalsOf[3] ?? -1;
    const raw = fields[3] ?? 0;
    amounts[rows] = digits < 0 ? raw * 100 : digits <= 2 ? raw * 10 ** (2 - digits) : Math.round(raw / 10 ** (digits - 2));
    rows++;
  }
  return { customers: customers.slice(0, rows), days: days.slice(0, rows), amounts: amounts.slice(0, rows), cds: cds.slice(0, rows) };
}
