// Sales-history import: upload a file, start an import run, and a job reads
// the file in batches, matching customer ids to customers.external_id
// (creating a minimal customer for an unknown id when asked), storing each
// valid row once (re-imports are no-ops), and recording per-line errors.
import { and, desc, eq, sql } from 'drizzle-orm';
import { nameSearchKey } from '@vefa/domain';
import type { TransactionImport, TransactionImportStart } from '@vefa/contract';
import type { Actor } from '../../platform/auth/actor.ts';
import { sqlChanged, sqlRows, type Db, type Queryable } from '../../platform/db/database.ts';
import { workspaces } from '../../platform/db/schema.ts';
import { recordAudit } from '../../platform/audit/auditLog.ts';
import { enqueueJob } from '../../platform/jobs/jobQueue.ts';
import { invalid, notFound, ProblemError } from '../../platform/http/problem.ts';
import type { TabularRow } from '../customers/imports/tabularFile.ts';
import { transactionFiles, transactionImports } from './schema.ts';
import {
  externalRefOf, inspectTransactionFile, readTransactionRow, readTransactionRows, resolveColumns,
  type LineError, type TransactionFileFormat, type TransactionRow,
} from './transactionFile.ts';

export const TRANSACTION_IMPORT_JOB = 'analytics.transactions.import';
const BATCH = 5000;
const MAX_REPORTED_ERRORS = 1000;
const MAX_FILE_BYTES = 200 * 1024 * 1024;
export const IMPORT_SOURCE = 'import';

const fileFormat = (format: string): TransactionFileFormat => (format === 'spaces' ? 'spaces' : 'csv');

export async function uploadTransactionFile(db: Db, actor: Actor, fileName: string, bytes: Uint8Array) {
  if (!/\.(csv|txt|tsv|dat)$/i.test(fileName)) throw invalid('query.fileName', 'unsupported_format', 'Upload a .csv or .txt file');
  if (bytes.byteLength === 0) throw invalid('body', 'empty_file', 'The file is empty');
  if (bytes.byteLength > MAX_FILE_BYTES) throw invalid('body', 'file_too_large', 'Files up to 200 MiB can be imported');
  let inspected;
  try {
    inspected = await inspectTransactionFile(bytes);
  } catch (error) {
    throw invalid('body', 'unreadable_file', `The file could not be read: ${(error as Error).message}`);
  }
  if (inspected.rowCount === 0) throw invalid('body', 'no_rows', 'The file has a header but no transactions');
  const id = crypto.randomUUID();
  await db.insert(transactionFiles).values({ workspaceId: actor.workspaceId, id, fileName, format: inspected.format, content: bytes, uploadedBy: actor.userId });
  return { id, fileName, ...inspected };
}

async function workspaceCurrency(db: Queryable, workspaceId: string) {
  const [ws] = await db.select({ currency: workspaces.currency, timeZone: workspaces.timeZone }).from(workspaces).where(eq(workspaces.id, workspaceId));
  if (!ws) throw notFound('Workspace');
  return ws;
}

export async function startTransactionImport(db: Db, actor: Actor, input: TransactionImportStart) {
  const [file] = await db.select({ id: transactionFiles.id, fileName: transactionFiles.fileName, format: transactionFiles.format, content: transactionFiles.content })
    .from(transactionFiles).where(and(eq(transactionFiles.workspaceId, actor.workspaceId), eq(transactionFiles.id, input.fileId)));
  if (!file) throw notFound('Uploaded file');
  const inspected = await inspectTransactionFile(file.content);
  const { columns, problems } = resolveColumns(input.columns, inspected.columns);
  const first = problems[0];
  if (first) {
    throw new ProblemError(422, 'validation_failed', first.message, problems.map((p) => ({ field: `body.columns.${p.field}`, code: 'unknown_column', message: p.message })));
  }
  return db.transaction(async (tx) => {
    const id = crypto.randomUUID();
    const [run] = await tx.insert(transactionImports).values({
      workspaceId: actor.workspaceId, id, fileId: file.id, fileName: file.fileName, columns,
      createMissingCustomers: input.createMissingCustomers ? 1 : 0, createdBy: actor.userId, total: inspected.rowCount,
    }).returning();
    if (!run) throw new Error('import insert returned nothing');
    await enqueueJob(tx, actor.workspaceId, TRANSACTION_IMPORT_JOB, { importId: id, actorUserId: actor.userId, actorName: actor.name });
    return presentImport(run);
  });
}

