import { sql } from 'drizzle-orm';
import {
  date, foreignKey, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid, customType, boolean,
} from 'drizzle-orm/pg-core';
import { users, workspaces } from '../../platform/db/schema.ts';

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' });
const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

export interface StoredAddress {
  label?: string; street?: string | null; city?: string | null; postalCode?: string | null; country?: string | null;
}

export const customers = pgTable('customers', {
  workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id),
  id: uuid('id').notNull(),
  kind: text('kind').notNull(),
  displayName: text('display_name').notNull(),
  firstName: text('first_name'),
  lastName: text('last_name'),
  companyName: text('company_name'),
  companyId: uuid('company_id'),
  externalId: text('external_id'),
  email: text('email'),
  phone: text('phone'),
  language: text('language'),
  birthDate: date('birth_date', { mode: 'string' }),
  addresses: jsonb('addresses').$type<StoredAddress[]>().notNull().default(sql`'[]'::jsonb`),
  tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
  customFields: jsonb('custom_fields').$type<Record<string, string>>().notNull().default(sql`'{}'::jsonb`),
  /** Folded name (see foldForSearch): prefix and trigram search run on it. */
  nameKey: text('name_key').notNull(),
  /** Merged records stay, pointing at the survivor, so old links still resolve. */
  mergedIntoId: uuid('merged_into_id'),
  createdAt: createdAt(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.id] }),
  foreignKey({ columns: [t.workspaceId, t.companyId], foreignColumns: [t.workspaceId, t.id] }),
  uniqueIndex('customers_external_id_key').on(t.workspaceId, t.externalId).where(sql`merged_into_id is null`),
  index('customers_email_idx').on(t.workspaceId, t.email),
  index('customers_phone_idx').on(t.workspaceId, t.phone),
  // name_key and email use the "C" collation (migration 0003): byte order lets one B-tree serve both
  // prefix LIKE and ORDER BY, so a prefix search reads 26 index entries, not every match.
  index('customers_name_idx').on(t.workspaceId, t.nameKey, t.id),
  index('customers_tags_idx').using('gin', t.tags),
  index('customers_company_idx').on(t.workspaceId, t.companyId),
  index('customers_created_idx').on(t.workspaceId, t.createdAt, t.id),
]);

/**
 * Every word of every folded name, kept by triggers on customers (migrations
 * 0004, 0008), with a, e and ə read as one letter (see nameWordKey). A word that starts inside a name ("kərimova" in "Aysel Kərimova") is a
 * B-tree range here, and typos are looked up in the small vocabulary below
 * instead of trigram-scanning a million names.
 */
export const customerNameWords = pgTable('customer_name_words', {
  workspaceId: uuid('workspace_id').notNull(),
  word: text('word').notNull(),
  customerId: uuid('customer_id').notNull(),
}, (t) => [primaryKey({ columns: [t.workspaceId, t.word, t.customerId] })]);

/** The distinct words of a workspace's names: a few thousand rows that trigram similarity can afford to scan. */
export const customerNameVocabulary = pgTable('customer_name_vocabulary', {
  workspaceId: uuid('workspace_id').notNull(),
  word: text('word').notNull(),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.word] }),
  index('customer_name_vocabulary_trgm_idx').using('gin', t.word.op('gin_trgm_ops')),
]);

export const consents = pgTable('consents', {
  workspaceId: uuid('workspace_id').notNull(),
  customerId: uuid('customer_id').notNull(),
  channel: text('channel').notNull(),
  granted: boolean('granted').notNull(),
  source: text('source').notNull(),
  recordedAt: timestamp('recorded_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.customerId, t.channel] }),
  foreignKey({ columns: [t.workspaceId, t.customerId], foreignColumns: [customers.workspaceId, customers.id] }),
]);

export const customFieldDefinitions = pgTable('custom_field_definitions', {
  workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id),
  key: text('key').notNull(),
  label: jsonb('label').$type<{ az: string; tr: string; en: string }>().notNull(),
  type: text('type').notNull(),
  options: text('options').array(),
  createdAt: createdAt(),
}, (t) => [primaryKey({ columns: [t.workspaceId, t.key] })]);

export const timelineEntries = pgTable('timeline_entries', {
  workspaceId: uuid('workspace_id').notNull(),
  id: uuid('id').notNull(),
  customerId: uuid('customer_id').notNull(),
  kind: text('kind').notNull(),
  occurredAt: timestamp('occurred_at', { withTimezone: true }).notNull(),
  summary: text('summary').notNull(),
  body: text('body'),
  actorId: text('actor_id'),
  actorName: text('actor_name'),
  /** Which module wrote it and its own id, so a module can find its entries again. */
  sourceModule: text('source_module').notNull(),
  sourceId: text('source_id'),
  data: jsonb('data').$type<Record<string, unknown>>().notNull().default(sql`'{}'::jsonb`),
  createdAt: createdAt(),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.id] }),
  foreignKey({ columns: [t.workspaceId, t.customerId], foreignColumns: [customers.workspaceId, customers.id] }),
  index('timeline_customer_idx').on(t.workspaceId, t.customerId, t.occurredAt, t.id),
]);

export const importFiles = pgTable('import_files', {
  workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id),
  id: uuid('id').notNull(),
  fileName: text('file_name').notNull(),
  format: text('format').notNull(),
  content: bytea('content').notNull(),
  uploadedBy: uuid('uploaded_by').references(() => users.id),
  createdAt: createdAt(),
}, (t) => [primaryKey({ columns: [t.workspaceId, t.id] })]);

export interface StoredLineError { line: number; column: string; value: string; code: string; expected: string }

export const importRuns = pgTable('import_runs', {
  workspaceId: uuid('workspace_id').notNull(),
  id: uuid('id').notNull(),
  fileId: uuid('file_id').notNull(),
  fileName: text('file_name').notNull(),
  status: text('status').notNull().default('queued'),
  dryRun: boolean('dry_run').notNull(),
  matchBy: text('match_by').notNull(),
  mapping: jsonb('mapping').$type<Record<string, string>>().notNull(),
  total: integer('total').notNull().default(0),
  processed: integer('processed').notNull().default(0),
  inserted: integer('inserted').notNull().default(0),
  updated: integer('updated').notNull().default(0),
  failed: integer('failed').notNull().default(0),
  errors: jsonb('errors').$type<StoredLineError[]>().notNull().default(sql`'[]'::jsonb`),
  createdBy: text('created_by'),
  createdAt: createdAt(),
  finishedAt: timestamp('finished_at', { withTimezone: true }),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.id] }),
  foreignKey({ columns: [t.workspaceId, t.fileId], foreignColumns: [importFiles.workspaceId, importFiles.id] }),
]);

export const importMappings = pgTable('import_mappings', {
  workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id),
  id: uuid('id').notNull(),
  name: text('name').notNull(),
  mapping: jsonb('mapping').$type<Record<string, string>>().notNull(),
  createdAt: createdAt(),
}, (t) => [primaryKey({ columns: [t.workspaceId, t.id] }), uniqueIndex('import_mappings_name_key').on(t.workspaceId, t.name)]);

