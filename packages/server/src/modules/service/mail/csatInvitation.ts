// The satisfaction e-mail sent when a case is resolved: five one-click scores
// in the customer's language, from the mailbox the case came through (or its
// department's), threaded into the case like any other mail from the desk.
import { and, asc, eq, isNull } from 'drizzle-orm';
import type { Database } from '../../../platform/db/database.ts';
import type { Config } from '../../../platform/config.ts';
import { customers } from '../../customers/schema.ts';
import { cases, csatRequests } from '../schema.ts';
import { csatLinkFor, markCsatInvitationSent } from '../csat/csat.ts';
import { mailboxes } from './schema.ts';
import { deliverMessage, queueOutbound } from './sender.ts';
import type { MailTransport } from './transport.ts';
import { mailLanguageOf, type MailLanguage } from './acknowledgement.ts';

const TEXTS: Record<MailLanguage, { subject: (n: string) => string; ask: string; scale: string; thanks: string }> = {
  az: { subject: (n) => `${n}: xidmətimizdən nə dərəcədə razı qaldınız?`, ask: 'Müraciətiniz həll olundu. Xidmətimizi 1-dən 5-ə qədər qiymətləndirin (bir kliklə):', scale: '1 — heç razı deyiləm, 5 — çox razıyam', thanks: 'Təşəkkür edirik!' },
  tr: { subject: (n) => `${n}: hizmetimizden ne kadar memnun kaldınız?`, ask: 'Başvurunuz çözüldü. Hizmetimizi 1 ile 5 arasında puanlayın (tek tıkla):', scale: '1 — hiç memnun değilim, 5 — çok memnunum', thanks: 'Teşekkür ederiz!' },
  en: { subject: (n) => `${n}: how satisfied are you with our service?`, ask: 'Your request has been resolved. Please rate our service from 1 to 5 (one click):', scale: '1 — not at all satisfied, 5 — very satisfied', thanks: 'Thank you!' },
};

export type CsatMailOutcome = 'sent' | 'queued' | 'failed' | 'not_due' | 'no_address' | 'no_mailbox';

export async function sendCsatInvitation(
  database: Database, transport: MailTransport | null, config: Pick<Config, 'publicUrl'> & { mail: Config['mail'] }, workspaceId: string, csatRequestId: string,
): Promise<CsatMailOutcome> {
  const db = database.db;
  const [request] = await db.select().from(csatRequests)
    .where(and(eq(csatRequests.workspaceId, workspaceId), eq(csatRequests.id, csatRequestId), isNull(csatRequests.sentAt), isNull(csatRequests.answeredAt)));
  if (!request) return 'not_due';
  const [kase] = await db.select().from(cases).where(and(eq(cases.workspaceId, workspaceId), eq(cases.id, request.caseId)));
  const [customer] = kase?.customerId
    ? await db.select().from(customers).where(and(eq(customers.workspaceId, workspaceId), eq(customers.id, kase.customerId)))
    : [];
  if (!kase || !customer?.email) return 'no_address';
  const candidates = await db.select().from(mailboxes).where(and(eq(mailboxes.workspaceId, workspaceId), eq(mailboxes.active, true))).orderBy(asc(mailboxes.createdAt));
  const mailbox = candidates.find((m) => m.id === kase.mailboxId) ?? candidates.find((m) => m.departmentId === kase.departmentId) ?? candidates[0];
  if (!mailbox) return 'no_mailbox';
  const link = await csatLinkFor(db, workspaceId, kase.id, config.publicUrl);
  if (!link) return 'not_due';
  const language = mailLanguageOf(request.language) ?? mailLanguageOf(customer.language) ?? 'az';
  const t = TEXTS[language];
  const scores = ([1, 2, 3, 4, 5] as const).map((s) => `${s}: ${link.scoreUrls[s]}`).join('\n');
  const queued = await db.transaction(async (tx) => {
    const row = await queueOutbound(tx, {
      workspaceId, mailboxId: mailbox.id, kind: 'notification', automatic: true, to: [customer.email ?? ''],
      subject: t.subject(kase.number), text: `${t.ask}\n${t.scale}\n\n${scores}\n\n${t.thanks}\n${mailbox.fromName ?? mailbox.name}\n`,
      caseRef: { id: kase.id, number: kase.number }, customerId: customer.id, messageIdDomain: config.mail.messageIdDomain,
    }, mailbox);
    await markCsatInvitationSent(tx, workspaceId, request.id);
    return row;
  });
  // Marked sent with the queued mail in one transaction: the outbox sweep retries delivery, nothing sends it twice.
  return transport ? deliverMessage(db, transport, workspaceId, queued.id) : 'queued';
}
