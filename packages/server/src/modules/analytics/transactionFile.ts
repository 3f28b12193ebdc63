// Reading sales-history files: CSV with a header (comma, semicolon, tab or
// pipe), or columns separated by runs of spaces with a header (the CDNOW
// master log as it is: ` customer_id  date number_of_cds  dollar_value`, CRLF).
// Shared by the import job and `vefa analyze`, so both accept the same files
// and report the same per-line errors.
import { daysFromCivil } from '@vefa/domain';
import type { TransactionColumns } from '@vefa/contract';
import { decodeText, readTabular, type TabularRow } from '../customers/imports/tabularFile.ts';

export type TransactionFileFormat = 'csv' | 'spaces';

export interface LineError { line: number; column: string; value: string; code: string; expected: string }

/** Decoded text without a BOM. */
export function fileText(bytes: Uint8Array): string {
  return decodeText(bytes).replace(/^\uFEFF/, '');
}

function firstLine(text: string): string {
  const end = text.search(/\r?\n/);
  return end < 0 ? text : text.slice(0, end);
}

/** 'spaces' when the header has no CSV delimiter but several space-separated names. */
export function detectFormat(text: string): TransactionFileFormat {
  const header = firstLine(text);
  if (/[,;\t|]/.test(header)) return 'csv';
  return header.trim().split(/ +/).length >= 2 ? 'spaces' : 'csv';
}

/** Rows of a space-separated file; line numbers as an editor shows them (the header is line 1). */
function* spaceRows(text: string): Generator<TabularRow> {
  let line = 0;
  let header: string[] | null = null;
  let pos = 0;
  while (pos < text.length) {
    let end = text.indexOf('\n', pos);
    if (end < 0) end = text.length;
    const raw = text.slice(pos, end).trim();
    pos = end + 1;
    line++;
    if (raw === '') continue;
    const cells = raw.split(/ +/);
    if (!header) {
      header = cells;
      continue;
    }
    const values: Record<string, string> = {};
    for (let i = 0; i < header.length; i++) values[header[i] ?? ''] = cells[i] ?? '';
    yield { line, values };
  }
}

export async function* readTransactionRows(bytes: Uint8Array, format: TransactionFileFormat): AsyncGenerator<TabularRow> {
  if (format === 'spaces') {
    yield* spaceRows(fileText(bytes));
    return;
  }
  yield* readTabular(bytes, 'csv');
}

export async function inspectTransactionFile(bytes: Uint8Array) {
  const format = detectFormat(fileText(bytes.subarray(0, 64 * 1024)));
  const preview: Record<string, string>[] = [];
  let columns: string[] = [];
  let rowCount = 0;
  for await (const row of readTransactionRows(bytes, format)) {
    if (rowCount === 0) columns = Object.keys(row.values);
    if (preview.length < 5) preview.push(row.values);
    rowCount++;
  }
  return { format, columns, preview, rowCount, suggestedColumns: suggestColumns(columns) };
}

const GUESSES: [keyof TransactionColumns, RegExp][] = [
  ['transactionId', /^(transaction|order|receipt|invoice|sale|txn|çek|qəbz|fatura|sifariş|sipariş)[ _-]?(id|no|number|nr|kodu)?$/i],
  ['customer', /customer|müştəri|musteri|müşteri|client|cust|member|üzv/i],
  ['date', /date|tarix|tarih|day|time|when|occurred/i],
  ['amount', /amount|dollar|value|total|məbləğ|mebleg|tutar|sum|price|revenue|spend|cəm/i],
  ['currency', /^(currency|valyuta|para[ _]?birimi|döviz|ccy)$/i],
];

/** Column guesses by header name (en/az/tr); the defaults customer_id, date, amount win when present. */
export function suggestColumns(columns: string[]): TransactionColumns {
  const out: TransactionColumns = {};
  const taken = new Set<string>();
  const exact: [keyof TransactionColumns, string][] = [['customer', 'customer_id'], ['date', 'date'], ['amount', 'amount'], ['currency', 'currency'], ['transactionId', 'transaction_id']];
  for (const [field, name] of exact) {
    const column = columns.find((c) => c.toLowerCase() === name);
    if (column) { out[field] = column; taken.add(column); }
  }
  for (const [field, pattern] of GUESSES) {
    if (out[field]) continue;
    const column = columns.find((c) => !taken.has(c) && pattern.test(c));
    if (column) { out[field] = column; taken.add(column); }
  }
  return out;
}

