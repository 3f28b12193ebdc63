import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { SurveyType } from '@vefa/domain/surveys/index';
import type { Database, Queryable } from '../../platform/db/database.ts';
import { sqlRows } from '../../platform/db/database.ts';
import { workspaces } from '../../platform/db/schema.ts';
import { consents, customers } from '../customers/schema.ts';
import { mailboxes } from '../service/mail/schema.ts';
import { deliverMessage, queueOutbound } from '../service/mail/sender.ts';
import type { MailTransport } from '../service/mail/transport.ts';
import { surveyDistributions, surveyInvitations, surveys } from './schema.ts';
import { surveySettingsOf } from './settings.ts';
import { claimContacts, releaseContact } from './fatigue.ts';
import { invitationToken } from './links.ts';
import { composeSurveyMail } from './surveyMail.ts';

export interface SendOptions {
  transport: MailTransport | null;
  publicUrl: string;
  messageIdDomain: string;
  now?: Date;
}

const DEFAULT_PER_MINUTE = 600;
const MAX_BATCH = 200;
type Outgoing = { kind: 'mailbox'; messageId: string } | { kind: 'direct'; to: string; from: string; subject: string; text: string; html: string } | null;

async function senderMailbox(db: Queryable, workspaceId: string) {
  const [box] = await db.select().from(mailboxes).where(and(eq(mailboxes.workspaceId, workspaceId), eq(mailboxes.active, true))).orderBy(asc(mailboxes.createdAt)).limit(1);
  return box ?? null;
}

/**
 * Prepares one ready invitation (or a reminder) inside a transaction: consent
 * checked again, the mail queued in the desk's outbox when the workspace has a
 * mailbox — all or nothing. Returns what to deliver after the commit.
 */
async function prepareOne(database: Database, workspaceId: string, invitationId: string, reminder: boolean, options: SendOptions): Promise<{ outcome: string; outgoing: Outgoing }> {
  const now = options.now ?? new Date();
  return database.db.transaction(async (tx) => {
    const [inv] = await tx.select().from(surveyInvitations).where(and(eq(surveyInvitations.workspaceId, workspaceId), eq(surveyInvitations.id, invitationId))).for('update', { skipLocked: true });
    if (!inv) return { outcome: 'busy', outgoing: null };
    if (reminder ? inv.status !== 'sent' || inv.remindedAt || inv.answeredAt : inv.status !== 'ready') return { outcome: 'done', outgoing: null };
    const [survey] = await tx.select().from(surveys).where(and(eq(surveys.workspaceId, workspaceId), eq(surveys.id, inv.surveyId)));
    const [customer] = await tx.select().from(customers).where(and(eq(customers.workspaceId, workspaceId), eq(customers.id, inv.customerId)));
    const [consent] = await tx.select().from(consents).where(and(eq(consents.workspaceId, workspaceId), eq(consents.customerId, inv.customerId), eq(consents.channel, 'email')));
    const mark = async (set: Partial<typeof surveyInvitations.$inferInsert>) => {
      await tx.update(surveyInvitations).set(set).where(and(eq(surveyInvitations.workspaceId, workspaceId), eq(surveyInvitations.id, inv.id)));
    };
    if (!survey || survey.status !== 'active') { if (!reminder) await mark({ status: 'cancelled' }); return { outcome: 'cancelled', outgoing: null }; }
    if (!customer?.email) { if (!reminder) await mark({ status: 'skipped_no_email' }); return { outcome: 'skipped_no_email', outgoing: null }; }
    if (!consent?.granted) {
      if (!reminder) {
        await mark({ status: 'skipped_consent' });
        await releaseContact(tx, workspaceId, inv.customerId, inv.id);
      } else await mark({ remindedAt: now, error: 'consent withdrawn before the reminder' });
      return { outcome: 'skipped_consent', outgoing: null };
    }
    // Consent is checked again: it may have been withdrawn since the invitation was queued.
    const settings = await surveySettingsOf(tx, workspaceId);
    const expiresAt = inv.expiresAt;
    const token = invitationToken(settings.signingKey, { workspaceId, id: inv.id, surveyId: inv.surveyId, customerId: inv.customerId, expiresAt });
    const [ws] = await tx.select({ name: workspaces.name }).from(workspaces).where(eq(workspaces.id, workspaceId));
    const language = inv.language === 'tr' || inv.language === 'en' ? inv.language : 'az';
    const mail = composeSurveyMail({
      language, customerName: customer.displayName, workspaceName: ws?.name ?? 'Vefa', type: survey.type as SurveyType,
      question: survey.question ?? null, token, publicUrl: options.publicUrl, reminder,
    });
    await mark(reminder ? { remindedAt: now } : { status: 'sent', sentAt: now });
    const box = await senderMailbox(tx, workspaceId);
    if (box) {
      const queued = await queueOutbound(tx, {
        workspaceId, mailboxId: box.id, kind: 'notification', to: [customer.email], subject: mail.subject, text: mail.text, html: mail.html,
        customerId: customer.id, automatic: true, messageIdDomain: options.messageIdDomain,
      });
      return { outcome: 'sent', outgoing: { kind: 'mailbox', messageId: queued.id } };
    }
    return { outcome: 'sent', outgoing: { kind: 'direct', to: customer.email, from: `survey@${options.messageIdDomain}`, subject: mail.subject, text: mail.text, html: mail.html } };
  });
}

