import { createHash } from 'node:crypto';
import { and, desc, eq, gt, sql } from 'drizzle-orm';
import {
  decideAutomaticSend, DEFAULT_AUTOMATIC_SEND_LIMITS, detectLanguage, headerValues, isAutomatedMessage, normaliseSubject, subjectHook, caseToken, threadingLookupKeys,
  type AutomatedVerdict,
} from '@vefa/domain';
import { systemActor } from '../../../platform/auth/actor.ts';
import type { Queryable } from '../../../platform/db/database.ts';
import type { CaseRef } from '../caseIntake.ts';
import { mailAttachments, mailboxes, mailMessages, type RefusedAttachment } from './schema.ts';
import { parseMail, type ParsedMail } from './parseMail.ts';
import { caseTokenSigner } from './mailSettings.ts';
import { findThread } from './threadLookup.ts';
import { writeTogether } from '../../../platform/db/writeTogether.ts';
import { findOrCreateMailCustomer } from './customerMatch.ts';
import { acknowledgementText, mailLanguageOf } from './acknowledgement.ts';
import { deliverMessage, queueOutbound } from './sender.ts';
import { inBackground, type MailChannel } from './channel.ts';

export type MailboxRow = typeof mailboxes.$inferSelect;

export interface InboundResult {
  status: 'stored' | 'duplicate';
  id: string | null;
  caseId: string | null;
  caseNumber: string | null;
  /** opened: a new case; appended: joined an existing one; held: kept without a case (automated mail nobody asked for). */
  outcome: 'opened' | 'appended' | 'held' | 'duplicate';
  automated: string | null;
  acknowledged: boolean;
  loopDetected: boolean;
}

export interface InboundOptions {
  /** IMAP position of the message: advanced in the same transaction, so a poll never fetches it twice. */
  imap?: { uidValidity: number; uid: number };
}

const sha256 = (text: string) => createHash('sha256').update(text).digest('hex');

function allowedType(contentType: string, allowed: readonly string[]): boolean {
  return allowed.some((a) => (a.endsWith('/*') ? contentType.startsWith(a.slice(0, -1)) : a.endsWith('.*') ? contentType.startsWith(a.slice(0, -1)) : contentType === a));
}

async function advanceImap(tx: Queryable, mailbox: MailboxRow, imap: InboundOptions['imap']) {
  if (!imap) return;
  await tx.update(mailboxes).set({ imapUidValidity: imap.uidValidity, imapLastUid: sql`greatest(case when ${mailboxes.imapUidValidity} = ${imap.uidValidity} then ${mailboxes.imapLastUid} else 0 end, ${imap.uid})` })
    .where(and(eq(mailboxes.workspaceId, mailbox.workspaceId), eq(mailboxes.id, mailbox.id)));
}

/** Mail our own listener must refuse to answer: its X-Loop names this mailbox. */
function loopsThroughUs(mail: ParsedMail, mailbox: MailboxRow): boolean {
  return headerValues(mail.headers, 'x-loop').some((v) => v.toLowerCase().includes(mailbox.address));
}

/**
 * A new mail (no ids or case number to thread by, not an automated one, not
 * stored before) nearly always opens a case: its number is reserved before the
 * transaction, so mail arriving at once is not queued behind one counter lock.
 * The rare new-looking mail that joins a case after all (same subject from a
 * participant, a racing redelivery) leaves a gap in the numbers; a reply that
 * opens a case takes its number inside the transaction.
 */
async function reserveCaseNumberFor(channel: MailChannel, workspaceId: string, mail: ParsedMail, verdict: AutomatedVerdict, dedupeKey: string, at: Date): Promise<{ caseNumber: string | null; storedBefore: boolean }> {
  const { intake, database } = channel;
  const none = { caseNumber: null, storedBefore: false };
  if (!intake.reserveNumber || (verdict.automated && !verdict.mayOpenCase)) return none;
  const keys = threadingLookupKeys({ subject: mail.subject, inReplyTo: mail.inReplyTo, references: mail.references, from: mail.from.address });
  if (keys.messageIds.length > 0 || keys.caseNumbers.length > 0) return none;
  const [stored] = await database.db.select({ id: mailMessages.id }).from(mailMessages)
    .where(and(eq(mailMessages.workspaceId, workspaceId), eq(mailMessages.dedupeKey, dedupeKey))).limit(1);
  // A redelivery of a mail already stored is answered without a transaction.
  if (stored) return { caseNumber: null, storedBefore: true };
  return { caseNumber: await intake.reserveNumber(database.db, workspaceId, at), storedBefore: false };
}