export const DATE_EXPECTED = 'a date: YYYY-MM-DD, YYYYMMDD or an ISO 8601 date-time';
export const AMOUNT_EXPECTED = 'an amount like 12.50 or -3,20 (a negative amount is a return)';

export interface ParsedDate {
  /** The calendar date as written (YYYY-MM-DD). */
  date: string;
  /** Days since 1970-01-01 of that calendar date. */
  day: number;
  /** A full timestamp when the cell had a time; date-only cells are midnight in the workspace's time zone. */
  instant: string | null;
}

function validDate(year: number, month: number, day: number): boolean {
  if (!(year >= 1900 && year <= 2200 && month >= 1 && month <= 12 && day >= 1)) return false;
  const days = [31, year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return day <= (days[month - 1] ?? 0);
}

export function parseTransactionDate(text: string): ParsedDate | null {
  const value = text.trim();
  const m = /^(\d{4})-?(\d{2})-?(\d{2})(?:[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?(Z|[+-]\d{2}:?\d{2})?)?$/.exec(value);
  if (!m) return null;
  const hasDashes = value.length >= 10 && value[4] === '-';
  // YYYYMMDD has no dashes and no time; YYYY-MM-DD may carry one.
  if (!hasDashes && (value.length !== 8 || m[4] !== undefined)) return null;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (!validDate(year, month, day)) return null;
  const date = `${m[1]}-${m[2]}-${m[3]}`;
  let instant: string | null = null;
  if (m[4] !== undefined) {
    const hours = Number(m[4]);
    const minutes = Number(m[5]);
    const seconds = Number(m[6] ?? 0);
    if (hours > 23 || minutes > 59 || seconds > 59) return null;
    if (m[7] !== undefined) {
      const parsed = new Date(value.replace(' ', 'T'));
      if (Number.isNaN(parsed.getTime())) return null;
      instant = parsed.toISOString();
    } else {
      // A time without an offset is local time in the workspace: kept as text, resolved by the database.
      instant = `${date}T${m[4]}:${m[5]}:${String(seconds).padStart(2, '0')}`;
    }
  }
  return { date, day: daysFromCivil(year, month, day), instant };
}

/**
 * Major units as written (12.50, 12,50, 1 234,50, 1.234,50, 1,234.50, -3,
 * (3.00)) to integer minor units (2 decimals), in integer arithmetic: never
 * NaN, never a float rounding error. When both . and , appear the last one is
 * the decimal separator; a single separator is always decimal; a repeated one
 * groups thousands. More than two decimals round half away from zero.
 */
export function parseAmountMinor(text: string): number | null {
  let value = text.trim().replace(/[\s\u00a0']/g, '');
  let negative = false;
  if (/^\(.*\)$/.test(value)) { negative = true; value = value.slice(1, -1); }
  if (value.startsWith('-') || value.startsWith('+')) { negative = value.startsWith('-') !== negative; value = value.slice(1); }
  if (!/^[\d.,]+$/.test(value) || !/\d/.test(value)) return null;
  const dots = value.split('.').length - 1;
  const commas = value.split(',').length - 1;
  let whole = value;
  let fraction = '';
  if (dots > 0 && commas > 0) {
    const decimalAt = Math.max(value.lastIndexOf('.'), value.lastIndexOf(','));
    const separator = value[decimalAt];
    if (value.split(separator ?? '.').length - 1 > 1) return null;
    whole = value.slice(0, decimalAt).replace(/[.,]/g, '');
    fraction = value.slice(decimalAt + 1);
  } else if (dots + commas === 1) {
    const decimalAt = Math.max(value.indexOf('.'), value.indexOf(','));
    whole = value.slice(0, decimalAt);
    fraction = value.slice(decimalAt + 1);
  } else if (dots + commas > 1) {
    if (!/^\d{1,3}([.,]\d{3})+$/.test(value)) return null;
    whole = value.replace(/[.,]/g, '');
  }
  if (!/^\d*$/.test(whole) || !/^\d*$/.test(fraction) || whole.length > 13 || fraction.length > 9) return null;
  let minor = Number(whole || '0') * 100 + Number((fraction + '00').slice(0, 2));
  if (fraction.length > 2 && Number(fraction[2]) >= 5) minor += 1;
  if (!Number.isSafeInteger(minor)) return null;
  return negative && minor !== 0 ? -minor : minor;
}

export interface TransactionRow {
  line: number;
  customer: string;
  date: ParsedDate;
  amountMinor: number;
  currency: string;
  transactionId: string | null;
}

/** One file row to a transaction, or the reasons it can't be one. */
export function readTransactionRow(row: TabularRow, columns: TransactionColumns, currency: string): { row: TransactionRow | null; errors: LineError[] } {
  const errors: LineError[] = [];
  const cell = (column: string | undefined) => (column ? (row.values[column] ?? '').trim() : '');
  const customer = cell(columns.customer);
  if (!customer) errors.push({ line: row.line, column: columns.customer ?? 'customer', value: '', code: 'missing_customer', expected: 'a customer id' });
  const dateText = cell(columns.date);
  const date = parseTransactionDate(dateText);
  if (!date) errors.push({ line: row.line, column: columns.date ?? 'date', value: dateText, code: dateText ? 'invalid_date' : 'missing_date', expected: DATE_EXPECTED });
  const amountText = cell(columns.amount);
  const amountMinor = parseAmountMinor(amountText);
  if (amountMinor === null) errors.push({ line: row.line, column: columns.amount ?? 'amount', value: amountText, code: amountText ? 'invalid_amount' : 'missing_amount', expected: AMOUNT_EXPECTED });
  const rowCurrency = cell(columns.currency).toUpperCase() || currency;
  if (rowCurrency !== currency) {
    errors.push({ line: row.line, column: columns.currency ?? 'currency', value: cell(columns.currency), code: 'other_currency', expected: `${currency}, the workspace currency (amounts are not converted)` });
  }
  if (errors.length > 0 || !date || amountMinor === null) return { row: null, errors };
  return { row: { line: row.line, customer, date, amountMinor, currency: rowCurrency, transactionId: cell(columns.transactionId) || null }, errors };
}

/** Columns left unset fall back to the file's suggestions; the three required ones must then exist in the file. */
export function resolveColumns(requested: TransactionColumns | undefined, fileColumns: string[]): { columns: TransactionColumns; problems: { field: string; message: string }[] } {
  const columns: TransactionColumns = { ...suggestColumns(fileColumns), ...(requested ?? {}) };
  const problems: { field: string; message: string }[] = [];
  for (const field of ['customer', 'date', 'amount'] as const) {
    const column = columns[field];
    if (!column) problems.push({ field, message: `Name the ${field} column; the file has: ${fileColumns.join(', ')}` });
    else if (!fileColumns.includes(column)) problems.push({ field, message: `The file has no column "${column}"; it has: ${fileColumns.join(', ')}` });
  }
  for (const field of ['currency', 'transactionId'] as const) {
    const column = columns[field];
    if (column && !fileColumns.includes(column)) problems.push({ field, message: `The file has no column "${column}"` });
  }
  return { columns, problems };
}

/**
 * The key that makes re-imports idempotent: the transaction id when the file
 * has one; otherwise the row's own content plus how many identical rows came
 * before it in the file (two identical lines are two purchases, and a re-import
 * of the same file maps each to the same key again).
 */
export function externalRefOf(row: TransactionRow, seen: Map<string, number>): string {
  if (row.transactionId) return `id:${row.transactionId}`;
  const base = `${row.customer}|${row.date.instant ?? row.date.date}|${row.amountMinor}|${row.currency}`;
  const k = seen.get(base) ?? 0;
  seen.set(base, k + 1);
  return `row:${base}#${k}`;
}
