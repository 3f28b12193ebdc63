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

async function* csvRows(bytes: Uint8Array): AsyncGenerator<TabularRow> {
  const text = decodeText(bytes).replace(/^\uFEFF/, '');
  const parser = Readable.from([text]).pipe(parse({
    delimiter: detectDelimiter(text), columns: (header: string[]) => header.map((h) => h.trim()),
    skip_empty_lines: true, relax_column_count: true, info: true, trim: false,
  }));
  for await (const item of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
    yield { line: item.info.lines, values: item.record };
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
