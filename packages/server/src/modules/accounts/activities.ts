import { and, asc, desc, eq, gte, isNull, lt, lte, or, sql } from 'drizzle-orm';
import type { ActivityCreate } from '@vefa/contract';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Db, Queryable } from '../../platform/db/database.ts';
import { recordAudit } from '../../platform/audit/auditLog.ts';
import { decodeCursor, encodeCursor } from '../../platform/http/cursor.ts';
import { conflict, invalid, notFound } from '../../platform/http/problem.ts';
import { enqueueJob } from '../../platform/jobs/jobQueue.ts';
import { customers } from '../customers/schema.ts';
import { findAccountRow, visibleAccount } from './access.ts';
import { workspaceSettings } from './accountFacts.ts';
import { onAccountTimeline } from './accountTimeline.ts';
import { presentActivity } from './presenter.ts';
import { activities, deals } from './schema.ts';

export const INVITATION_JOB = 'accounts.send_invitation';
const SCHEDULED = new Set(['meeting', 'appointment']);

function zoneIsKnown(timeZone: string) {
  try {
    new Intl.DateTimeFormat('en', { timeZone });
    return true;
  } catch {
    return false;
  }
}

/**
 * Logs a call, e-mail, fax, letter or chat, schedules a meeting or
 * appointment (optionally with an iCalendar invitation e-mailed to the
 * contact), or sets a task. One transaction: the activity, its audit entry,
 * the account's timeline and the invitation job.
 */
export async function createActivity(db: Db, actor: Actor, input: ActivityCreate) {
  const scheduled = SCHEDULED.has(input.kind);
  if (scheduled && !input.startsAt) throw invalid('body.startsAt', 'required', 'A meeting or appointment needs a start time');
  if (input.kind === 'task' && !input.dueAt) throw invalid('body.dueAt', 'required', 'A task needs a due date');
  if (input.startsAt && input.endsAt && Date.parse(input.endsAt) <= Date.parse(input.startsAt)) throw invalid('body.endsAt', 'before_start', 'The end must be after the start');
  if (input.timeZone && !zoneIsKnown(input.timeZone)) throw invalid('body.timeZone', 'unknown_time_zone', 'Use an IANA zone such as Asia/Baku or Europe/Istanbul');
  if (input.sendInvitation && !scheduled) throw invalid('body.sendInvitation', 'not_scheduled', 'Only meetings and appointments carry an invitation');
  if (input.sendInvitation && !input.contactId) throw invalid('body.contactId', 'required', 'Name the contact who receives the invitation');
  const { timeZone } = await workspaceSettings(db, actor.workspaceId);
  const row = await db.transaction(async (tx) => {
    const account = await findAccountRow(tx, actor, input.accountId).catch(() => { throw invalid('body.accountId', 'unknown_account', 'No key account with this id that you may work'); });
    if (input.contactId) {
      const [c] = await tx.select().from(customers).where(and(eq(customers.workspaceId, actor.workspaceId), eq(customers.id, input.contactId)));
      if (!c || c.kind !== 'person') throw invalid('body.contactId', 'not_a_person', 'contactId must be a person in this workspace');
      if (input.sendInvitation && !c.email) throw invalid('body.contactId', 'no_email', `${c.displayName} has no e-mail address for the invitation`);
    }
    if (input.dealId) {
      const [d] = await tx.select({ accountId: deals.accountId }).from(deals).where(and(eq(deals.workspaceId, actor.workspaceId), eq(deals.id, input.dealId)));
      if (!d || d.accountId !== account.customerId) throw invalid('body.dealId', 'unknown_deal', 'The deal is not one of this account');
    }
    const startsAt = input.startsAt ? new Date(input.startsAt) : null;
    const at = startsAt ?? (input.kind === 'task' && input.dueAt ? new Date(input.dueAt) : input.occurredAt ? new Date(input.occurredAt) : new Date());
    const [created] = await tx.insert(activities).values({
      workspaceId: actor.workspaceId, id: crypto.randomUUID(), kind: input.kind, accountId: account.customerId, contactId: input.contactId ?? null,
      dealId: input.dealId ?? null, subject: input.subject, body: input.body ?? null, direction: input.direction ?? null, at,
      startsAt, endsAt: input.endsAt ? new Date(input.endsAt) : startsAt ? new Date(startsAt.getTime() + 3600_000) : null,
      timeZone: scheduled ? input.timeZone ?? timeZone : null, location: input.location ?? null,
      dueAt: input.dueAt ? new Date(input.dueAt) : null, reminderMinutes: input.reminderMinutes ?? null,
      invitation: input.sendInvitation ? 'queued' : 'none', ownerId: actor.userId ?? account.ownerId,
    }).returning();
    if (!created) throw new Error('activity insert returned nothing');
    await recordAudit(tx, actor, { action: 'activity.created', entityType: 'activity', entityId: created.id, after: created });
    // Calls, mails and past meetings count as contact with the account; future plans and tasks do not (yet).
    const happened = input.kind !== 'task' && at.getTime() <= Date.now();
    await onAccountTimeline(tx, actor, account.customerId, {
      kind: `activity_${input.kind}`, summary: input.subject, body: input.body ?? null, occurredAt: at, sourceId: created.id, isContact: happened,
      data: { activityId: created.id, dealId: created.dealId, contactId: created.contactId, direction: created.direction },
    });
    if (input.sendInvitation) await enqueueJob(tx, actor.workspaceId, INVITATION_JOB, { activityId: created.id, organizerId: actor.userId }, { dedupeKey: `${created.id}:0` });
    if (input.reminderMinutes && startsAt) {
      await enqueueJob(tx, actor.workspaceId, REMINDER_JOB, { activityId: created.id }, { runAt: new Date(startsAt.getTime() - input.reminderMinutes * 60_000), dedupeKey: created.id });
    }
    return created;
  });
  return presentActivity(row);
}
export const REMINDER_JOB = 'accounts.activity_reminder';

