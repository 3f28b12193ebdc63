import { and, desc, eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { SurveyCreate, SurveyUpdate } from '@vefa/contract';
import type { Db, Queryable } from '../../platform/db/database.ts';
import type { Actor } from '../../platform/auth/actor.ts';
import { recordAudit } from '../../platform/audit/auditLog.ts';
import { invalid, notFound } from '../../platform/http/problem.ts';
import { departments } from '../../platform/db/schema.ts';
import { surveys } from './schema.ts';
import { presentSurvey } from './presenter.ts';
import { scheduleTriggerScan } from './jobs.ts';

export type SurveyRow = typeof surveys.$inferSelect;

export async function findSurveyRow(db: Queryable, workspaceId: string, id: string): Promise<SurveyRow> {
  const [row] = await db.select().from(surveys).where(and(eq(surveys.workspaceId, workspaceId), eq(surveys.id, id)));
  if (!row) throw notFound('Survey');
  return row;
}

async function checkShape(tx: Queryable, workspaceId: string, s: { type: string; question?: unknown; questions: readonly { id: string }[]; followUpDepartmentId: string | null }) {
  if (s.type !== 'custom' && !s.question) throw invalid('body.question', 'required', 'A scored survey needs its question in az, tr and en');
  if (s.type === 'custom' && s.questions.length === 0) throw invalid('body.questions', 'required', 'A custom survey needs at least one question');
  const ids = new Set<string>();
  for (const [i, q] of s.questions.entries()) {
    if (ids.has(q.id)) throw invalid(`body.questions.${i}.id`, 'duplicate', 'Each question needs its own id');
    ids.add(q.id);
  }
  if (s.followUpDepartmentId) {
    const [dept] = await tx.select({ id: departments.id }).from(departments).where(and(eq(departments.workspaceId, workspaceId), eq(departments.id, s.followUpDepartmentId)));
    if (!dept) throw invalid('body.followUpDepartmentId', 'not_found', 'No such department in this workspace');
  }
}

export async function createSurvey(db: Db, actor: Actor, input: z.infer<typeof SurveyCreate>) {
  return db.transaction(async (tx) => {
    await checkShape(tx, actor.workspaceId, input);
    const [row] = await tx.insert(surveys).values({
      workspaceId: actor.workspaceId, id: crypto.randomUUID(), name: input.name, type: input.type, status: 'draft',
      question: input.question ?? null, commentPrompt: input.commentPrompt ?? null, questions: input.questions,
      trigger: input.trigger, followUpDepartmentId: input.followUpDepartmentId, validDays: input.validDays,
    }).returning();
    if (!row) throw new Error('survey insert returned nothing');
    const view = presentSurvey(row);
    await recordAudit(tx, actor, { action: 'surveys.created', entityType: 'survey', entityId: row.id, after: view });
    return view;
  });
}

export async function updateSurvey(db: Db, actor: Actor, id: string, patch: z.infer<typeof SurveyUpdate>) {
  return db.transaction(async (tx) => {
    const before = await findSurveyRow(tx, actor.workspaceId, id);
    const next = { ...before, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) } as SurveyRow;
    await checkShape(tx, actor.workspaceId, next);
    const [row] = await tx.update(surveys).set({
      name: next.name, status: next.status, question: next.question, commentPrompt: next.commentPrompt, questions: next.questions,
      trigger: next.trigger, followUpDepartmentId: next.followUpDepartmentId, validDays: next.validDays, updatedAt: new Date(),
    }).where(and(eq(surveys.workspaceId, actor.workspaceId), eq(surveys.id, id))).returning();
    if (!row) throw notFound('Survey');
    if (row.status === 'active' && row.trigger) await scheduleTriggerScan(tx, actor.workspaceId, new Date());
    const view = presentSurvey(row);
    await recordAudit(tx, actor, { action: 'surveys.updated', entityType: 'survey', entityId: id, before: presentSurvey(before), after: view });
    return view;
  });
}

export async function listSurveys(db: Queryable, workspaceId: string) {
  const rows = await db.select().from(surveys).where(eq(surveys.workspaceId, workspaceId)).orderBy(desc(surveys.createdAt)).limit(500);
  return rows.map(presentSurvey);
}
