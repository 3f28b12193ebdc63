import { and, asc, desc, eq, isNull } from 'drizzle-orm';
import { caseToken, normaliseSubject, subjectHook } from '@vefa/domain';
import type { CaseReplyCreate } from '@vefa/contract';
import type { Actor } from '../../../platform/auth/actor.ts';
import type { Queryable } from '../../../platform/db/database.ts';
import { recordAudit } from '../../../platform/audit/auditLog.ts';
import { invalid } from '../../../platform/http/problem.ts';
import { visibleCase } from './caseAccess.ts';
import { customers } from '../../customers/schema.ts';
import { mailboxes, mailMessages } from './schema.ts';
import { caseTokenSigner } from './mailSettings.ts';
import { sanitizeMailHtml } from './sanitize.ts';
import { deliverMessage, queueOutbound } from './sender.ts';
import { presentMailMessage } from './presenter.ts';
import type { MailChannel } from './channel.ts';

async function replyMailbox(db: Queryable, workspaceId: string, wanted: string | undefined, lastMailboxId: string | null, departmentId: string | null) {
  const active = (id: string) => and(eq(mailboxes.workspaceId, workspaceId), eq(mailboxes.id, id), eq(mailboxes.active, true));
  if (wanted) {
    const [m] = await db.select().from(mailboxes).where(active(wanted));
    if (!m) throw invalid('body.mailboxId', 'unknown_mailbox', 'No active mailbox with this id in this workspace');
    return m;
  }
  if (lastMailboxId) {
    const [m] = await db.select().from(mailboxes).where(active(lastMailboxId));
    if (m) return m;
  }
  const [m] = await db.select().from(mailboxes).where(and(
    eq(mailboxes.workspaceId, workspaceId), eq(mailboxes.active, true), departmentId ? eq(mailboxes.departmentId, departmentId) : isNull(mailboxes.departmentId),
  )).orderBy(asc(mailboxes.createdAt)).limit(1);
  const [any] = m ? [m] : await db.select().from(mailboxes).where(and(eq(mailboxes.workspaceId, workspaceId), eq(mailboxes.active, true))).orderBy(asc(mailboxes.createdAt)).limit(1);
  if (!any) throw invalid('body.mailboxId', 'no_mailbox', 'This workspace has no active mailbox to send from');
  return any;
}

/**
 * An agent's reply by mail: threaded for the customer's client (In-Reply-To
 * and References to the last mail of the case) and for us (case number and
 * token in the Message-ID and the subject hook). Stored and recorded with the
 * case in one transaction (the desk counts it as the first response), then
 * sent; a failed send stays queued for the outbox job.
 */
export async function sendCaseReply(channel: MailChannel, actor: Actor, caseId: string, input: CaseReplyCreate) {
  const { database, intake, config } = channel;
  const db = database.db;
  const row = await db.transaction(async (tx) => {
    const caseRef = await visibleCase(tx, intake, actor, caseId);
    const [last] = await tx.select().from(mailMessages)
      .where(and(eq(mailMessages.workspaceId, actor.workspaceId), eq(mailMessages.caseId, caseId)))
      .orderBy(desc(mailMessages.receivedAt)).limit(1);
    const [lastInbound] = await tx.select().from(mailMessages)
      .where(and(eq(mailMessages.workspaceId, actor.workspaceId), eq(mailMessages.caseId, caseId), eq(mailMessages.direction, 'inbound'), isNull(mailMessages.automatedReason)))
      .orderBy(desc(mailMessages.receivedAt)).limit(1);
    let to = lastInbound?.fromAddress ?? null;
    const customerId = lastInbound?.customerId ?? caseRef.customerId ?? null;
    if (!to && caseRef.customerId) {
      const [c] = await tx.select({ email: customers.email }).from(customers).where(and(eq(customers.workspaceId, actor.workspaceId), eq(customers.id, caseRef.customerId)));
      to = c?.email ?? null;
    }
    if (!to) throw invalid('params.id', 'no_mail_address', 'Neither the case’s mail nor its customer gives an address to reply to');
    // The reply answers the customer's last mail; the client threads it under that one.
    const answered = lastInbound ?? last;
    const mailbox = await replyMailbox(tx, actor.workspaceId, input.mailboxId, lastInbound?.mailboxId ?? null, caseRef.departmentId);
    const token = caseToken(await caseTokenSigner(tx, actor.workspaceId), caseRef.number);
    const topic = normaliseSubject(lastInbound?.subject ?? last?.subject ?? caseRef.subject ?? '') || caseRef.number;
    const queued = await queueOutbound(tx, {
      workspaceId: actor.workspaceId, mailboxId: mailbox.id, kind: 'reply', automatic: false,
      to: [to], cc: input.cc ?? [], subject: `Re: ${subjectHook(caseRef.number, token)} ${topic}`,
      text: input.text, html: input.html ? sanitizeMailHtml(input.html) : null,
      caseRef, customerId, inReplyTo: answered?.messageId ?? null,
      references: answered ? [...answered.references, ...(answered.messageId ? [answered.messageId] : [])].slice(-20) : [],
      messageIdDomain: config.messageIdDomain,
    });
    await intake.recordMessage(tx, actor, { caseId, direction: 'outbound', messageRef: queued.id, summary: input.text.slice(0, 200), at: queued.receivedAt });
    await recordAudit(tx, actor, { action: 'service.mail.reply_queued', entityType: 'case', entityId: caseId, after: { messageId: queued.id, to: [to, ...(input.cc ?? [])] } });
    return queued;
  });
  if (channel.transport) await deliverMessage(db, channel.transport, actor.workspaceId, row.id);
  const [sent] = await db.select().from(mailMessages).where(and(eq(mailMessages.workspaceId, actor.workspaceId), eq(mailMessages.id, row.id)));
  return presentMailMessage(sent ?? row, []);
}
