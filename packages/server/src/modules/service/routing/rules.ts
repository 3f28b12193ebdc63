import { and, asc, eq, sql } from 'drizzle-orm';
import type { RoutingRule as DomainRule } from '@vefa/domain';
import type { RoutingRule, RoutingRuleCreate, RoutingRuleUpdate } from '@vefa/contract';
import type { Actor } from '../../../platform/auth/actor.ts';
import type { Db, Queryable } from '../../../platform/db/database.ts';
import { departments } from '../../../platform/db/schema.ts';
import { recordAudit } from '../../../platform/audit/auditLog.ts';
import { invalid, notFound } from '../../../platform/http/problem.ts';
import { routingRules } from '../schema.ts';
import { assertWorkspaceMember } from './agents.ts';
import { forgetDeskSettings } from '../deskSettings.ts';

type Row = typeof routingRules.$inferSelect;

export function presentRoutingRule(r: Row): RoutingRule {
  return {
    id: r.id, name: r.name, position: r.position, enabled: r.enabled, stop: r.stop,
    conditions: r.conditions as RoutingRule['conditions'], actions: r.actions as RoutingRule['actions'], createdAt: r.createdAt.toISOString(),
  };
}

export function toDomainRule(r: Row): DomainRule {
  const a = r.actions as RoutingRule['actions'];
  return {
    id: r.id, name: r.name, enabled: r.enabled, stop: r.stop, conditions: r.conditions as RoutingRule['conditions'],
    actions: { department: a.departmentId, priority: a.priority, assigneeId: a.assigneeId, tags: a.tags },
  };
}

export function listRoutingRuleRows(db: Queryable, workspaceId: string) {
  return db.select().from(routingRules).where(eq(routingRules.workspaceId, workspaceId)).orderBy(asc(routingRules.position), asc(routingRules.createdAt));
}

async function checkActions(db: Queryable, workspaceId: string, actions: RoutingRule['actions'] | undefined) {
  if (!actions) return;
  if (actions.departmentId) {
    const [d] = await db.select({ id: departments.id }).from(departments).where(and(eq(departments.workspaceId, workspaceId), eq(departments.id, actions.departmentId)));
    if (!d) throw invalid('body.actions.departmentId', 'unknown_department', 'No such department in this workspace');
  }
  if (actions.assigneeId) await assertWorkspaceMember(db, workspaceId, actions.assigneeId, 'body.actions.assigneeId');
}

export async function createRoutingRule(db: Db, actor: Actor, input: RoutingRuleCreate) {
  const created = await db.transaction(async (tx) => {
    await checkActions(tx, actor.workspaceId, input.actions);
    const [{ next } = { next: 0 }] = await tx.select({ next: sql<number>`coalesce(max(${routingRules.position}) + 1, 0)::int` }).from(routingRules).where(eq(routingRules.workspaceId, actor.workspaceId));
    const [row] = await tx.insert(routingRules).values({
      workspaceId: actor.workspaceId, id: crypto.randomUUID(), name: input.name, position: input.position ?? next,
      enabled: input.enabled, conditions: input.conditions, actions: input.actions, stop: input.stop,
    }).returning();
    if (!row) throw new Error('insert returned nothing');
    await recordAudit(tx, actor, { action: 'service.routing_rule.created', entityType: 'routing_rule', entityId: row.id, after: presentRoutingRule(row) });
    return presentRoutingRule(row);
  });
  forgetDeskSettings(actor.workspaceId);
  return created;
}

export async function updateRoutingRule(db: Db, actor: Actor, id: string, input: RoutingRuleUpdate) {
  const updated = await db.transaction(async (tx) => {
    const where = and(eq(routingRules.workspaceId, actor.workspaceId), eq(routingRules.id, id));
    const [before] = await tx.select().from(routingRules).where(where).for('update');
    if (!before) throw notFound('Routing rule');
    await checkActions(tx, actor.workspaceId, input.actions);
    const [row] = await tx.update(routingRules).set({
      name: input.name, position: input.position, enabled: input.enabled, conditions: input.conditions, actions: input.actions, stop: input.stop,
    }).where(where).returning();
    if (!row) throw notFound('Routing rule');
    await recordAudit(tx, actor, { action: 'service.routing_rule.updated', entityType: 'routing_rule', entityId: id, before: presentRoutingRule(before), after: presentRoutingRule(row) });
    return presentRoutingRule(row);
  });
  forgetDeskSettings(actor.workspaceId);
  return updated;
}

export async function deleteRoutingRule(db: Db, actor: Actor, id: string) {
  await db.transaction(async (tx) => {
    const [row] = await tx.delete(routingRules).where(and(eq(routingRules.workspaceId, actor.workspaceId), eq(routingRules.id, id))).returning();
    if (!row) throw notFound('Routing rule');
    await recordAudit(tx, actor, { action: 'service.routing_rule.deleted', entityType: 'routing_rule', entityId: id, before: presentRoutingRule(row) });
  });
  forgetDeskSettings(actor.workspaceId);
}
