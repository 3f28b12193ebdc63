import { and, eq, isNull } from 'drizzle-orm';
import { mentionHandles, resolveMentions, type CaseStatus } from '@vefa/domain';
import type { CaseAssign, CaseCreate, CaseNoteCreate, CaseResolve, CaseUpdate, ContactLogCreate } from '@vefa/contract';
import type { Actor } from '../../../platform/auth/actor.ts';
import type { Db, Queryable } from '../../../platform/db/database.ts';
import { departments, memberships, users } from '../../../platform/db/schema.ts';
import { recordAudit } from '../../../platform/audit/auditLog.ts';
import { invalid, notFound, ProblemError } from '../../../platform/http/problem.ts';
import { appendTimelineEntry } from '../../customers/timeline.ts';
import { findCustomerRow } from '../../customers/customerService.ts';
import { cases, onboardingTemplates } from '../schema.ts';
import { findCaseRow } from '../access.ts';
import { loadSlaContext, refreshSla, type CaseRow } from '../sla/caseClock.ts';
import { assertWorkspaceMember } from '../routing/agents.ts';
import { requestCsat } from '../csat/csat.ts';
import { appendCaseEvent } from './caseEvents.ts';
import { customerByEmail, openCase } from './openCase.ts';
import { presentCase, presentCaseEvent } from './presenter.ts';
import { statusFields } from './statusChange.ts';

export async function caseView(db: Queryable, row: CaseRow) {
  return presentCase(db, row, await loadSlaContext(db, row.workspaceId));
}

export async function getCase(db: Queryable, actor: Actor, id: string) {
  return caseView(db, await findCaseRow(db, actor, id));
}

async function onboardingSteps(db: Queryable, workspaceId: string, templateId: string, field: string) {
  const [t] = await db.select().from(onboardingTemplates).where(and(eq(onboardingTemplates.workspaceId, workspaceId), eq(onboardingTemplates.id, templateId)));
  if (!t) throw invalid(field, 'unknown_template', 'No such onboarding template in this workspace');
  return { templateId: t.id, steps: t.steps };
}

/** A case from the API (chat, other systems) or a person at the desk. */
export async function createCase(db: Db, actor: Actor, input: CaseCreate) {
  if (!input.customerId && !input.customerEmail) throw invalid('body.customerId', 'required', 'Give customerId or customerEmail');
  return db.transaction(async (tx) => {
    const customerId = input.customerId
      ? (await findCustomerRow(tx, actor.workspaceId, input.customerId).catch(() => { throw invalid('body.customerId', 'unknown_customer', 'No such customer in this workspace'); })).id
      : await customerByEmail(tx, actor, input.customerEmail ?? '', input.customerName ?? null, { language: input.language ?? null, source: input.channel });
    const onboarding = input.onboardingTemplateId ? await onboardingSteps(tx, actor.workspaceId, input.onboardingTemplateId, 'body.onboardingTemplateId') : undefined;
    const row = await openCase(tx, actor, {
      customerId, subject: input.subject, description: input.description, channel: input.channel, type: onboarding ? 'onboarding' : input.type,
      category: input.category ?? null, ...(input.priority ? { priority: input.priority } : {}), language: input.language ?? null,
      departmentId: input.departmentId ?? null, assigneeId: input.assigneeId ?? null, tags: input.tags ?? [], ...(onboarding ? { onboarding } : {}),
    });
    return caseView(tx, row);
  });
}

const auditOf = (r: CaseRow) => ({ status: r.status, priority: r.priority, type: r.type, category: r.category, departmentId: r.departmentId, assigneeId: r.assigneeId, tags: r.tags, rootCause: r.rootCause, actionTaken: r.actionTaken });

/** Everything a status change brings along: CSAT on resolution, the clock, the history event. */
async function afterStatusChange(tx: Queryable, actor: Actor, before: CaseRow, after: CaseRow) {
  if (after.status === 'resolved') await requestCsat(tx, after);
  await appendCaseEvent(tx, actor, after, {
    kind: after.status === 'resolved' ? 'resolved' : 'status_changed',
    data: { from: before.status, to: after.status, ...(after.status === 'resolved' ? { rootCause: after.rootCause, actionTaken: after.actionTaken } : {}) },
  });
}