type ImportRow = typeof transactionImports.$inferSelect;
export function presentImport(run: ImportRow): TransactionImport {
  const status = (['queued', 'running', 'done', 'failed'] as const).find((s) => s === run.status) ?? 'failed';
  return {
    id: run.id, fileName: run.fileName, status, total: run.total, processed: run.processed, inserted: run.inserted,
    alreadyImported: run.alreadyImported, returns: run.returns, customersCreated: run.customersCreated, failed: run.failed,
    errors: run.errors, createdAt: run.createdAt.toISOString(), finishedAt: run.finishedAt?.toISOString() ?? null,
  };
}

export async function getTransactionImport(db: Db, workspaceId: string, id: string) {
  const [run] = await db.select().from(transactionImports).where(and(eq(transactionImports.workspaceId, workspaceId), eq(transactionImports.id, id)));
  if (!run) throw notFound('Transaction import');
  return presentImport(run);
}

export async function listTransactionImports(db: Db, workspaceId: string) {
  const rows = await db.select().from(transactionImports).where(eq(transactionImports.workspaceId, workspaceId)).orderBy(desc(transactionImports.createdAt)).limit(50);
  return rows.map((r) => ({ ...presentImport(r), errors: r.errors.slice(0, 20) }));
}

interface Counters { processed: number; inserted: number; alreadyImported: number; returns: number; customersCreated: number; failed: number }

/**
 * Performs an import run: one transaction per batch of 5,000 rows, progress
 * written after each. A resumed run starts from the top; rows stored before
 * count as already imported, so nothing is stored twice.
 */
export async function runTransactionImport(db: Db, workspaceId: string, importId: string, onProgress?: (processed: number, total: number) => void) {
  const [run] = await db.select().from(transactionImports).where(and(eq(transactionImports.workspaceId, workspaceId), eq(transactionImports.id, importId)));
  if (!run) throw notFound('Transaction import');
  if (run.status === 'done') return presentImport(run);
  const [file] = await db.select().from(transactionFiles).where(and(eq(transactionFiles.workspaceId, workspaceId), eq(transactionFiles.id, run.fileId)));
  if (!file) throw notFound('Uploaded file');
  const { currency, timeZone } = await workspaceCurrency(db, workspaceId);
  const format = fileFormat(file.format);
  const where = and(eq(transactionImports.workspaceId, workspaceId), eq(transactionImports.id, importId));
  const counters: Counters = { processed: 0, inserted: 0, alreadyImported: 0, returns: 0, customersCreated: 0, failed: 0 };
  const errors: LineError[] = [];
  await db.update(transactionImports).set({ status: 'running', ...counters, errors: [] }).where(where);

  const seen = new Map<string, number>();
  const idLines = new Map<string, number>();
  let batch: TabularRow[] = [];
  const report = (e: LineError) => { if (errors.length < MAX_REPORTED_ERRORS) errors.push(e); };
  const flush = async () => {
    const valid: { row: TransactionRow; ref: string }[] = [];
    for (const raw of batch) {
      const { row, errors: rowErrors } = readTransactionRow(raw, run.columns, currency);
      if (!row) {
        counters.failed++;
        rowErrors.forEach(report);
        continue;
      }
      if (row.transactionId) {
        const firstLine = idLines.get(row.transactionId);
        if (firstLine !== undefined) {
          counters.failed++;
          report({ line: row.line, column: run.columns.transactionId ?? 'transaction_id', value: row.transactionId, code: 'duplicate_transaction_id', expected: `a transaction id not already used in this file (line ${firstLine} has it)` });
          continue;
        }
        idLines.set(row.transactionId, row.line);
      }
      valid.push({ row, ref: externalRefOf(row, seen) });
    }
    if (valid.length > 0) {
      const outcome = await storeBatch(db, workspaceId, importId, timeZone, valid, run.createMissingCustomers === 1);
      counters.inserted += outcome.inserted;
      counters.alreadyImported += outcome.stored - outcome.inserted;
      counters.customersCreated += outcome.customersCreated;
      counters.returns += outcome.returns;
      counters.failed += outcome.errors.length;
      outcome.errors.forEach(report);
    }
    counters.processed += batch.length;
    batch = [];
    await db.update(transactionImports).set({ ...counters, errors }).where(where);
    onProgress?.(counters.processed, run.total);
  };
  for await (const row of readTransactionRows(file.content, format)) {
    batch.push(row);
    if (batch.length >= BATCH) await flush();
  }
  await flush();
  const [done] = await db.update(transactionImports).set({ status: 'done', total: counters.processed, finishedAt: new Date() }).where(where).returning();
  if (!done) throw notFound('Transaction import');
  return presentImport(done);
}

