import { and, eq, sql } from 'drizzle-orm';
import { CASE_PRIORITIES, type CasePriority } from '@vefa/domain';
import { sqlRows, type Db, type Queryable } from '../../../platform/db/database.ts';
import { domainEvents } from '../../../platform/db/schema.ts';
import { systemActor } from '../../../platform/auth/actor.ts';
import { recordAudit } from '../../../platform/audit/auditLog.ts';
import { cases } from '../schema.ts';
import { appendCaseEvent } from '../cases/caseEvents.ts';
import { loadSlaContext, refreshSla, slaStateOf } from './caseClock.ts';

/** Marks `key` as fired in `column`; false when it already was, which is what makes each warning and breach fire once. */
async function claimOnce(tx: Queryable, workspaceId: string, caseId: string, column: 'sla_warned_for' | 'sla_escalated_for', key: string) {
  const col = sql.identifier(column);
  const rows = await sqlRows<{ id: string }>(tx, sql`update cases set ${col} = coalesce(${col} || '|', '') || ${key}
    where workspace_id = ${workspaceId} and id = ${caseId} and position(${key} in coalesce(${col}, '')) = 0 returning id`);
  return rows.length > 0;
}

/**
 * Runs at a clock's warning time and at its due time. It recomputes the clock
 * (the case may have been answered, paused or re-prioritised since), then
 * warns or escalates at most once per due time: notify (outbox event), raise
 * the priority one step, and/or reassign, as the policy says.
 */
export async function checkCaseSla(db: Db, workspaceId: string, caseId: string, metric: string, now = new Date()) {
  await db.transaction(async (tx) => {
    const [row] = await tx.select().from(cases).where(and(eq(cases.workspaceId, workspaceId), eq(cases.id, caseId))).for('update');
    if (!row || !row.isOpen) return;
    const ctx = await loadSlaContext(tx, workspaceId);
    const fresh = await refreshSla(tx, row, { ctx, now });
    const { clocks, policy } = slaStateOf(ctx, fresh, now);
    const clock = metric === 'first_response' ? clocks?.firstResponse : clocks?.resolution;
    if (!policy || !clock) return;
    const actor = systemActor(workspaceId);
    if (clock.state === 'breached' && clock.breachedAt) {
      if (!(await claimOnce(tx, workspaceId, caseId, 'sla_escalated_for', `${metric}@${clock.breachedAt.toISOString()}`))) return;
      await appendCaseEvent(tx, actor, fresh, { kind: 'sla_breached', data: { metric, dueAt: clock.dueAt?.toISOString() ?? null, policyId: policy.id } });
      const esc = policy.escalation;
      const i = CASE_PRIORITIES.indexOf(fresh.priority as CasePriority);
      const raised = esc.raisePriority && i >= 0 && i < CASE_PRIORITIES.length - 1 ? CASE_PRIORITIES[i + 1] : undefined;
      const reassign = esc.reassignToUserId && esc.reassignToUserId !== fresh.assigneeId ? esc.reassignToUserId : undefined;
      if (raised || reassign) {
        const [changed] = await tx.update(cases).set({ ...(raised ? { priority: raised } : {}), ...(reassign ? { assigneeId: reassign } : {}), updatedAt: now })
          .where(and(eq(cases.workspaceId, workspaceId), eq(cases.id, caseId))).returning();
        if (changed) {
          await appendCaseEvent(tx, actor, changed, { kind: 'escalated', data: { metric, fromPriority: fresh.priority, toPriority: changed.priority, fromAssigneeId: fresh.assigneeId, toAssigneeId: changed.assigneeId } });
          await recordAudit(tx, actor, { action: 'service.case.escalated', entityType: 'case', entityId: caseId, before: { priority: fresh.priority, assigneeId: fresh.assigneeId }, after: { priority: changed.priority, assigneeId: changed.assigneeId } });
        }
      }
      if (esc.notify) {
        await tx.insert(domainEvents).values({ workspaceId, type: 'service.case.sla_breached', entityId: caseId, payload: { caseId, number: fresh.number, metric, assigneeId: reassign ?? fresh.assigneeId, departmentId: fresh.departmentId } });
      }
      return;
    }
    if (clock.state === 'running' && clock.dueAt && clock.minutesLeft <= policy.warnBeforeMinutes + 0.5) {
      if (!(await claimOnce(tx, workspaceId, caseId, 'sla_warned_for', `${metric}@${clock.dueAt.toISOString()}`))) return;
      await appendCaseEvent(tx, actor, fresh, { kind: 'sla_warning', data: { metric, dueAt: clock.dueAt.toISOString(), minutesLeft: Math.floor(clock.minutesLeft) } });
      await tx.insert(domainEvents).values({ workspaceId, type: 'service.case.sla_warning', entityId: caseId, payload: { caseId, number: fresh.number, metric, dueAt: clock.dueAt.toISOString(), assigneeId: fresh.assigneeId, departmentId: fresh.departmentId } });
    }
  });
}