export async function applyCaseUpdate(tx: Queryable, actor: Actor, row: CaseRow, input: CaseUpdate & { assigneeId?: string | null }, field = 'body') {
  const now = new Date();
  if (input.departmentId) {
    const [d] = await tx.select({ id: departments.id }).from(departments).where(and(eq(departments.workspaceId, actor.workspaceId), eq(departments.id, input.departmentId)));
    if (!d) throw invalid(`${field}.departmentId`, 'unknown_department', 'No such department in this workspace');
  }
  if (input.assigneeId) await assertWorkspaceMember(tx, actor.workspaceId, input.assigneeId, `${field}.assigneeId`);
  const set: Partial<CaseRow> = { updatedAt: now };
  if (input.status !== undefined && input.status !== row.status) Object.assign(set, statusFields(row, input.status as CaseStatus, now, `${field}.status`));
  else if (input.status !== undefined) statusFields(row, input.status as CaseStatus, now, `${field}.status`);
  for (const key of ['priority', 'type', 'category', 'subject', 'departmentId', 'tags', 'rootCause', 'actionTaken', 'assigneeId'] as const) {
    if (input[key] !== undefined) Object.assign(set, { [key]: input[key] });
  }
  const [updated] = await tx.update(cases).set(set).where(and(eq(cases.workspaceId, row.workspaceId), eq(cases.id, row.id))).returning();
  if (!updated) throw notFound('Case');
  const rematch = updated.priority !== row.priority || updated.type !== row.type;
  const after = await refreshSla(tx, updated, { rematch });
  if (after.status !== row.status) await afterStatusChange(tx, actor, row, after);
  if (after.assigneeId !== row.assigneeId || after.departmentId !== row.departmentId) {
    await appendCaseEvent(tx, actor, after, { kind: after.departmentId !== row.departmentId ? 'department_changed' : 'assigned', data: { fromAssigneeId: row.assigneeId, toAssigneeId: after.assigneeId, fromDepartmentId: row.departmentId, toDepartmentId: after.departmentId } });
  }
  if (after.priority !== row.priority) await appendCaseEvent(tx, actor, after, { kind: 'priority_changed', data: { from: row.priority, to: after.priority } });
  const other = (['type', 'category', 'subject', 'tags', 'rootCause', 'actionTaken'] as const).filter((k) => JSON.stringify(after[k]) !== JSON.stringify(row[k]));
  if (other.length > 0 && after.status === row.status) await appendCaseEvent(tx, actor, after, { kind: 'updated', data: { fields: other } });
  await recordAudit(tx, actor, { action: 'service.case.updated', entityType: 'case', entityId: row.id, before: auditOf(row), after: auditOf(after) });
  return after;
}

export async function updateCase(db: Db, actor: Actor, id: string, input: CaseUpdate) {
  return db.transaction(async (tx) => caseView(tx, await applyCaseUpdate(tx, actor, await findCaseRow(tx, actor, id, { forUpdate: true }), input)));
}

export async function assignCase(db: Db, actor: Actor, id: string, input: CaseAssign) {
  return db.transaction(async (tx) => {
    const row = await findCaseRow(tx, actor, id, { forUpdate: true });
    return caseView(tx, await applyCaseUpdate(tx, actor, row, { assigneeId: input.assigneeId, ...(input.departmentId !== undefined ? { departmentId: input.departmentId } : {}) }));
  });
}

export async function resolveCase(db: Db, actor: Actor, id: string, input: CaseResolve) {
  return db.transaction(async (tx) => {
    const row = await findCaseRow(tx, actor, id, { forUpdate: true });
    return caseView(tx, await applyCaseUpdate(tx, actor, row, { status: 'resolved', rootCause: input.rootCause, actionTaken: input.actionTaken, ...(input.category ? { category: input.category } : {}) }));
  });
}

async function workspacePeople(db: Queryable, workspaceId: string) {
  return db.select({ id: users.id, name: users.name, email: users.email }).from(memberships).innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.workspaceId, workspaceId), isNull(users.disabledAt)));
}

