import { and, asc, eq, sql } from 'drizzle-orm';
import type { SlaPolicy as DomainSlaPolicy, CasePriority, CaseType } from '@vefa/domain';
import type { SlaPolicy, SlaPolicyCreate } from '@vefa/contract';
import { SlaPolicyUpdate } from '@vefa/contract';
import type { z } from 'zod';
import type { Actor } from '../../../platform/auth/actor.ts';
import type { Db, Queryable } from '../../../platform/db/database.ts';
import { recordAudit } from '../../../platform/audit/auditLog.ts';
import { notFound } from '../../../platform/http/problem.ts';
import { slaPolicies } from '../schema.ts';
import { forgetDeskSettings } from '../deskSettings.ts';

export type SlaPolicyRow = typeof slaPolicies.$inferSelect;

export function presentSlaPolicy(r: SlaPolicyRow): SlaPolicy {
  return {
    id: r.id, name: r.name, position: r.position, enabled: r.enabled,
    conditions: {
      ...(r.conditions.priorities ? { priorities: r.conditions.priorities as CasePriority[] } : {}),
      ...(r.conditions.types ? { types: r.conditions.types as CaseType[] } : {}),
      ...(r.conditions.customerTiers ? { customerTiers: r.conditions.customerTiers } : {}),
    },
    firstResponseMinutes: r.firstResponseMinutes, resolutionMinutes: r.resolutionMinutes, warnBeforeMinutes: r.warnBeforeMinutes,
    escalation: r.escalation, createdAt: r.createdAt.toISOString(),
  };
}

/** The domain's view: a null target means the metric is not measured. */
export function toDomainPolicy(r: SlaPolicyRow): DomainSlaPolicy {
  return {
    id: r.id, name: r.name, enabled: r.enabled,
    conditions: {
      priorities: r.conditions.priorities as CasePriority[] | undefined,
      types: r.conditions.types as CaseType[] | undefined,
      customerTiers: r.conditions.customerTiers,
    },
    ...(r.firstResponseMinutes !== null ? { firstResponseMinutes: r.firstResponseMinutes } : {}),
    ...(r.resolutionMinutes !== null ? { resolutionMinutes: r.resolutionMinutes } : {}),
  };
}

export function listSlaPolicyRows(db: Queryable, workspaceId: string) {
  return db.select().from(slaPolicies).where(eq(slaPolicies.workspaceId, workspaceId)).orderBy(asc(slaPolicies.position), asc(slaPolicies.createdAt));
}

export async function createSlaPolicy(db: Db, actor: Actor, input: SlaPolicyCreate) {
  const created = await db.transaction(async (tx) => {
    const [{ next } = { next: 0 }] = await tx.select({ next: sql<number>`coalesce(max(${slaPolicies.position}) + 1, 0)::int` }).from(slaPolicies).where(eq(slaPolicies.workspaceId, actor.workspaceId));
    const [row] = await tx.insert(slaPolicies).values({
      workspaceId: actor.workspaceId, id: crypto.randomUUID(), name: input.name, position: input.position ?? next, enabled: input.enabled,
      conditions: input.conditions, firstResponseMinutes: input.firstResponseMinutes, resolutionMinutes: input.resolutionMinutes,
      warnBeforeMinutes: input.warnBeforeMinutes, escalation: input.escalation,
    }).returning();
    if (!row) throw new Error('insert returned nothing');
    await recordAudit(tx, actor, { action: 'service.sla_policy.created', entityType: 'sla_policy', entityId: row.id, after: presentSlaPolicy(row) });
    return presentSlaPolicy(row);
  });
  forgetDeskSettings(actor.workspaceId);
  return created;
}

export async function updateSlaPolicy(db: Db, actor: Actor, id: string, input: z.infer<typeof SlaPolicyUpdate>) {
  const updated = await db.transaction(async (tx) => {
    const where = and(eq(slaPolicies.workspaceId, actor.workspaceId), eq(slaPolicies.id, id));
    const [before] = await tx.select().from(slaPolicies).where(where).for('update');
    if (!before) throw notFound('SLA policy');
    const [row] = await tx.update(slaPolicies).set({
      name: input.name, position: input.position, enabled: input.enabled, conditions: input.conditions,
      firstResponseMinutes: input.firstResponseMinutes, resolutionMinutes: input.resolutionMinutes,
      warnBeforeMinutes: input.warnBeforeMinutes, escalation: input.escalation,
    }).where(where).returning();
    if (!row) throw notFound('SLA policy');
    await recordAudit(tx, actor, { action: 'service.sla_policy.updated', entityType: 'sla_policy', entityId: id, before: presentSlaPolicy(before), after: presentSlaPolicy(row) });
    return presentSlaPolicy(row);
  });
  forgetDeskSettings(actor.workspaceId);
  return updated;
}

export async function deleteSlaPolicy(db: Db, actor: Actor, id: string) {
  await db.transaction(async (tx) => {
    const [row] = await tx.delete(slaPolicies).where(and(eq(slaPolicies.workspaceId, actor.workspaceId), eq(slaPolicies.id, id))).returning();
    if (!row) throw notFound('SLA policy');
    await recordAudit(tx, actor, { action: 'service.sla_policy.deleted', entityType: 'sla_policy', entityId: id, before: presentSlaPolicy(row) });
  });
  forgetDeskSettings(actor.workspaceId);
}
