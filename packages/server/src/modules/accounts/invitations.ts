import { and, eq } from 'drizzle-orm';
import { buildInvitation, wallTime } from '@vefa/domain/accounts/index';
import { readConfig } from '../../platform/config.ts';
import type { Database } from '../../platform/db/database.ts';
import { users } from '../../platform/db/schema.ts';
import type { ClaimedJob } from '../../platform/jobs/jobQueue.ts';
import { customers } from '../customers/schema.ts';
import { transportFor } from '../service/mail/transport.ts';
import { activities } from './schema.ts';
import { asLang, text } from './texts.ts';

const pad = (n: number) => String(n).padStart(2, '0');

/**
 * E-mails the appointment's iCalendar invitation to its contact (a text
 * part and a text/calendar; method=REQUEST part, which calendars turn into
 * accept/decline buttons). Without an SMTP transport the activity says so
 * instead of pretending it was sent.
 */
export async function sendInvitation(database: Database, job: ClaimedJob) {
  const db = database.db;
  const activityId = typeof job.payload.activityId === 'string' ? job.payload.activityId : '';
  const [a] = await db.select().from(activities).where(and(eq(activities.workspaceId, job.workspaceId), eq(activities.id, activityId)));
  if (!a || !a.startsAt || !a.endsAt || !a.contactId || a.invitation === 'sent') return;
  const setStatus = (invitation: string) => db.update(activities).set({ invitation }).where(and(eq(activities.workspaceId, job.workspaceId), eq(activities.id, a.id)));
  const transport = transportFor(readConfig().mail.smtpUrl);
  if (!transport) { await setStatus('no_transport'); return; }
  const [contact] = await db.select().from(customers).where(and(eq(customers.workspaceId, job.workspaceId), eq(customers.id, a.contactId)));
  const [organizer] = await db.select().from(users).where(eq(users.id, a.ownerId));
  if (!contact?.email || !organizer) { await setStatus('failed'); return; }
  const timeZone = a.timeZone ?? 'Asia/Baku';
  const ics = buildInvitation({
    uid: `${a.id}@vefa`, start: a.startsAt.getTime(), end: a.endsAt.getTime(), timeZone, summary: a.subject, description: a.body,
    location: a.location, organizer: { name: organizer.name, email: organizer.email }, attendees: [{ name: contact.displayName, email: contact.email }],
    sequence: a.sequence, reminderMinutes: a.reminderMinutes, stamp: Date.now(),
  });
  const lang = asLang(contact.language);
  const w = wallTime(a.startsAt.getTime(), timeZone);
  const when = `${w.year}-${pad(w.month)}-${pad(w.day)} ${pad(w.hour)}:${pad(w.minute)}`;
  try {
    await transport.send({
      from: { name: organizer.name, address: organizer.email },
      to: { name: contact.displayName, address: contact.email },
      subject: text(lang, 'invitationSubject', { subject: a.subject }),
      text: text(lang, 'invitationBody', {
        name: contact.displayName, when, zone: timeZone, subject: a.subject, organizer: organizer.name,
        location: a.location ? `${text(lang, 'location', { location: a.location })}\n` : '',
      }),
      icalEvent: { method: 'REQUEST', filename: 'invitation.ics', content: ics },
    });
  } catch (error) {
    if (job.attempts >= job.maxAttempts) await setStatus('failed');
    throw error;
  }
  await setStatus('sent');
}

/** The owner's own reminder before a meeting, by e-mail when a transport is configured. */
export async function sendReminder(database: Database, job: ClaimedJob) {
  const db = database.db;
  const activityId = typeof job.payload.activityId === 'string' ? job.payload.activityId : '';
  const [a] = await db.select().from(activities).where(and(eq(activities.workspaceId, job.workspaceId), eq(activities.id, activityId)));
  if (!a || a.doneAt || !a.startsAt) return;
  const transport = transportFor(readConfig().mail.smtpUrl);
  const [owner] = await db.select().from(users).where(eq(users.id, a.ownerId));
  if (!transport || !owner) return;
  const lang = asLang(owner.locale);
  const w = wallTime(a.startsAt.getTime(), a.timeZone ?? 'Asia/Baku');
  await transport.send({
    from: { name: 'Vefa', address: owner.email }, to: owner.email, subject: text(lang, 'invitationSubject', { subject: a.subject }),
    text: `${a.subject} — ${w.year}-${pad(w.month)}-${pad(w.day)} ${pad(w.hour)}:${pad(w.minute)} (${a.timeZone ?? ''})`,
  });
}
