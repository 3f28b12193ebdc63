import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { and, desc, eq, isNull, sql } from 'drizzle-orm';
import { drizzle } from 'drizzle-orm/node-postgres';
import { from as copyFrom } from 'pg-copy-streams';
import {
  IMPORT_FIELDS, readImportRow, suggestImportMapping, type CustomerDraft, type ImportField,
} from '@vefa/domain';
import type { z } from 'zod';
import type { ImportStart } from '@vefa/contract';
import type { Actor } from '../../../platform/auth/actor.ts';
import type { Database, Db, Queryable } from '../../../platform/db/database.ts';
import * as tables from '../../../platform/db/tables.ts';
import { anyOf, pgArray } from '../../../platform/db/sqlArray.ts';
import { refreshPlannerStatistics } from '../../../platform/db/plannerStatistics.ts';
import { timeOrderedUuid } from '../../../platform/db/timeOrderedId.ts';
import { recordAudit } from '../../../platform/audit/auditLog.ts';
import { enqueueJob } from '../../../platform/jobs/jobQueue.ts';
import { invalid, notFound } from '../../../platform/http/problem.ts';
import { consents, customers, importFiles, importMappings, importRuns, type StoredLineError } from '../schema.ts';
import { listCustomFields } from '../customFields.ts';
import { displayNameOf, nameKeyOf } from '../displayName.ts';
import { BatchWriter } from './batchWriter.ts';
import { countTabularRows, formatOf, inspectTabular, readTabular } from './tabularFile.ts';

export const IMPORT_JOB = 'customers.import';
const BATCH = 5_000;
/** A report past this many lines stops listing (the count stays exact). */
const MAX_REPORTED_ERRORS = 1000;
const MAX_FILE_BYTES = 200 * 1024 * 1024;

export async function uploadImportFile(db: Db, actor: Actor, fileName: string, contentType: string | undefined, bytes: Uint8Array) {
  const format = formatOf(fileName, contentType);
  if (!format) throw invalid('query.fileName', 'unsupported_format', 'Upload a .csv or .xlsx file');
  if (bytes.byteLength === 0) throw invalid('body', 'empty_file', 'The file is empty');
  if (bytes.byteLength > MAX_FILE_BYTES) throw invalid('body', 'file_too_large', 'Files up to 200 MiB can be imported');
  let inspected;
  try {
    inspected = await inspectTabular(bytes, format);
  } catch (error) {
    throw invalid('body', 'unreadable_file', `The file could not be read as ${format.toUpperCase()}: ${(error as Error).message}`);
  }
  if (inspected.columns.length === 0) throw invalid('body', 'no_rows', 'The file has a header but no rows');
  const fields = await listCustomFields(db, actor.workspaceId);
  const id = crypto.randomUUID();
  await db.insert(importFiles).values({ workspaceId: actor.workspaceId, id, fileName, format, content: bytes, uploadedBy: actor.userId });
  return { id, fileName, format, ...inspected, suggestedMapping: suggestImportMapping(inspected.columns, fields.map((f) => f.key)) };
}

function checkMapping(mapping: Record<string, string>, customKeys: string[], matchBy: string): Record<string, ImportField> {
  const out: Record<string, ImportField> = {};
  const seen = new Set<string>();
  for (const [column, field] of Object.entries(mapping)) {
    if (field === '' || field === 'skip') continue;
    const known = (IMPORT_FIELDS as readonly string[]).includes(field) || (field.startsWith('custom:') && customKeys.includes(field.slice(7)));
    if (!known) throw invalid(`body.mapping.${column}`, 'unknown_field', `"${field}" is not a field a column can be imported into`);
    if (seen.has(field)) throw invalid(`body.mapping.${column}`, 'mapped_twice', `Two columns are mapped to ${field}`);
    seen.add(field);
    out[column] = field as ImportField;
  }
  if (!seen.has(matchBy)) throw invalid('body.matchBy', 'match_column_missing', `Map a column to ${matchBy} to match existing customers by it`);
  return out;
}