/** Thrown inside the transaction when the mail turns out to be stored already: rolls back what it did. */
class StoredBefore extends Error {}

/**
 * One inbound mail, start to finish, in one transaction: dedupe, thread,
 * customer, case (through the intake), attachments and the acknowledgement
 * (queued; sent after the commit). When this resolves the mail is stored, so
 * the SMTP listener may answer 250 and an IMAP poll may move on.
 */
export async function receiveMail(channel: MailChannel, mailbox: MailboxRow, raw: Buffer, options: InboundOptions = {}): Promise<InboundResult> {
  const mail = await parseMail(raw);
  return storeMail(channel, mailbox, mail, options);
}

export async function storeMail(channel: MailChannel, mailbox: MailboxRow, mail: ParsedMail, options: InboundOptions = {}): Promise<InboundResult> {
  const { database, intake, config } = channel;
  const workspaceId = mailbox.workspaceId;
  const actor = { ...systemActor(workspaceId), name: `mail ${mailbox.address}` };
  const verdict: AutomatedVerdict = loopsThroughUs(mail, mailbox)
    ? { automated: true, reason: 'x_loop', detail: `X-Loop: ${mailbox.address}`, mayOpenCase: false }
    : isAutomatedMessage(mail.headers, mail.from.address, [config.messageIdDomain], mail.partTypes.map((contentType) => ({ contentType })));
  const signer = await caseTokenSigner(database.db, workspaceId);
  const kept: typeof mail.attachments = [];
  const refused: RefusedAttachment[] = [];
  for (const a of mail.attachments) {
    if (a.size > config.maxAttachmentBytes) refused.push({ fileName: a.fileName, contentType: a.contentType, size: a.size, reason: 'too_large' });
    else if (!allowedType(a.contentType, config.attachmentTypes)) refused.push({ fileName: a.fileName, contentType: a.contentType, size: a.size, reason: 'type_not_allowed' });
    else kept.push(a);
  }

  const receivedAt = new Date();
  const dedupeKey = sha256(`${mail.messageId ?? ''}\n${mail.contentHash}`);
  const { caseNumber, storedBefore } = await reserveCaseNumberFor(channel, workspaceId, mail, verdict, dedupeKey, receivedAt);

  const id = crypto.randomUUID();
  const duplicate = { status: 'duplicate', id: null, caseId: null, caseNumber: null, outcome: 'duplicate', automated: verdict.reason, acknowledged: false, loopDetected: false } as const;
  if (caseNumber === null && storedBefore) {
    await advanceImap(database.db, mailbox, options.imap);
    return duplicate;
  }
  let result: InboundResult & { ack: typeof mailMessages.$inferSelect | null };
  try {
    result = await database.db.transaction(async (tx): Promise<InboundResult & { ack: typeof mailMessages.$inferSelect | null }> => {
      const customerOf = () => {
        const detected = detectLanguage(`${mail.subject}\n${mail.text}`);
        return findOrCreateMailCustomer(tx, actor, mail.from, detected === 'unknown' ? null : detected);
      };
      // A person's mail always has a customer; a machine's only when it joins a case.
      let customer = !verdict.automated || verdict.mayOpenCase ? await customerOf() : null;
      // A sender we have never seen cannot be a participant, so the subject fallback has nothing to find.
      const thread = await findThread(tx, intake, signer, workspaceId, mail, { subjectFallback: !customer?.isNew });
      let caseRef: CaseRef | null = thread.caseRef;
      if (caseRef && !customer) customer = await customerOf();
      // Everything that can happen before the case is opened does (should it have to take its number here,
      // that locks the workspace's counter until the commit).
      const opens = !caseRef && customer !== null;
      let mayAcknowledge = false;
      let loopDetected = verdict.reason === 'x_loop';
      if (opens && !verdict.automated && mailbox.acknowledge && customer?.isNew) {
        // A customer made just now has had no automatic mail from us.
        mayAcknowledge = true;
      } else if (opens && !verdict.automated && mailbox.acknowledge) {
        const windowStart = new Date(receivedAt.getTime() - DEFAULT_AUTOMATIC_SEND_LIMITS.windowMinutes * 60_000);
        const recent = await tx.select({ at: mailMessages.receivedAt }).from(mailMessages).where(and(
          eq(mailMessages.workspaceId, workspaceId), eq(mailMessages.peerAddress, mail.from.address), eq(mailMessages.automatic, true), gt(mailMessages.receivedAt, windowStart),
        )).orderBy(desc(mailMessages.receivedAt)).limit(DEFAULT_AUTOMATIC_SEND_LIMITS.maxPerWindow);
        mayAcknowledge = decideAutomaticSend(recent.map((r) => r.at), receivedAt).send;
        // More automatic mail to this address than a person would provoke: a loop with an autoresponder that hides itself.
        loopDetected ||= !mayAcknowledge;
      }

      let outcome: InboundResult['outcome'] = 'held';
      if (caseRef) {
        outcome = 'appended';
        // An auto-reply to our mail joins the thread for the record, but must not reopen the case or stop its clock.
        if (!verdict.automated) {
          await intake.recordMessage(tx, actor, { caseId: caseRef.id, direction: 'inbound', messageRef: id, summary: mail.subject || mail.text.slice(0, 120), at: receivedAt });
        }
      } else if (customer) {
        const language = mailLanguageOf(customer.language) ?? mailLanguageOf(mailbox.language);
        caseRef = await intake.openCase(tx, actor, {
          customerId: customer.id, subject: normaliseSubject(mail.subject) || mail.text.slice(0, 80) || '(no subject)', body: mail.text,
          channel: 'email', mailboxId: mailbox.id, departmentId: mailbox.departmentId, language, receivedAt,
          ...(caseNumber ? { number: caseNumber } : {}),
          customer,
        });
        outcome = 'opened';
      }

      let ack: typeof mailMessages.$inferSelect | null = null;
      if (outcome === 'opened' && caseRef && customer && mayAcknowledge) {
        const language = mailLanguageOf(customer.language) ?? mailLanguageOf(mailbox.language) ?? 'az';
        const token = caseToken(signer, caseRef.number);
        ack = await queueOutbound(tx, {
          workspaceId, mailboxId: mailbox.id, kind: 'acknowledgement', automatic: true, to: [mail.from.address],
          subject: `${subjectHook(caseRef.number, token)} ${normaliseSubject(mail.subject)}`.trim(),
          text: acknowledgementText(language, caseRef.number, customer.firstName ?? (customer.displayName.includes('@') ? null : customer.displayName), mailbox.fromName ?? mailbox.name),
          caseRef, customerId: customer.id, inReplyTo: mail.messageId, references: mail.messageId ? [...mail.references, mail.messageId].slice(-20) : mail.references.slice(-20),
          messageIdDomain: config.messageIdDomain,
        }, mailbox);
      }
      // The mail row goes in last, complete, in one insert. Its dedupe key is unique: a copy stored meanwhile
      // (a redelivery racing this one) makes it insert nothing, and everything above rolls back.
      const [inserted] = await tx.insert(mailMessages).values({
        workspaceId, id, mailboxId: mailbox.id, direction: 'inbound', kind: 'customer', status: 'received',
        dedupeKey, messageId: mail.messageId, inReplyTo: mail.inReplyTo, references: mail.references,
        fromAddress: mail.from.address, fromName: mail.from.name, toAddresses: mail.to, ccAddresses: mail.cc, peerAddress: mail.from.address,
        subject: mail.subject, subjectKey: mail.subjectKey, textBody: mail.text, htmlBody: mail.html, charset: mail.charset, rawSize: mail.rawSize,
        automatedReason: verdict.reason, automatedDetail: verdict.detail, refusedAttachments: refused, imapUid: options.imap?.uid ?? null, receivedAt,
        caseId: caseRef?.id ?? null, customerId: customer?.id ?? null, loopDetected,
        threadMethod: thread.match.caseNumber !== null ? thread.match.method : null,
      }).onConflictDoNothing().returning({ id: mailMessages.id });
      if (!inserted) throw new StoredBefore();
      await writeTogether(tx, kept.map((a) => tx.insert(mailAttachments).values({
        workspaceId, id: crypto.randomUUID(), messageId: id, fileName: a.fileName, contentType: a.contentType, size: a.size, sha256: a.sha256, content: a.content,
      })));
      await advanceImap(tx, mailbox, options.imap);
      return {
        status: 'stored', id, caseId: caseRef?.id ?? null, caseNumber: caseRef?.number ?? null, outcome,
        automated: verdict.reason, acknowledged: ack !== null, loopDetected, ack,
      };
    });
  } catch (error) {
    if (!(error instanceof StoredBefore)) throw error;
    await advanceImap(database.db, mailbox, options.imap);
    return duplicate;
  }
  const { ack, ...answer } = result;
  const transport = channel.transport;
  if (ack && transport) inBackground(channel, () => deliverMessage(database.db, transport, workspaceId, ack.id, ack));
  return answer;
}
