import { z } from 'zod';
import { IsoDateTime, Uuid } from '../platform/common.ts';

/** The e-mail channel of the service desk: mailboxes per department, the mail thread of a case, replies. */

export const MailLanguage = z.enum(['az', 'tr', 'en']);

export const MailboxImapSettings = z.object({
  host: z.string().trim().min(1).max(255),
  port: z.number().int().min(1).max(65535).default(993),
  secure: z.boolean().default(true).describe('TLS from the first byte (port 993); false uses STARTTLS when offered'),
  user: z.string().min(1).max(255),
  folder: z.string().min(1).max(255).default('INBOX'),
  pollSeconds: z.number().int().min(15).max(86_400).default(60),
});
export type MailboxImapSettings = z.infer<typeof MailboxImapSettings>;

export const Mailbox = z.object({
  id: Uuid,
  address: z.string().describe('Mail to this address opens or continues cases in this workspace'),
  name: z.string(),
  departmentId: Uuid.nullable(),
  inboundSmtp: z.boolean().describe('Accept mail for this address on the SMTP listener (VEFA_SMTP_LISTEN)'),
  imap: MailboxImapSettings.extend({
    hasPassword: z.boolean(),
    lastPolledAt: IsoDateTime.nullable(),
    lastError: z.string().nullable(),
  }).nullable(),
  fromName: z.string().nullable(),
  fromAddress: z.string().describe('From of replies and acknowledgements sent for this mailbox'),
  language: MailLanguage.describe('Language of acknowledgements when the customer’s is unknown'),
  acknowledge: z.boolean().describe('Send an automatic acknowledgement when a mail opens a new case'),
  active: z.boolean(),
  createdAt: IsoDateTime,
  updatedAt: IsoDateTime,
});
export type Mailbox = z.infer<typeof Mailbox>;

const ImapInput = MailboxImapSettings.extend({ password: z.string().min(1).max(500).optional().describe('Kept for polling; never returned') });

export const MailboxCreate = z.strictObject({
  address: z.email().max(254),
  name: z.string().trim().min(1).max(200),
  departmentId: Uuid.nullable().optional(),
  inboundSmtp: z.boolean().default(true),
  imap: ImapInput.nullable().optional(),
  fromName: z.string().trim().min(1).max(200).nullable().optional(),
  fromAddress: z.email().max(254).optional().describe('Defaults to the mailbox address'),
  language: MailLanguage.default('az'),
  acknowledge: z.boolean().default(true),
});
export type MailboxCreate = z.infer<typeof MailboxCreate>;

export const MailboxUpdate = z.strictObject({
  name: z.string().trim().min(1).max(200).optional(),
  departmentId: Uuid.nullable().optional(),
  inboundSmtp: z.boolean().optional(),
  imap: ImapInput.partial().nullable().optional().describe('null stops polling; a partial object changes those settings'),
  fromName: z.string().trim().min(1).max(200).nullable().optional(),
  fromAddress: z.email().max(254).optional(),
  language: MailLanguage.optional(),
  acknowledge: z.boolean().optional(),
  active: z.boolean().optional(),
});
export type MailboxUpdate = z.infer<typeof MailboxUpdate>;

export const MailAttachment = z.object({
  id: Uuid,
  fileName: z.string(),
  contentType: z.string(),
  size: z.number().int(),
  sha256: z.string(),
});
export type MailAttachment = z.infer<typeof MailAttachment>;

export const MailMessage = z.object({
  id: Uuid,
  caseId: Uuid.nullable(),
  customerId: Uuid.nullable(),
  mailboxId: Uuid.nullable(),
  direction: z.enum(['inbound', 'outbound']),
  status: z.enum(['received', 'queued', 'sent', 'failed']),
  /** What the message is: a customer's mail, an agent's reply, our acknowledgement. */
  kind: z.enum(['customer', 'reply', 'acknowledgement', 'notification']),
  messageId: z.string().nullable(),
  inReplyTo: z.string().nullable(),
  references: z.array(z.string()),
  from: z.object({ address: z.string(), name: z.string().nullable() }),
  to: z.array(z.string()),
  cc: z.array(z.string()),
  subject: z.string(),
  text: z.string(),
  html: z.string().nullable().describe('Sanitised: safe to put in the page as it is'),
  charset: z.string().nullable(),
  rawSize: z.number().int(),
  automated: z.object({ reason: z.string(), detail: z.string().nullable() }).nullable()
    .describe('Set for auto-replies, bounces and bulk mail: they are never answered'),
  loopDetected: z.boolean(),
  error: z.string().nullable(),
  attachments: z.array(MailAttachment),
  refusedAttachments: z.array(z.object({ fileName: z.string(), contentType: z.string(), size: z.number().int(), reason: z.enum(['too_large', 'type_not_allowed']) })),
  at: IsoDateTime,
});
export type MailMessage = z.infer<typeof MailMessage>;

export const CaseReplyCreate = z.strictObject({
  text: z.string().trim().min(1).max(100_000),
  html: z.string().max(500_000).optional().describe('Sanitised before sending; the text is the plain alternative'),
  cc: z.array(z.email().max(254)).max(20).optional(),
  mailboxId: Uuid.optional().describe('Send from this mailbox; default the one the case’s mail arrived at'),
});
export type CaseReplyCreate = z.infer<typeof CaseReplyCreate>;

export const CaseAttachmentParam = z.object({ id: Uuid, attachmentId: Uuid });
