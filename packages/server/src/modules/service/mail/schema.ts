import { sql } from 'drizzle-orm';
import {
  bigint, boolean, customType, foreignKey, index, integer, jsonb, pgTable, primaryKey, text, timestamp, uniqueIndex, uuid,
} from 'drizzle-orm/pg-core';
import { departments, workspaces } from '../../../platform/db/schema.ts';
import { customers } from '../../customers/schema.ts';

const bytea = customType<{ data: Uint8Array; driverData: Uint8Array }>({ dataType: () => 'bytea' });
const createdAt = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();

/** The workspace's secret for case tokens in subjects and Message-IDs (made on first use, never shown). */
export const mailSettings = pgTable('mail_settings', {
  workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id),
  tokenSecret: text('token_secret').notNull(),
  createdAt: createdAt(),
}, (t) => [primaryKey({ columns: [t.workspaceId] })]);

export interface StoredImapSettings {
  host: string; port: number; secure: boolean; user: string; folder: string; pollSeconds: number;
}

/** A department's address: mail to it arrives by the SMTP listener and/or an IMAP poll; replies leave From it. */
export const mailboxes = pgTable('mailboxes', {
  workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id),
  id: uuid('id').notNull(),
  /** Lower case; one workspace owns an address (checked on create). */
  address: text('address').notNull(),
  name: text('name').notNull(),
  departmentId: uuid('department_id'),
  inboundSmtp: boolean('inbound_smtp').notNull().default(true),
  imap: jsonb('imap').$type<StoredImapSettings>(),
  imapPassword: text('imap_password'),
  /** What the poller has seen: a changed UIDVALIDITY means the folder was rebuilt and UIDs restart. */
  imapUidValidity: bigint('imap_uid_validity', { mode: 'number' }),
  imapLastUid: bigint('imap_last_uid', { mode: 'number' }).notNull().default(0),
  imapLastPolledAt: timestamp('imap_last_polled_at', { withTimezone: true }),
  imapLastError: text('imap_last_error'),
  fromName: text('from_name'),
  fromAddress: text('from_address').notNull(),
  language: text('language').notNull().default('az'),
  acknowledge: boolean('acknowledge').notNull().default(true),
  active: boolean('active').notNull().default(true),
  createdAt: createdAt(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.id] }),
  uniqueIndex('mailboxes_address_key').on(t.workspaceId, t.address),
  foreignKey({ columns: [t.workspaceId, t.departmentId], foreignColumns: [departments.workspaceId, departments.id] }),
  // The SMTP listener finds the workspace from the recipient address alone.
  index('mailboxes_address_idx').on(t.address),
]);

export interface RefusedAttachment { fileName: string; contentType: string; size: number; reason: 'too_large' | 'type_not_allowed' }

/**
 * Every mail in or out. `dedupe_key` is the Message-ID plus a hash of what the
 * sender wrote, so a retried delivery (or one mail sent to two of our
 * mailboxes) counts once, while a sender that reuses Message-IDs loses nothing.
 */
export const mailMessages = pgTable('mail_messages', {
  workspaceId: uuid('workspace_id').notNull().references(() => workspaces.id),
  id: uuid('id').notNull(),
  mailboxId: uuid('mailbox_id'),
  direction: text('direction').notNull(),
  kind: text('kind').notNull(),
  status: text('status').notNull(),
  dedupeKey: text('dedupe_key').notNull(),
  messageId: text('message_id'),
  inReplyTo: text('in_reply_to'),
  references: text('references').array().notNull().default(sql`'{}'::text[]`),
  caseId: uuid('case_id'),
  customerId: uuid('customer_id'),
  fromAddress: text('from_address').notNull(),
  fromName: text('from_name'),
  toAddresses: text('to_addresses').array().notNull().default(sql`'{}'::text[]`),
  ccAddresses: text('cc_addresses').array().notNull().default(sql`'{}'::text[]`),
  /** The outside party: the sender of inbound mail, the first recipient of outbound; the loop guard counts by it. */
  peerAddress: text('peer_address').notNull(),
  subject: text('subject').notNull(),
  subjectKey: text('subject_key').notNull(),
  textBody: text('text_body').notNull(),
  htmlBody: text('html_body'),
  charset: text('charset'),
  rawSize: integer('raw_size').notNull().default(0),
  /** Set when a machine sent it (auto-reply, bounce, bulk): never answered. */
  automatedReason: text('automated_reason'),
  automatedDetail: text('automated_detail'),
  /** Automatic mail we sent (acknowledgements, surveys): what the loop guard counts. */
  automatic: boolean('automatic').notNull().default(false),
  loopDetected: boolean('loop_detected').notNull().default(false),
  threadMethod: text('thread_method'),
  /** Attachments refused by size or type, listed so nobody wonders where they went. */
  refusedAttachments: jsonb('refused_attachments').$type<RefusedAttachment[]>().notNull().default(sql`'[]'::jsonb`),
  error: text('error'),
  imapUid: bigint('imap_uid', { mode: 'number' }),
  receivedAt: timestamp('received_at', { withTimezone: true }).notNull(),
  sentAt: timestamp('sent_at', { withTimezone: true }),
  createdAt: createdAt(),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.id] }),
  uniqueIndex('mail_messages_dedupe_key').on(t.workspaceId, t.dedupeKey),
  foreignKey({ columns: [t.workspaceId, t.mailboxId], foreignColumns: [mailboxes.workspaceId, mailboxes.id] }),
  foreignKey({ columns: [t.workspaceId, t.customerId], foreignColumns: [customers.workspaceId, customers.id] }),
  index('mail_messages_message_id_idx').on(t.workspaceId, t.messageId),
  index('mail_messages_case_idx').on(t.workspaceId, t.caseId, t.receivedAt),
  index('mail_messages_peer_idx').on(t.workspaceId, t.peerAddress, t.receivedAt),
  index('mail_messages_subject_idx').on(t.workspaceId, t.fromAddress, t.subjectKey),
  index('mail_messages_outbox_idx').on(t.status, t.createdAt).where(sql`status = 'queued'`),
]);

/** Attachments of stored mail; bytes in the database so they commit with their message. */
export const mailAttachments = pgTable('mail_attachments', {
  workspaceId: uuid('workspace_id').notNull(),
  id: uuid('id').notNull(),
  messageId: uuid('message_id').notNull(),
  fileName: text('file_name').notNull(),
  contentType: text('content_type').notNull(),
  size: integer('size').notNull(),
  sha256: text('sha256').notNull(),
  content: bytea('content').notNull(),
  createdAt: createdAt(),
}, (t) => [
  primaryKey({ columns: [t.workspaceId, t.id] }),
  foreignKey({ columns: [t.workspaceId, t.messageId], foreignColumns: [mailMessages.workspaceId, mailMessages.id] }),
  index('mail_attachments_message_idx').on(t.workspaceId, t.messageId),
]);