export async function startImport(db: Db, actor: Actor, input: z.infer<typeof ImportStart>) {
  const [file] = await db.select({ id: importFiles.id, fileName: importFiles.fileName }).from(importFiles)
    .where(and(eq(importFiles.workspaceId, actor.workspaceId), eq(importFiles.id, input.fileId)));
  if (!file) throw notFound('Uploaded file');
  const fields = await listCustomFields(db, actor.workspaceId);
  const mapping = checkMapping(input.mapping, fields.map((f) => f.key), input.matchBy);
  return db.transaction(async (tx) => {
    const id = crypto.randomUUID();
    const [run] = await tx.insert(importRuns).values({
      workspaceId: actor.workspaceId, id, fileId: file.id, fileName: file.fileName, dryRun: input.dryRun,
      matchBy: input.matchBy, mapping, createdBy: actor.userId,
    }).returning();
    if (input.saveMappingAs) {
      await tx.insert(importMappings).values({ workspaceId: actor.workspaceId, id: crypto.randomUUID(), name: input.saveMappingAs, mapping })
        .onConflictDoUpdate({ target: [importMappings.workspaceId, importMappings.name], set: { mapping } });
    }
    await enqueueJob(tx, actor.workspaceId, IMPORT_JOB, { runId: id, actorUserId: actor.userId, actorName: actor.name });
    if (!run) throw new Error('import run insert returned nothing');
    return presentRun(run);
  });
}

type RunRow = typeof importRuns.$inferSelect;
export function presentRun(run: RunRow) {
  const status = (['queued', 'running', 'done', 'failed'] as const).find((s) => s === run.status) ?? 'failed';
  return {
    id: run.id, fileName: run.fileName, status, dryRun: run.dryRun, total: run.total, processed: run.processed,
    inserted: run.inserted, updated: run.updated, failed: run.failed, errors: run.errors,
    createdAt: run.createdAt.toISOString(), finishedAt: run.finishedAt?.toISOString() ?? null,
  };
}

export async function getImportRun(db: Db, workspaceId: string, id: string) {
  const [run] = await db.select().from(importRuns).where(and(eq(importRuns.workspaceId, workspaceId), eq(importRuns.id, id)));
  if (!run) throw notFound('Import');
  return presentRun(run);
}

export async function listImportRuns(db: Db, workspaceId: string) {
  const rows = await db.select().from(importRuns).where(eq(importRuns.workspaceId, workspaceId)).orderBy(desc(importRuns.createdAt)).limit(50);
  return rows.map((r) => ({ ...presentRun(r), errors: r.errors.slice(0, 20) }));
}

export async function listSavedMappings(db: Db, workspaceId: string) {
  const rows = await db.select().from(importMappings).where(eq(importMappings.workspaceId, workspaceId)).orderBy(importMappings.name);
  return rows.map((r) => ({ id: r.id, name: r.name, mapping: r.mapping, createdAt: r.createdAt.toISOString() }));
}

interface ValidRow { line: number; draft: CustomerDraft }
interface ReadBatch { valid: ValidRow[]; rowsRead: number; invalidRows: number; lineErrors: StoredLineError[] }
const emptyBatch = (): ReadBatch => ({ valid: [], rowsRead: 0, invalidRows: 0, lineErrors: [] });

/**
 * Runs an import: reads the stored file in batches of 5,000 rows, validates
 * each row, and upserts the valid ones by external id or e-mail, one
 * transaction per batch that also records the run's progress. Re-running the
 * same file matches every row to the customer it created the first time.
 *
 * Reading and validating is Node's work and writing is PostgreSQL's: the
 * next batch is read while earlier ones are written, two at a time on two
 * connections (see BatchWriter). On PostgreSQL new customers go in by COPY
 * within the batch's transaction.
 */
