import { Readable } from 'node:stream';
import { parse } from 'csv-parse';
import ExcelJS from 'exceljs';

export type TabularFormat = 'csv' | 'xlsx';

export interface TabularRow {
  /** Line in the file as a person sees it in a spreadsheet; the header is line 1. */
  line: number;
  values: Record<string, string>;
}

export function formatOf(fileName: string, contentType?: string): TabularFormat | null {
  if (/\.xlsx$/i.test(fileName) || contentType?.includes('spreadsheetml')) return 'xlsx';
  if (/\.(csv|txt|tsv)$/i.test(fileName) || contentType?.startsWith('text/')) return 'csv';
  return null;
}

/** Files from Turkish and Azerbaijani offices often come in Windows-1254; UTF-8 is tried first. */
export function decodeText(bytes: Uint8Array): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1254').decode(bytes);
  }
}

function detectDelimiter(text: string): string {
  const firstLine = text.slice(0, text.indexOf('\n') >>> 0 || 1000);
  const counts = [',', ';', '\t', '|'].map((d) => [d, firstLine.split(d).length] as const);
  return counts.reduce((best, c) => (c[1] > best[1] ? c : best))[0];
}

/**
 * A CSV file's rows. A well-formed file with one kind of line break is read by
 * plainCsvRows, several times faster than csv-parse (a million-row import spent
 * a third of its time there); anything odd (bare CR, mixed line breaks, stray
 * quotes) goes to csv-parse, which says what is wrong. Both give the same rows
 * and line numbers (tabularFile.test.ts holds them to it).
 */
async function* csvRows(bytes: Uint8Array): AsyncGenerator<TabularRow> {
  const text = decodeText(bytes).replace(/^\uFEFF/, '');
  const delimiter = detectDelimiter(text);
  const lineBreak = plainLineBreak(text, delimiter);
  if (lineBreak) yield* plainCsvRows(text, delimiter, lineBreak);
  else yield* parsedCsvRows(text, delimiter);
}

export async function* parsedCsvRows(text: string, delimiter: string): AsyncGenerator<TabularRow> {
  const parser = Readable.from([text]).pipe(parse({
    delimiter, columns: (header: string[]) => header.map((h) => h.trim()),
    skip_empty_lines: true, relax_column_count: true, info: true, trim: false,
  }));
  for await (const item of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
    yield { line: item.info.lines, values: item.record };
  }
}

const QUOTE = 34;
const LF = 10;
const CR = 13;

/**
 * The line break of a file plainCsvRows can read ("\n" or "\r\n", the first one
 * in the file, as csv-parse picks it), or null when the file needs csv-parse:
 * another break outside quotes, a quote inside an unquoted field, text after a
 * closing quote, or a quote left open.
 */
export function plainLineBreak(text: string, delimiter: string): '\n' | '\r\n' | null {
  const firstBreak = text.search(/[\r\n]/);
  const crlf = firstBreak >= 0 && text.charCodeAt(firstBreak) === CR;
  if (crlf && text.charCodeAt(firstBreak + 1) !== LF) return null;
  const d = delimiter.charCodeAt(0);
  const n = text.length;
  let fieldStart = true;
  let i = 0;
  while (i < n) {
    const c = text.charCodeAt(i);
    if (c === QUOTE) {
      if (!fieldStart) return null;
      let from = i + 1;
      for (;;) {
        const q = text.indexOf('"', from);
        if (q < 0) return null;
        if (text.charCodeAt(q + 1) === QUOTE) { from = q + 2; continue; }
        i = q + 1;
        break;
      }
      if (i === n) break;
      const next = text.charCodeAt(i);
      if (next === d) { i++; continue; }
      if (crlf ? next === CR && text.charCodeAt(i + 1) === LF : next === LF) { i += crlf ? 2 : 1; continue; }
      return null;
    }
    if (c === d) { fieldStart = true; i++; continue; }
    if (c === CR) {
      if (!crlf || text.charCodeAt(i + 1) !== LF) return null;
      fieldStart = true;
      i += 2;
      continue;
    }
    if (c === LF) {
      if (crlf) return null;
      fieldStart = true;
      i++;
      continue;
    }
    fieldStart = false;
    i++;
  }
  return crlf ? '\r\n' : '\n';
}

/**
 * Reads a file plainLineBreak accepted. Lines are counted as csv-parse counts
 * them: a record carries the line it ends on, and every CR or LF inside quotes
 * counts as a line.
 */
