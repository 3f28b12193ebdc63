import { and, asc, eq } from 'drizzle-orm';
import type { OnboardingTemplate } from '@vefa/contract';
import { OnboardingStart, OnboardingTemplateCreate } from '@vefa/contract';
import type { z } from 'zod';
import type { Actor } from '../../../platform/auth/actor.ts';
import type { Db, Queryable } from '../../../platform/db/database.ts';
import { recordAudit } from '../../../platform/audit/auditLog.ts';
import { invalid, notFound } from '../../../platform/http/problem.ts';
import { onboardingTemplates } from '../schema.ts';
import { createCase } from '../cases/caseCommands.ts';

type Row = typeof onboardingTemplates.$inferSelect;
const present = (r: Row): OnboardingTemplate => ({ id: r.id, name: r.name, steps: r.steps, createdAt: r.createdAt.toISOString() });

export async function listOnboardingTemplates(db: Queryable, workspaceId: string) {
  return (await db.select().from(onboardingTemplates).where(eq(onboardingTemplates.workspaceId, workspaceId)).orderBy(asc(onboardingTemplates.name))).map(present);
}

export async function createOnboardingTemplate(db: Db, actor: Actor, input: z.infer<typeof OnboardingTemplateCreate>) {
  const keys = input.steps.map((s) => s.key);
  const repeated = keys.findIndex((k, i) => keys.indexOf(k) !== i);
  if (repeated >= 0) throw invalid(`body.steps.${repeated}.key`, 'duplicate_key', 'Each step needs its own key');
  return db.transaction(async (tx) => {
    const [row] = await tx.insert(onboardingTemplates).values({ workspaceId: actor.workspaceId, id: crypto.randomUUID(), name: input.name, steps: input.steps }).returning();
    if (!row) throw new Error('insert returned nothing');
    await recordAudit(tx, actor, { action: 'service.onboarding_template.created', entityType: 'onboarding_template', entityId: row.id, after: present(row) });
    return present(row);
  });
}

export async function deleteOnboardingTemplate(db: Db, actor: Actor, id: string) {
  await db.transaction(async (tx) => {
    const [row] = await tx.delete(onboardingTemplates).where(and(eq(onboardingTemplates.workspaceId, actor.workspaceId), eq(onboardingTemplates.id, id))).returning();
    if (!row) throw notFound('Onboarding template');
    await recordAudit(tx, actor, { action: 'service.onboarding_template.deleted', entityType: 'onboarding_template', entityId: id, before: present(row) });
  });
}

/** An onboarding case for a new customer, its checklist copied from the template (later template edits don't rewrite it). */
export async function startOnboarding(db: Db, actor: Actor, input: z.infer<typeof OnboardingStart>) {
  const [t] = await db.select().from(onboardingTemplates).where(and(eq(onboardingTemplates.workspaceId, actor.workspaceId), eq(onboardingTemplates.id, input.templateId)));
  if (!t) throw invalid('body.templateId', 'unknown_template', 'No such onboarding template in this workspace');
  return createCase(db, actor, {
    customerId: input.customerId, subject: input.subject ?? t.name, description: '', type: 'onboarding', channel: 'api',
    onboardingTemplateId: t.id, ...(input.assigneeId !== undefined ? { assigneeId: input.assigneeId } : {}),
    ...(input.departmentId !== undefined ? { departmentId: input.departmentId } : {}),
  });
}