export async function runImport(database: Database, workspaceId: string, runId: string, onProgress?: (processed: number, total: number) => void) {
  const { db } = database;
  const runKey = and(eq(importRuns.workspaceId, workspaceId), eq(importRuns.id, runId));
  const [run] = await db.select().from(importRuns).where(runKey);
  if (!run) throw notFound('Import');
  if (run.status === 'done') return presentRun(run);
  const [file] = await db.select().from(importFiles).where(and(eq(importFiles.workspaceId, workspaceId), eq(importFiles.id, run.fileId)));
  if (!file) throw notFound('Uploaded file');
  const format = file.format === 'xlsx' ? 'xlsx' : 'csv';
  const fields = (await listCustomFields(db, workspaceId)).map((f) => ({ key: f.key, type: f.type, options: f.options ?? [] }));
  const mapping = run.mapping as Record<string, ImportField>;
  const matchBy = run.matchBy === 'email' ? 'email' : 'external_id';

  const total = await countTabularRows(file.content, format);
  // A resumed run starts again from the top: upserts make the rows already done a no-op.
  await db.update(importRuns).set({ status: 'running', total, processed: 0, inserted: 0, updated: 0, failed: 0, errors: [] }).where(runKey);

  const writer = new BatchWriter();
  const seenKeys = new Set<string>();
  let processed = 0;
  const write = async (batch: ReadBatch) => {
    const keys = batch.valid.map(({ draft }) => (matchBy === 'email' ? draft.email : draft.externalId)).filter((k): k is string => !!k);
    // A batch that updates a customer an earlier batch writes, or links a company the file may
    // have just created, must see that batch committed first.
    const followsEarlier = keys.some((k) => seenKeys.has(k)) || batch.valid.some(({ draft }) => draft.companyExternalId);
    for (const k of keys) seenKeys.add(k);
    await writer.start(followsEarlier, async () => {
      await batchTransaction(database, async (tx, copyIn) => {
        const outcome = await upsertBatch(tx, copyIn, workspaceId, batch.valid, matchBy, run.dryRun);
        const lineErrors = [...batch.lineErrors, ...outcome.errors].slice(0, MAX_REPORTED_ERRORS);
        // Increments, not totals: batches commit in any order.
        await tx.update(importRuns).set({
          processed: sql`${importRuns.processed} + ${batch.rowsRead}`,
          inserted: sql`${importRuns.inserted} + ${outcome.inserted}`,
          updated: sql`${importRuns.updated} + ${outcome.updated}`,
          failed: sql`${importRuns.failed} + ${batch.invalidRows + outcome.errors.length}`,
          errors: sql`jsonb_path_query_array(${importRuns.errors} || ${JSON.stringify(lineErrors)}::jsonb, ${`$[0 to ${MAX_REPORTED_ERRORS - 1}]`}::jsonpath)`,
        }).where(runKey);
      });
      processed += batch.rowsRead;
      onProgress?.(processed, total);
    });
  };

  let batch = emptyBatch();
  for await (const row of readTabular(file.content, format)) {
    batch.rowsRead++;
    const { draft, errors: rowErrors } = readImportRow(row.values, mapping, fields);
    if (rowErrors.length > 0) {
      batch.invalidRows++;
      if (batch.lineErrors.length < MAX_REPORTED_ERRORS) batch.lineErrors.push(...rowErrors.map((e) => ({ line: row.line, ...e })));
    } else batch.valid.push({ line: row.line, draft });
    if (batch.rowsRead === BATCH) {
      await write(batch);
      batch = emptyBatch();
    }
  }
  if (batch.rowsRead > 0 || processed === 0) await write(batch);
  await writer.finish();
  if (!run.dryRun) await refreshPlannerStatistics(db, ['customers', 'customer_name_words', 'customer_name_vocabulary', 'consents']);
  // The quick count may differ from what the parser read on odd files; the finished run says what was read.
  const [done] = await db.update(importRuns).set({ status: 'done', total: sql`${importRuns.processed}`, finishedAt: new Date() }).where(runKey).returning();
  if (!done) throw notFound('Import');
  return presentRun(done);
}

/** Finishes an import as an audited change by the person who started it. */
export async function auditImport(db: Db, actor: Actor, run: ReturnType<typeof presentRun>) {
  if (run.dryRun) return;
  await recordAudit(db, actor, {
    action: 'customers.imported', entityType: 'import', entityId: run.id,
    after: { fileName: run.fileName, inserted: run.inserted, updated: run.updated, failed: run.failed },
  });
}

/** Streams text-format rows into a COPY ... FROM STDIN in the batch's transaction; null on PGlite. */
type CopyIn = ((statement: string, rows: string) => Promise<void>) | null;

/**
 * One batch's transaction. On PostgreSQL it runs on a connection of its own so that
 * new customers can go in by COPY on that same connection, inside the transaction.
 */
async function batchTransaction(database: Pick<Database, 'db' | 'pool'>, work: (tx: Queryable, copyIn: CopyIn) => Promise<void>) {
  if (!database.pool) return database.db.transaction((tx) => work(tx, null));
  const client = await database.pool.connect();
  let broken: Error | undefined;
  try {
    const session = drizzle(client, { schema: tables }) as unknown as Db;
    await session.transaction((tx) => work(tx, async (statement, rows) => {
      await pipeline(Readable.from([rows]), client.query(copyFrom(statement)));
    }));
  } catch (error) {
    // A connection that failed mid-COPY is not handed back to the pool.
    broken = error as Error;
    throw error;
  } finally {
    client.release(broken);
  }
}

