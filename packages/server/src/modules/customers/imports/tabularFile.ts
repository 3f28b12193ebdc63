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

/** Header and first rows for the mapping step, plus the row count for the progress bar. */
export async function inspectTabular(bytes: Uint8Array, format: TabularFormat) {
  const preview: Record<string, string>[] = [];
  let columns: string[] = [];
  let rowCount = 0;
  for await (const row of readTabular(bytes, format)) {
    if (rowCount === 0) columns = Object.keys(row.values);
    if (preview.length < 5) preview.push(row.values);
    rowCount++;
  }
  return { columns, preview, rowCount };
}