/** Marks an import that could not run at all (unreadable file, database gone) as failed. */
export async function failTransactionImport(db: Db, workspaceId: string, importId: string, message: string) {
  await db.update(transactionImports).set({ status: 'failed', finishedAt: new Date(), errors: [{ line: 0, column: '', value: '', code: 'import_failed', expected: message.slice(0, 500) }] })
    .where(and(eq(transactionImports.workspaceId, workspaceId), eq(transactionImports.id, importId)));
}

async function storeBatch(db: Db, workspaceId: string, importId: string, timeZone: string, rows: { row: TransactionRow; ref: string }[], createMissing: boolean) {
  const errors: LineError[] = [];
  return db.transaction(async (tx) => {
    const keys = [...new Set(rows.map((r) => r.row.customer))];
    let customersCreated = 0;
    if (createMissing) {
      // A customer id seen for the first time becomes a minimal customer named by that id.
      const payload = keys.map((key) => ({ id: crypto.randomUUID(), external_id: key, display_name: key, name_key: nameSearchKey(key) }));
      customersCreated = await sqlChanged(tx, sql`
        insert into customers (workspace_id, id, kind, display_name, name_key, external_id)
        select ${workspaceId}, v.id, 'person', v.display_name, v.name_key, v.external_id
        from jsonb_to_recordset(${JSON.stringify(payload)}::jsonb) as v(id uuid, external_id text, display_name text, name_key text)
        on conflict (workspace_id, external_id) where merged_into_id is null do nothing`);
    }
    const found = await sqlRows<{ id: string; external_id: string }>(tx, sql`
      select id, external_id from customers
      where workspace_id = ${workspaceId} and merged_into_id is null and external_id = any(${textArray(keys)}::text[])`);
    const idOf = new Map(found.map((c) => [c.external_id, c.id]));
    const payload: { c: string; d: string | null; t: string | null; a: number; cur: string; ref: string }[] = [];
    let returns = 0;
    for (const { row, ref } of rows) {
      const customerId = idOf.get(row.customer);
      if (!customerId) {
        errors.push({ line: row.line, column: 'customer', value: row.customer, code: 'unknown_customer', expected: 'the external id of a customer already in Vefa' });
        continue;
      }
      if (row.amountMinor < 0) returns++;
      const zoned = row.date.instant?.endsWith('Z') ?? false;
      payload.push({ c: customerId, d: zoned ? null : (row.date.instant ?? row.date.date), t: zoned ? row.date.instant : null, a: row.amountMinor, cur: row.currency, ref });
    }
    if (payload.length === 0) return { inserted: 0, stored: 0, customersCreated, returns, errors };
    // Local dates and times are read in the workspace's time zone; instants with an offset as they are.
    const inserted = await sqlChanged(tx, sql`
      insert into transactions (workspace_id, customer_id, occurred_at, amount_minor, currency, source, external_ref, import_id)
      select ${workspaceId}, v.c, coalesce(v.t::timestamptz, v.d::timestamp at time zone ${timeZone}), v.a, v.cur, ${IMPORT_SOURCE}, v.ref, ${importId}
      from jsonb_to_recordset(${JSON.stringify(payload)}::jsonb) as v(c uuid, d text, t text, a bigint, cur text, ref text)
      on conflict (workspace_id, source, external_ref) do nothing`);
    return { inserted, stored: payload.length, customersCreated, returns, errors };
  });
}

/** A PostgreSQL text[] literal, every element quoted: one parameter, so the planner sees `= any(array)` and uses the index. */
function textArray(values: string[]): string {
  return `{${values.map((v) => `"${v.replaceAll('\\', '\\\\').replaceAll('"', '\\"')}"`).join(',')}}`;
}

/** The import as an audited change by the person who started it. */
export async function auditTransactionImport(db: Db, actor: Actor, run: TransactionImport) {
  await recordAudit(db, actor, {
    action: 'transactions.imported', entityType: 'transaction_import', entityId: run.id,
    after: { fileName: run.fileName, inserted: run.inserted, alreadyImported: run.alreadyImported, customersCreated: run.customersCreated, failed: run.failed },
  });
}