/** A value in COPY's text format. */
function copyText(value: string | null | undefined): string {
  if (value === null || value === undefined) return '\\N';
  return /[\\\t\n\r]/.test(value) ? value.replace(/[\\\t\n\r]/g, (c) => COPY_ESCAPES[c] ?? c) : value;
}
const COPY_ESCAPES: Record<string, string> = { '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' };

async function upsertBatch(tx: Queryable, copyIn: CopyIn, workspaceId: string, rows: ValidRow[], matchBy: 'external_id' | 'email', dryRun: boolean) {
  const errors: StoredLineError[] = [];
  // Within one batch the last row for a key wins, as it would row by row.
  const byKey = new Map<string, ValidRow>();
  const keyless: ValidRow[] = [];
  for (const row of rows) {
    const key = matchBy === 'email' ? row.draft.email : row.draft.externalId;
    if (key) byKey.set(key, row); else keyless.push(row);
  }
  const keys = [...byKey.keys()];
  // One array parameter, not 5,000 bound values. The rows to update are locked so the names
  // worked out from them below stay true until this batch commits.
  const existing = keys.length === 0 ? [] : await tx.select({
    id: customers.id, kind: customers.kind, externalId: customers.externalId, email: customers.email, phone: customers.phone,
    firstName: customers.firstName, lastName: customers.lastName, companyName: customers.companyName,
  }).from(customers).where(and(eq(customers.workspaceId, workspaceId), isNull(customers.mergedIntoId),
    sql`${matchBy === 'email' ? customers.email : customers.externalId} = ${anyOf(keys, 'text')}`)).for('update');
  const existingByKey = new Map(existing.map((c) => [(matchBy === 'email' ? c.email : c.externalId) ?? '', c]));
  const idByKey = new Map(existing.map((c) => [(matchBy === 'email' ? c.email : c.externalId) ?? '', c.id]));

  const companyKeys = [...new Set(rows.map((r) => r.draft.companyExternalId).filter((k): k is string => !!k))];
  const companies = companyKeys.length === 0 ? [] : await tx.select({ id: customers.id, externalId: customers.externalId }).from(customers)
    .where(and(eq(customers.workspaceId, workspaceId), isNull(customers.mergedIntoId), eq(customers.kind, 'company'), sql`${customers.externalId} = ${anyOf(companyKeys, 'text')}`));
  const companyId = new Map(companies.map((c) => [c.externalId ?? '', c.id]));

  const records = [...byKey.values(), ...keyless].flatMap(({ line, draft }) => {
    let company: string | null = null;
    if (draft.companyExternalId) {
      company = companyId.get(draft.companyExternalId) ?? null;
      if (!company) {
        errors.push({ line, column: 'company_external_id', value: draft.companyExternalId, code: 'unknown_company', expected: 'the external id of a company already in Vefa' });
        return [];
      }
    }
    const key = matchBy === 'email' ? draft.email : draft.externalId;
    return [{ line, draft, companyId: company, id: (key && idByKey.get(key)) || null }];
  });
  // Time-ordered ids append to the primary key's right-hand edge instead of splitting random pages.
  const inserts = records.filter((r) => r.id === null).map((r) => ({ ...r, id: timeOrderedUuid() }));
  const updates = records.filter((r): r is typeof r & { id: string } => r.id !== null);
  if (dryRun) return { inserted: inserts.length, updated: updates.length, errors };

  {
    if (inserts.length > 0 && copyIn) {
      // COPY: no statement to plan, no JSON to build and take apart, and the rows go into the heap
      // in bulk. It fires the same triggers (name words) and checks the same keys as an INSERT.
      let text = '';
      for (const { id, draft, companyId: company } of inserts) {
        text += `${workspaceId}\t${id}\t${copyText(draft.kind)}\t${copyText(displayNameOf(draft))}\t${copyText(nameKeyOf(draft))}\t${copyText(draft.firstName)}\t${
          copyText(draft.lastName)}\t${copyText(draft.companyName)}\t${copyText(company)}\t${copyText(draft.externalId)}\t${copyText(draft.email)}\t${
          copyText(draft.phone)}\t${copyText(draft.language)}\t${copyText(draft.birthDate)}\t${copyText(draft.address ? JSON.stringify([draft.address]) : '[]')}\t${
          copyText(draft.tags.length === 0 ? '{}' : pgArray(draft.tags))}\t${copyText(JSON.stringify(draft.customFields))}\n`;
      }
      await copyIn(`copy customers (workspace_id, id, kind, display_name, name_key, first_name, last_name, company_name, company_id,
        external_id, email, phone, language, birth_date, addresses, tags, custom_fields) from stdin`, text);
    } else if (inserts.length > 0) {
      // One JSON parameter per batch: building a 1,000-row VALUES list costs more than the insert itself.
      const payload = inserts.map(({ id, draft, companyId: company }) => ({
        id, kind: draft.kind, display_name: displayNameOf(draft), name_key: nameKeyOf(draft), first_name: draft.firstName,
        last_name: draft.lastName, company_name: draft.companyName, company_id: company, external_id: draft.externalId,
        email: draft.email, phone: draft.phone, language: draft.language, birth_date: draft.birthDate,
        addresses: draft.address ? [draft.address] : [], tags: draft.tags, custom_fields: draft.customFields,
      }));
      await tx.execute(sql`
        insert into customers (workspace_id, id, kind, display_name, name_key, first_name, last_name, company_name, company_id,
          external_id, email, phone, language, birth_date, addresses, tags, custom_fields)
        select ${workspaceId}, v.id, v.kind, v.display_name, v.name_key, v.first_name, v.last_name, v.company_name, v.company_id,
          v.external_id, v.email, v.phone, v.language, v.birth_date, v.addresses, v.tags, v.custom_fields
        from jsonb_to_recordset(${JSON.stringify(payload)}::jsonb) as v(id uuid, kind text, display_name text, name_key text,
          first_name text, last_name text, company_name text, company_id uuid, external_id text, email text, phone text,
          language text, birth_date date, addresses jsonb, tags text[], custom_fields jsonb)`);
    }
    if (updates.length > 0) {
      // One statement per batch: empty cells keep what the customer already had, and the
      // display name and its search key are worked out here from the merged values.
      const payload = updates.map(({ id, draft, companyId: company }) => {
        const current = existingByKey.get((matchBy === 'email' ? draft.email : draft.externalId) ?? '');
        const merged = {
          kind: current?.kind ?? draft.kind, firstName: draft.firstName ?? current?.firstName, lastName: draft.lastName ?? current?.lastName,
          companyName: draft.companyName ?? current?.companyName, email: draft.email ?? current?.email, phone: draft.phone ?? current?.phone,
        };
        return {
          id, first_name: draft.firstName, last_name: draft.lastName, company_name: draft.companyName, company_id: company,
          external_id: draft.externalId, email: draft.email, phone: draft.phone, language: draft.language, birth_date: draft.birthDate,
          address: draft.address, tags: draft.tags, custom_fields: draft.customFields,
          display_name: displayNameOf(merged), name_key: nameKeyOf(merged),
        };
      });
      await tx.execute(sql`
        update customers c set
          first_name = coalesce(v.first_name, c.first_name), last_name = coalesce(v.last_name, c.last_name),
          company_name = coalesce(v.company_name, c.company_name), company_id = coalesce(v.company_id, c.company_id),
          external_id = coalesce(v.external_id, c.external_id), email = coalesce(v.email, c.email), phone = coalesce(v.phone, c.phone),
          language = coalesce(v.language, c.language), birth_date = coalesce(v.birth_date, c.birth_date),
          addresses = case when v.address is null or c.addresses @> jsonb_build_array(v.address) then c.addresses else c.addresses || jsonb_build_array(v.address) end,
          tags = array(select distinct unnest(c.tags || v.tags)),
          custom_fields = c.custom_fields || v.custom_fields, display_name = v.display_name, name_key = v.name_key, updated_at = now()
        from jsonb_to_recordset(${JSON.stringify(payload)}::jsonb) as v(
          id uuid, first_name text, last_name text, company_name text, company_id uuid, external_id text, email text,
          phone text, language text, birth_date date, address jsonb, tags text[], custom_fields jsonb, display_name text, name_key text)
        where c.workspace_id = ${workspaceId} and c.id = v.id`);
    }
    const consentRows = [...inserts, ...updates].flatMap(({ id, draft }) =>
      Object.entries(draft.consent).map(([channel, granted]) => ({ workspaceId, customerId: id, channel, granted, source: 'import' })));
    if (consentRows.length > 0) {
      await tx.insert(consents).values(consentRows).onConflictDoUpdate({
        target: [consents.workspaceId, consents.customerId, consents.channel],
        set: { granted: sql`excluded.granted`, source: sql`excluded.source`, recordedAt: sql`now()` },
        setWhere: sql`${consents.granted} is distinct from excluded.granted`,
      });
    }
  }
  return { inserted: inserts.length, updated: updates.length, errors };
}