export async function completeActivity(db: Db, actor: Actor, activityId: string) {
  const row = await db.transaction(async (tx) => {
    const [before] = await tx.select().from(activities)
      .where(and(eq(activities.workspaceId, actor.workspaceId), eq(activities.id, activityId), visibleAccount(actor, activities.accountId))).for('update');
    if (!before) throw notFound('Activity');
    if (before.doneAt) throw conflict('already_done', 'This is already done');
    const now = new Date();
    const [after] = await tx.update(activities).set({ doneAt: now }).where(and(eq(activities.workspaceId, actor.workspaceId), eq(activities.id, activityId))).returning();
    if (!after) throw notFound('Activity');
    await recordAudit(tx, actor, { action: 'activity.done', entityType: 'activity', entityId: activityId, before, after });
    if (before.kind !== 'task') {
      await onAccountTimeline(tx, actor, before.accountId, { kind: `activity_${before.kind}_held`, summary: before.subject, occurredAt: now, sourceId: activityId, isContact: true, data: { activityId } });
    }
    return after;
  });
  return presentActivity(row);
}

type Cursor = [string, string];
const isCursor = (v: unknown): v is Cursor => Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'string');

/** Newest first for a history; oldest first inside a calendar window (from/to). */
export async function listActivities(db: Queryable, actor: Actor, query: {
  accountId?: string | undefined; dealId?: string | undefined; contactId?: string | undefined; kind?: string | undefined;
  from?: string | undefined; to?: string | undefined; open?: string | undefined; cursor?: string | undefined; limit: number;
}) {
  const after = decodeCursor(query.cursor, isCursor);
  const calendar = Boolean(query.from || query.to);
  const keyset = after
    ? calendar
      ? or(sql`${activities.at} > ${after[0]}::timestamptz`, and(sql`${activities.at} = ${after[0]}::timestamptz`, sql`${activities.id} > ${after[1]}::uuid`))
      : or(lt(activities.at, new Date(after[0])), and(eq(activities.at, new Date(after[0])), lt(activities.id, after[1])))
    : undefined;
  const rows = await db.select().from(activities).where(and(
    eq(activities.workspaceId, actor.workspaceId),
    query.accountId ? eq(activities.accountId, query.accountId) : undefined,
    query.dealId ? eq(activities.dealId, query.dealId) : undefined,
    query.contactId ? eq(activities.contactId, query.contactId) : undefined,
    query.kind ? eq(activities.kind, query.kind) : undefined,
    query.from ? gte(activities.at, new Date(query.from)) : undefined,
    query.to ? lte(activities.at, new Date(query.to)) : undefined,
    query.open === 'true' ? isNull(activities.doneAt) : undefined,
    !query.accountId && !query.dealId ? eq(activities.ownerId, actor.userId ?? '00000000-0000-0000-0000-000000000000') : undefined,
    keyset,
    visibleAccount(actor, activities.accountId),
  )).orderBy(...(calendar ? [asc(activities.at), asc(activities.id)] : [desc(activities.at), desc(activities.id)])).limit(query.limit + 1);
  const items = rows.slice(0, query.limit);
  const last = items.at(-1);
  return { items: items.map(presentActivity), nextCursor: rows.length > query.limit && last ? encodeCursor([last.at.toISOString(), last.id]) : null };
}
