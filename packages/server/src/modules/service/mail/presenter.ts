import type { Mailbox, MailMessage } from '@vefa/contract';
import type { mailAttachments, mailboxes, mailMessages } from './schema.ts';

/** Rows never leave the module: these map them to the contract's shapes. */

export function presentMailbox(m: typeof mailboxes.$inferSelect): Mailbox {
  return {
    id: m.id, address: m.address, name: m.name, departmentId: m.departmentId, inboundSmtp: m.inboundSmtp,
    imap: m.imap ? { ...m.imap, hasPassword: m.imapPassword !== null && m.imapPassword !== '', lastPolledAt: m.imapLastPolledAt?.toISOString() ?? null, lastError: m.imapLastError } : null,
    fromName: m.fromName, fromAddress: m.fromAddress,
    language: m.language === 'tr' || m.language === 'en' ? m.language : 'az',
    acknowledge: m.acknowledge, active: m.active, createdAt: m.createdAt.toISOString(), updatedAt: m.updatedAt.toISOString(),
  };
}

type AttachmentRow = Pick<typeof mailAttachments.$inferSelect, 'id' | 'fileName' | 'contentType' | 'size' | 'sha256'>;

const STATUSES = ['received', 'queued', 'sent', 'failed'] as const;
const KINDS = ['customer', 'reply', 'acknowledgement', 'notification'] as const;

export function presentMailMessage(m: typeof mailMessages.$inferSelect, attachments: AttachmentRow[]): MailMessage {
  return {
    id: m.id, caseId: m.caseId, customerId: m.customerId, mailboxId: m.mailboxId,
    direction: m.direction === 'outbound' ? 'outbound' : 'inbound',
    status: STATUSES.find((s) => s === m.status) ?? 'received',
    kind: KINDS.find((k) => k === m.kind) ?? 'customer',
    messageId: m.messageId, inReplyTo: m.inReplyTo, references: m.references,
    from: { address: m.fromAddress, name: m.fromName }, to: m.toAddresses, cc: m.ccAddresses,
    subject: m.subject, text: m.textBody, html: m.htmlBody, charset: m.charset, rawSize: m.rawSize,
    automated: m.automatedReason ? { reason: m.automatedReason, detail: m.automatedDetail } : null,
    loopDetected: m.loopDetected, error: m.error,
    attachments: attachments.map((a) => ({ id: a.id, fileName: a.fileName, contentType: a.contentType, size: a.size, sha256: a.sha256 })),
    refusedAttachments: m.refusedAttachments,
    at: (m.sentAt ?? m.receivedAt).toISOString(),
  };
}