/** An internal note; each @mention that names exactly one colleague is recorded for them. */
export async function addNote(db: Db, actor: Actor, id: string, input: CaseNoteCreate) {
  return db.transaction(async (tx) => {
    const row = await findCaseRow(tx, actor, id, { forUpdate: true });
    const handles = mentionHandles(input.body);
    const mentioned = handles.length ? resolveMentions(handles, await workspacePeople(tx, actor.workspaceId)) : [];
    const event = await appendCaseEvent(tx, actor, row, { kind: 'note', body: input.body, mentions: mentioned.map((m) => ({ id: m.id, name: m.name })) });
    await tx.update(cases).set({ updatedAt: new Date() }).where(and(eq(cases.workspaceId, row.workspaceId), eq(cases.id, row.id)));
    return presentCaseEvent(event);
  });
}

/** A call or meeting on a case; an outbound call is the first response when nothing answered before it. */
export async function logCaseContact(db: Db, actor: Actor, id: string, input: ContactLogCreate) {
  return db.transaction(async (tx) => {
    const row = await findCaseRow(tx, actor, id, { forUpdate: true });
    const at = input.occurredAt ? new Date(input.occurredAt) : new Date();
    let current = row;
    if (!row.firstRespondedAt && (input.kind === 'meeting' || input.direction === 'outbound')) {
      const [u] = await tx.update(cases).set({ firstRespondedAt: at, updatedAt: new Date() }).where(and(eq(cases.workspaceId, row.workspaceId), eq(cases.id, row.id))).returning();
      if (u) current = await refreshSla(tx, u);
    }
    const event = await appendCaseEvent(tx, actor, current, {
      kind: input.kind, at, body: input.body ?? null, summary: `${row.number} · ${input.summary}`.slice(0, 300),
      data: { summary: input.summary, ...(input.direction ? { direction: input.direction } : {}), ...(input.durationMinutes !== undefined ? { durationMinutes: input.durationMinutes } : {}), ...(input.participants ? { participants: input.participants } : {}) },
    });
    return presentCaseEvent(event);
  });
}

/** A call or meeting with a customer that is not (yet) a case: straight onto their timeline. */
export async function logCustomerContact(db: Db, actor: Actor, customerId: string, input: ContactLogCreate) {
  return db.transaction(async (tx) => {
    await findCustomerRow(tx, actor.workspaceId, customerId);
    return appendTimelineEntry(tx, actor, {
      customerId, kind: input.kind, summary: input.summary, body: input.body ?? null, sourceModule: 'service',
      occurredAt: input.occurredAt ? new Date(input.occurredAt) : new Date(),
      data: { ...(input.direction ? { direction: input.direction } : {}), ...(input.durationMinutes !== undefined ? { durationMinutes: input.durationMinutes } : {}), ...(input.participants ? { participants: input.participants } : {}) },
    });
  });
}

export async function setOnboardingStep(db: Db, actor: Actor, id: string, key: string, done: boolean) {
  return db.transaction(async (tx) => {
    const row = await findCaseRow(tx, actor, id, { forUpdate: true });
    const steps = row.onboardingSteps;
    if (!steps) throw new ProblemError(409, 'not_onboarding', 'This case has no onboarding checklist');
    const step = steps.find((s) => s.key === key);
    if (!step) throw notFound('Onboarding step');
    if ((step.doneAt !== null) === done) return caseView(tx, row);
    const now = new Date();
    const next = steps.map((s) => (s.key === key ? { ...s, doneAt: done ? now.toISOString() : null, doneById: done ? actor.userId : null, doneByName: done ? actor.name : null } : s));
    const [u] = await tx.update(cases).set({ onboardingSteps: next, updatedAt: now }).where(and(eq(cases.workspaceId, row.workspaceId), eq(cases.id, row.id))).returning();
    if (!u) throw notFound('Case');
    await appendCaseEvent(tx, actor, u, { kind: 'onboarding_step', data: { key, title: step.title, done, doneSteps: next.filter((s) => s.doneAt).length, totalSteps: next.length } });
    await recordAudit(tx, actor, { action: 'service.onboarding.step', entityType: 'case', entityId: row.id, after: { key, done } });
    return caseView(tx, u);
  });
}
