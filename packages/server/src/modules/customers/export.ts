import { PassThrough, type Readable } from 'node:stream';
import { stringify } from 'csv-stringify';
import ExcelJS from 'exceljs';
import type { CustomerListQuery } from '@vefa/contract';
import type { Database } from '../../platform/db/database.ts';
import { searchCustomers } from './search.ts';

const COLUMNS = ['id', 'kind', 'external_id', 'display_name', 'first_name', 'last_name', 'company_name', 'email', 'phone', 'language', 'birth_date', 'tags', 'created_at'] as const;

async function* exportedRows(database: Database, workspaceId: string, filters: CustomerListQuery) {
  let cursor: string | undefined;
  do {
    const page = await searchCustomers(database, workspaceId, { ...filters, limit: 200, cursor });
    for (const c of page.items) {
      yield [c.id, c.kind, c.externalId ?? '', c.displayName, c.firstName ?? '', c.lastName ?? '', c.companyName ?? '', c.email ?? '',
        c.phone ?? '', c.language ?? '', c.birthDate ?? '', c.tags.join(';'), c.createdAt];
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

/** Any filtered list, streamed, so a large export never sits whole in memory as CSV. */
export function exportCustomersCsv(database: Database, workspaceId: string, filters: CustomerListQuery): Readable {
  const out = stringify({ header: true, columns: [...COLUMNS], bom: true });
  void (async () => {
    try {
      for await (const row of exportedRows(database, workspaceId, filters)) {
        if (!out.write(row)) await new Promise((resolve) => out.once('drain', resolve));
      }
      out.end();
    } catch (error) {
      out.destroy(error as Error);
    }
  })();
  return out;
}

export function exportCustomersXlsx(database: Database, workspaceId: string, filters: CustomerListQuery): Readable {
  const stream = new PassThrough();
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream, useStyles: false });
  const sheet = workbook.addWorksheet('customers');
  void (async () => {
    try {
      sheet.addRow([...COLUMNS]).commit();
      for await (const row of exportedRows(database, workspaceId, filters)) sheet.addRow(row).commit();
      sheet.commit();
      await workbook.commit();
    } catch (error) {
      stream.destroy(error as Error);
    }
  })();
  return stream;
}
