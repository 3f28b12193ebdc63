import { and, eq, isNull, sql } from 'drizzle-orm';
import { localDay } from '@vefa/domain/accounts/index';
import { systemActor } from '../../platform/auth/actor.ts';
import { recordAudit } from '../../platform/audit/auditLog.ts';
import { sqlRows, type Db, type Queryable } from '../../platform/db/database.ts';
import { enqueueJob } from '../../platform/jobs/jobQueue.ts';
import { workspaceSettings } from './accountFacts.ts';
import { onAccountTimeline } from './accountTimeline.ts';
import { activities, contracts, orders } from './schema.ts';
import { asLang, text } from './texts.ts';

export const SWEEP_JOB = 'accounts.sweep';

/** Queues the next hourly sweep of a workspace; the dedupe key makes repeated calls in one hour one job. */
export async function scheduleSweep(tx: Queryable, workspaceId: string, runAt = new Date()) {
  await enqueueJob(tx, workspaceId, SWEEP_JOB, {}, { runAt, dedupeKey: `sweep:${runAt.toISOString().slice(0, 13)}` });
}

export async function scheduleAllSweeps(db: Queryable) {
  const rows = await sqlRows<{ workspace_id: string }>(db, sql`select distinct workspace_id from key_accounts`);
  for (const r of rows) await scheduleSweep(db, r.workspace_id);
}

/** The account's owner and the language they read Vefa in (tasks are written in it). */
function ownerOf(tx: Queryable, workspaceId: string, accountId: string) {
  return sqlRows<{ owner_id: string; locale: string | null }>(tx, sql`select ka.owner_id, u.locale from key_accounts ka left join users u on u.id = ka.owner_id
    where ka.workspace_id = ${workspaceId} and ka.customer_id = ${accountId}`);
}

async function ownerTask(tx: Queryable, workspaceId: string, accountId: string, subject: string, dueAt: Date, ownerId: string) {
  await tx.insert(activities).values({ workspaceId, id: crypto.randomUUID(), kind: 'task', accountId, subject, at: dueAt, dueAt, ownerId });
}

/**
 * Contracts whose renewal reminder day has come get one task for the owner
 * and one timeline entry. The row is claimed by a conditional update in the
 * same transaction, so a rerun, a retry or a second worker finds nothing left.
 */
export async function remindRenewals(db: Db, workspaceId: string, now = Date.now()) {
  const { timeZone } = await workspaceSettings(db, workspaceId);
  const today = localDay(now, timeZone);
  const actor = systemActor(workspaceId);
  const due = await sqlRows<{ id: string }>(db, sql`select id from account_contracts where workspace_id = ${workspaceId} and status = 'active'
    and renewal_on is not null and renewal_reminded_at is null and renewal_on - reminder_days <= ${today}::date limit 500`);
  let fired = 0;
  for (const { id } of due) {
    await db.transaction(async (tx) => {
      const [c] = await tx.update(contracts).set({ renewalRemindedAt: new Date(now) })
        .where(and(eq(contracts.workspaceId, workspaceId), eq(contracts.id, id), isNull(contracts.renewalRemindedAt))).returning();
      if (!c || !c.renewalOn) return;
      const [owner] = await ownerOf(tx, workspaceId, c.accountId);
      const subject = text(asLang(owner?.locale), 'renewalDue', { title: `${c.number} ${c.title}`, date: c.renewalOn });
      if (owner) await ownerTask(tx, workspaceId, c.accountId, subject, new Date(`${c.renewalOn}T09:00:00Z`), owner.owner_id);
      await onAccountTimeline(tx, actor, c.accountId, { kind: 'contract_renewal_due', summary: `${c.number}: ${c.title}`, sourceId: c.id, data: { contractId: c.id, renewalOn: c.renewalOn } });
      await recordAudit(tx, actor, { action: 'contract.renewal_reminded', entityType: 'contract', entityId: c.id, after: { renewalOn: c.renewalOn } });
      fired++;
    });
  }
  return fired;
}

/** Orders past their due day and not delivered: one alert each (task + timeline), claimed like renewals. */
export async function alertOverdueOrders(db: Db, workspaceId: string, now = Date.now()) {
  const { timeZone } = await workspaceSettings(db, workspaceId);
  const today = localDay(now, timeZone);
  const actor = systemActor(workspaceId);
  const due = await sqlRows<{ id: string }>(db, sql`select id from account_orders where workspace_id = ${workspaceId}
    and status not in ('delivered', 'invoiced', 'cancelled') and due_on < ${today}::date and overdue_alerted_at is null limit 500`);
  let fired = 0;
  for (const { id } of due) {
    await db.transaction(async (tx) => {
      const [o] = await tx.update(orders).set({ overdueAlertedAt: new Date(now) })
        .where(and(eq(orders.workspaceId, workspaceId), eq(orders.id, id), isNull(orders.overdueAlertedAt))).returning();
      if (!o || !o.dueOn) return;
      const [owner] = await ownerOf(tx, workspaceId, o.accountId);
      const subject = text(asLang(owner?.locale), 'orderOverdue', { number: o.number, date: o.dueOn });
      if (owner) await ownerTask(tx, workspaceId, o.accountId, subject, new Date(now), owner.owner_id);
      await onAccountTimeline(tx, actor, o.accountId, { kind: 'order_overdue', summary: o.number, sourceId: o.id, data: { orderId: o.id, dueOn: o.dueOn, status: o.status } });
      await recordAudit(tx, actor, { action: 'order.overdue_alerted', entityType: 'order', entityId: o.id, after: { dueOn: o.dueOn, status: o.status } });
      fired++;
    });
  }
  return fired;
}