async function deliver(database: Database, workspaceId: string, invitationId: string, outgoing: Outgoing, transport: MailTransport | null) {
  if (!outgoing || !transport) return; // without a transport mailbox mail waits in the desk's outbox
  if (outgoing.kind === 'mailbox') {
    await deliverMessage(database.db, transport, workspaceId, outgoing.messageId);
    return;
  }
  try {
    await transport.send({ from: outgoing.from, to: outgoing.to, subject: outgoing.subject, text: outgoing.text, html: outgoing.html, headers: { 'Auto-Submitted': 'auto-generated' } });
  } catch (error) {
    await database.db.update(surveyInvitations).set({ status: 'failed', error: (error instanceof Error ? error.message : String(error)).slice(0, 1000) })
      .where(and(eq(surveyInvitations.workspaceId, workspaceId), eq(surveyInvitations.id, invitationId)));
  }
}

const QUEUE_BATCH = 5000;
const MAX_QUEUE_BATCHES_PER_RUN = 50;
const uuidArray = (ids: readonly string[]) => `{${ids.join(',')}}`;

/**
 * Queues one batch of due invitations set-based, in one transaction: the batch
 * is locked (SKIP LOCKED, so workers share the queue), consent and address read
 * in the same statement, the fatigue window claimed for the whole batch by one
 * conditional upsert, and every outcome written by one UPDATE … FROM unnest.
 * Winners become `ready` with their link's expiry fixed; the throttled delivery
 * mails them. Returns the outcomes, or null when nothing was due.
 */
export async function queueDueBatch(database: Database, workspaceId: string, now: Date, size = QUEUE_BATCH): Promise<Record<string, number> | null> {
  return database.db.transaction(async (tx) => {
    const at = now.toISOString();
    const rows = await sqlRows<{ id: string; customer_id: string; survey_status: string; email: string | null; consent: boolean }>(tx, sql`
      select i.id, i.customer_id, s.status as survey_status, c.email,
        -- A correlated look-up by the full key: a left join here was planned as a scan per row on fresh tables.
        coalesce((select k.granted from consents k where k.workspace_id = i.workspace_id and k.customer_id = i.customer_id and k.channel = 'email'), false) as consent
      from survey_invitations i
      join surveys s on s.workspace_id = i.workspace_id and s.id = i.survey_id
      join customers c on c.workspace_id = i.workspace_id and c.id = i.customer_id
      where i.workspace_id = ${workspaceId} and i.status = 'queued' and i.send_after <= ${at}::timestamptz
      order by i.send_after, i.id limit ${size}
      for update of i skip locked`);
    if (rows.length === 0) return null;
    const outcome = new Map<string, string>();
    const claimants = new Map<string, string>(); // customer → invitation: one claim per customer and batch
    for (const r of rows) {
      if (r.survey_status !== 'active') outcome.set(r.id, 'cancelled');
      else if (!r.email) outcome.set(r.id, 'skipped_no_email');
      else if (!r.consent) outcome.set(r.id, 'skipped_consent');
      else if (!claimants.has(r.customer_id)) claimants.set(r.customer_id, r.id);
      // A second invitation of the same customer stays queued: the next batch claims it against the window just taken.
    }
    if (claimants.size > 0) {
      const settings = await surveySettingsOf(tx, workspaceId);
      const winners = await claimContacts(tx, workspaceId, [...claimants].map(([customerId, invitationId]) => ({ customerId, invitationId })), now, settings.fatigueDays);
      for (const id of claimants.values()) outcome.set(id, winners.has(id) ? 'ready' : 'skipped_fatigue');
    }
    if (outcome.size > 0) {
      await tx.execute(sql`
        update survey_invitations i set status = u.status,
          expires_at = case when u.status = 'ready' then ${at}::timestamptz + make_interval(days => s.valid_days) else i.expires_at end
        from unnest(${uuidArray([...outcome.keys()])}::uuid[], ${`{${[...outcome.values()].join(',')}}`}::text[]) as u(id, status), surveys s
        where i.workspace_id = ${workspaceId} and i.id = u.id and s.workspace_id = i.workspace_id and s.id = i.survey_id`);
    }
    const counts: Record<string, number> = {};
    for (const o of outcome.values()) if (o !== 'ready') counts[o] = (counts[o] ?? 0) + 1;
    return counts;
  });
}

