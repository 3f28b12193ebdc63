import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import { stringify } from 'csv-stringify/sync';
import type { Db } from '../../platform/db/database.ts';
import { listResponses } from './results.ts';

const HEADER = ['response_id', 'created_at', 'customer_id', 'customer', 'score', 'comment', 'language', 'sentiment', 'sentiment_score', 'themes', 'keywords', 'answers', 'follow_up_case', 'follow_up_status'];

async function* exportRows(db: Db, workspaceId: string, surveyId: string) {
  let cursor: string | undefined;
  do {
    const page = await listResponses(db, workspaceId, { surveyId, cursor, limit: 200 });
    for (const r of page.items) {
      yield [r.id, r.createdAt, r.customerId ?? '', r.customerName ?? '', r.score ?? '', r.comment ?? '', r.language, r.sentiment ?? '', r.sentimentScore ?? '',
        r.themes.join(' '), r.keywords.join(' '), JSON.stringify(r.answers), r.followUpCase?.number ?? '', r.followUpCase?.status ?? ''];
    }
    cursor = page.nextCursor ?? undefined;
  } while (cursor);
}

export function exportResponsesCsv(db: Db, workspaceId: string, surveyId: string): Readable {
  return Readable.from((async function* () {
    yield '\uFEFF' + stringify([HEADER]);
    for await (const row of exportRows(db, workspaceId, surveyId)) yield stringify([row]);
  })());
}

export async function exportResponsesXlsx(db: Db, workspaceId: string, surveyId: string): Promise<Buffer> {
  const book = new ExcelJS.Workbook();
  const sheet = book.addWorksheet('responses');
  sheet.addRow(HEADER);
  for await (const row of exportRows(db, workspaceId, surveyId)) sheet.addRow(row);
  return Buffer.from(await book.xlsx.writeBuffer());
}
