import { and, eq, lt, sql } from 'drizzle-orm';
import { automaticReplyHeaders, caseToken, makeMessageId, subjectKey } from '@vefa/domain';
import type { Db, Queryable } from '../../../platform/db/database.ts';
import { mailboxes, mailMessages } from './schema.ts';
import { caseTokenSigner } from './mailSettings.ts';
import { isPermanentFailure, type MailTransport } from './transport.ts';

export type OutboundKind = 'reply' | 'acknowledgement' | 'notification';

export interface OutboundMail {
  workspaceId: string;
  mailboxId: string;
  kind: OutboundKind;
  to: string[];
  cc?: string[];
  subject: string;
  text: string;
  html?: string | null;
  /** Threads the mail into a case: its number and token go into the Message-ID. */
  caseRef?: { id: string; number: string } | null;
  customerId?: string | null;
  inReplyTo?: string | null;
  references?: string[];
  /** Automatic mail (acknowledgements, surveys) carries RFC 3834 headers and counts for the loop guard. */
  automatic: boolean;
  messageIdDomain: string;
}

/** Stores an outgoing mail as queued inside the caller's transaction; deliver it after the commit. */
export async function queueOutbound(tx: Queryable, mail: OutboundMail, known?: typeof mailboxes.$inferSelect) {
  const [mailbox] = known ? [known] : await tx.select().from(mailboxes).where(and(eq(mailboxes.workspaceId, mail.workspaceId), eq(mailboxes.id, mail.mailboxId)));
  if (!mailbox) throw new Error(`mailbox ${mail.mailboxId} not found`);
  const id = crypto.randomUUID();
  const messageId = mail.caseRef
    ? makeMessageId(mail.caseRef.number, caseToken(await caseTokenSigner(tx, mail.workspaceId), mail.caseRef.number), mail.messageIdDomain, id)
    : `<${id}@${mail.messageIdDomain}>`;
  const now = new Date();
  const [row] = await tx.insert(mailMessages).values({
    workspaceId: mail.workspaceId, id, mailboxId: mail.mailboxId, direction: 'outbound', kind: mail.kind, status: 'queued',
    dedupeKey: messageId, messageId, inReplyTo: mail.inReplyTo ?? null, references: mail.references ?? [],
    caseId: mail.caseRef?.id ?? null, customerId: mail.customerId ?? null,
    fromAddress: mailbox.fromAddress, fromName: mailbox.fromName ?? mailbox.name,
    toAddresses: mail.to, ccAddresses: mail.cc ?? [], peerAddress: mail.to[0] ?? '',
    subject: mail.subject, subjectKey: subjectKey(mail.subject), textBody: mail.text, htmlBody: mail.html ?? null, charset: 'utf-8',
    automatic: mail.automatic, receivedAt: now,
  }).returning();
  if (!row) throw new Error('outbound insert returned nothing');
  return row;
}

/**
 * Sends one queued message. A temporary failure leaves it queued for the
 * outbox job; a 5xx answer marks it failed for a person to see.
 */
export async function deliverMessage(db: Queryable, transport: MailTransport, workspaceId: string, id: string, queued?: typeof mailMessages.$inferSelect): Promise<'sent' | 'failed' | 'queued'> {
  const [row] = queued ? [queued] : await db.select().from(mailMessages).where(and(eq(mailMessages.workspaceId, workspaceId), eq(mailMessages.id, id)));
  if (!row || row.status !== 'queued') return row?.status === 'sent' ? 'sent' : 'failed';
  try {
    await transport.send({
      from: { name: row.fromName ?? '', address: row.fromAddress },
      to: row.toAddresses,
      ...(row.ccAddresses.length > 0 ? { cc: row.ccAddresses } : {}),
      subject: row.subject,
      text: row.textBody,
      ...(row.htmlBody ? { html: row.htmlBody } : {}),
      messageId: row.messageId ?? undefined,
      ...(row.inReplyTo ? { inReplyTo: row.inReplyTo } : {}),
      ...(row.references.length > 0 ? { references: row.references } : {}),
      // RFC 3834: an answer to a mail is auto-replied; mail we start ourselves (surveys, reports) is auto-generated.
      headers: row.automatic ? { ...automaticReplyHeaders(), ...(row.kind === 'notification' ? { 'Auto-Submitted': 'auto-generated' } : {}) } : {},
      date: row.receivedAt,
    });
    await db.update(mailMessages).set({ status: 'sent', sentAt: new Date(), error: null })
      .where(and(eq(mailMessages.workspaceId, workspaceId), eq(mailMessages.id, id)));
    return 'sent';
  } catch (error) {
    const permanent = isPermanentFailure(error);
    await db.update(mailMessages).set({ status: permanent ? 'failed' : 'queued', error: (error instanceof Error ? error.message : String(error)).slice(0, 1000) })
      .where(and(eq(mailMessages.workspaceId, workspaceId), eq(mailMessages.id, id)));
    return permanent ? 'failed' : 'queued';
  }
}

/**
 * Sends mail for other modules (CSAT surveys, reports): stored with the case
 * and customer it concerns, then delivered; without a transport it waits in
 * the outbox.
 */
export async function sendMail(db: Db, transport: MailTransport | null, mail: OutboundMail) {
  const row = await db.transaction((tx) => queueOutbound(tx, mail));
  const status = transport ? await deliverMessage(db, transport, mail.workspaceId, row.id) : 'queued';
  return { id: row.id, messageId: row.messageId, status };
}

/** Retries queued mail older than a minute (the first try happens right after the commit); gives up after a day. */
export async function deliverOutbox(db: Queryable, transport: MailTransport, workspaceId: string, limit = 100) {
  await db.update(mailMessages).set({ status: 'failed', error: sql`coalesce(${mailMessages.error}, 'not delivered within a day')` })
    .where(and(eq(mailMessages.workspaceId, workspaceId), eq(mailMessages.status, 'queued'), lt(mailMessages.createdAt, new Date(Date.now() - 86_400_000))));
  const due = await db.select({ workspaceId: mailMessages.workspaceId, id: mailMessages.id }).from(mailMessages)
    .where(and(eq(mailMessages.workspaceId, workspaceId), eq(mailMessages.status, 'queued'), lt(mailMessages.createdAt, new Date(Date.now() - 60_000)))).limit(limit);
  let sent = 0;
  for (const m of due) if ((await deliverMessage(db, transport, m.workspaceId, m.id)) === 'sent') sent++;
  return { tried: due.length, sent };
}