/** Queues every due invitation, batch by batch (bounded per run so one job does not run for ever). */
export async function queueDueInvitations(database: Database, workspaceId: string, now: Date, batchSize = QUEUE_BATCH) {
  const outcomes: Record<string, number> = {};
  for (let i = 0; i < MAX_QUEUE_BATCHES_PER_RUN; i++) {
    const batch = await queueDueBatch(database, workspaceId, now, batchSize);
    if (!batch) break;
    for (const [k, v] of Object.entries(batch)) outcomes[k] = (outcomes[k] ?? 0) + v;
  }
  return outcomes;
}

/**
 * One run of the sender: queues every due invitation set-based, then mails up
 * to a minute's quota of ready ones (the oldest distribution's perMinute), then
 * reminders that are due. Returns when to run again, or null when nothing is left.
 */
export async function sendDueInvitations(database: Database, workspaceId: string, options: SendOptions) {
  const now = options.now ?? new Date();
  const outcomes = await queueDueInvitations(database, workspaceId, now);
  const [first] = await database.db.select({ perMinute: surveyDistributions.perMinute }).from(surveyInvitations)
    .leftJoin(surveyDistributions, and(eq(surveyDistributions.workspaceId, surveyInvitations.workspaceId), eq(surveyDistributions.id, surveyInvitations.distributionId)))
    .where(and(eq(surveyInvitations.workspaceId, workspaceId), eq(surveyInvitations.status, 'ready')))
    .orderBy(asc(surveyInvitations.sendAfter)).limit(1);
  const perMinute = first?.perMinute ?? DEFAULT_PER_MINUTE;
  const batch = Math.max(1, Math.min(MAX_BATCH, perMinute));
  const due = await database.db.select({ id: surveyInvitations.id }).from(surveyInvitations)
    .where(and(eq(surveyInvitations.workspaceId, workspaceId), eq(surveyInvitations.status, 'ready')))
    .orderBy(asc(surveyInvitations.sendAfter), asc(surveyInvitations.id)).limit(batch);
  for (const { id } of due) {
    const { outcome, outgoing } = await prepareOne(database, workspaceId, id, false, options);
    outcomes[outcome] = (outcomes[outcome] ?? 0) + 1;
    await deliver(database, workspaceId, id, outgoing, options.transport);
  }
  const reminders = await sqlRows<{ id: string }>(database.db, sql`
    select i.id from survey_invitations i join survey_distributions d on d.workspace_id = i.workspace_id and d.id = i.distribution_id
    where i.workspace_id = ${workspaceId} and i.status = 'sent' and i.reminded_at is null and i.answered_at is null and d.reminder_after_days is not null
      and i.sent_at <= ${now.toISOString()}::timestamptz - make_interval(days => d.reminder_after_days) and i.expires_at > ${now.toISOString()}::timestamptz
    order by i.sent_at limit ${batch}`);
  for (const { id } of reminders) {
    const { outcome, outgoing } = await prepareOne(database, workspaceId, id, true, options);
    outcomes[`reminder_${outcome}`] = (outcomes[`reminder_${outcome}`] ?? 0) + 1;
    await deliver(database, workspaceId, id, outgoing, options.transport);
  }
  const [left] = await database.db.select({ id: surveyInvitations.id }).from(surveyInvitations)
    .where(and(eq(surveyInvitations.workspaceId, workspaceId), inArray(surveyInvitations.status, ['queued', 'ready']))).limit(1);
  const nextRunAt = left ? new Date(now.getTime() + Math.ceil((60_000 * Math.max(1, due.length)) / perMinute)) : null;
  return { outcomes, nextRunAt };
}

/** The earliest reminder still to come (the job sleeps until then when nothing else is queued). */
export async function nextReminderAt(db: Queryable, workspaceId: string): Promise<Date | null> {
  const rows = await sqlRows<{ at: string | null }>(db, sql`
    select min(i.sent_at + make_interval(days => d.reminder_after_days))::text as at from survey_invitations i
    join survey_distributions d on d.workspace_id = i.workspace_id and d.id = i.distribution_id
    where i.workspace_id = ${workspaceId} and i.status = 'sent' and i.reminded_at is null and d.reminder_after_days is not null`);
  return rows[0]?.at ? new Date(rows[0].at) : null;
}