function* plainCsvRows(text: string, delimiter: string, lineBreak: '\n' | '\r\n'): Generator<TabularRow> {
  const d = delimiter.charCodeAt(0);
  const breakLength = lineBreak.length;
  const n = text.length;
  let header: string[] | null = null;
  let line = 1;
  let i = 0;
  while (i < n) {
    const fields: string[] = [];
    let quoted = false;
    let recordLine = line;
    for (;;) {
      if (text.charCodeAt(i) === QUOTE) {
        quoted = true;
        let value = '';
        let from = i + 1;
        for (;;) {
          const q = text.indexOf('"', from);
          for (let k = from; k < q; k++) {
            const c = text.charCodeAt(k);
            if (c === LF || c === CR) line++;
          }
          if (text.charCodeAt(q + 1) === QUOTE) {
            value += text.slice(from, q + 1);
            from = q + 2;
            continue;
          }
          value += text.slice(from, q);
          i = q + 1;
          break;
        }
        fields.push(value);
      } else {
        let j = i;
        while (j < n) {
          const c = text.charCodeAt(j);
          if (c === d || c === LF || c === CR) break;
          j++;
        }
        fields.push(text.slice(i, j));
        i = j;
      }
      if (i >= n) { recordLine = line; break; }
      if (text.charCodeAt(i) === d) { i++; continue; }
      recordLine = line;
      line++;
      i += breakLength;
      break;
    }
    if (fields.length === 1 && fields[0] === '' && !quoted) continue;
    if (!header) {
      header = fields.map((h) => h.trim());
      continue;
    }
    const values: Record<string, string> = {};
    const count = Math.min(header.length, fields.length);
    for (let k = 0; k < count; k++) values[header[k] ?? ''] = fields[k] ?? '';
    yield { line: recordLine, values };
  }
}

function cellText(value: ExcelJS.CellValue): string {
  if (value === null || value === undefined) return '';
  if (value instanceof Date) return value.toISOString().slice(0, 10);
  if (typeof value === 'object') {
    if ('text' in value && typeof value.text === 'string') return value.text;
    if ('result' in value) return cellText(value.result as ExcelJS.CellValue);
    if ('richText' in value) return value.richText.map((r) => r.text).join('');
    return '';
  }
  return String(value);
}

async function* xlsxRows(bytes: Uint8Array): AsyncGenerator<TabularRow> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(Buffer.from(bytes) as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0];
  if (!sheet) return;
  const headers: string[] = [];
  sheet.getRow(1).eachCell({ includeEmpty: true }, (cell, col) => { headers[col] = cellText(cell.value).trim(); });
  for (let line = 2; line <= sheet.rowCount; line++) {
    const row = sheet.getRow(line);
    const values: Record<string, string> = {};
    let any = false;
    headers.forEach((header, col) => {
      if (!header) return;
      const text = cellText(row.getCell(col).value);
      if (text !== '') any = true;
      values[header] = text;
    });
    if (any) yield { line, values };
  }
}

export function readTabular(bytes: Uint8Array, format: TabularFormat): AsyncGenerator<TabularRow> {
  return format === 'xlsx' ? xlsxRows(bytes) : csvRows(bytes);
}

/**
 * How many records a CSV holds, without parsing them: line breaks outside
 * quotes, empty lines skipped as the parser skips them, header excluded.
 * Parsing a million-row file just to size a progress bar would double the import.
 */
export function countCsvRecords(text: string): number {
  const breakCode = text.includes('\n') ? 10 : 13; // old Mac files end lines with CR alone
  let records = 0;
  let inQuotes = false;
  let lineHasText = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code === 34) { inQuotes = !inQuotes; lineHasText = true; }
    else if (code === breakCode && !inQuotes) { if (lineHasText) records++; lineHasText = false; }
    else if (code !== 13 && code !== 10) lineHasText = true;
  }
  if (lineHasText) records++;
  return Math.max(0, records - 1);
}

export async function countTabularRows(bytes: Uint8Array, format: TabularFormat): Promise<number> {
  if (format === 'csv') return countCsvRecords(decodeText(bytes).replace(/^\uFEFF/, ''));
  let rows = 0;
  for await (const _row of xlsxRows(bytes)) rows++;
  return rows;
}

/** Header and first rows for the mapping step, plus the row count for the progress bar. */
export async function inspectTabular(bytes: Uint8Array, format: TabularFormat) {
  const preview: Record<string, string>[] = [];
  let columns: string[] = [];
  for await (const row of readTabular(bytes, format)) {
    if (preview.length === 0) columns = Object.keys(row.values);
    preview.push(row.values);
    if (preview.length === 5) break;
  }
  return { columns, preview, rowCount: await countTabularRows(bytes, format) };
}
