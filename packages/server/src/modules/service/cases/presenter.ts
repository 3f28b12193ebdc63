import { and, eq, inArray } from 'drizzle-orm';
import type { Case, CaseEvent, CaseListItem } from '@vefa/contract';
import { CaseChannel, CaseLanguage, CasePriority, CaseStatus, CaseType, CaseEventKind } from '@vefa/contract';
import type { Queryable } from '../../../platform/db/database.ts';
import { departments, users } from '../../../platform/db/schema.ts';
import { customers } from '../../customers/schema.ts';
import { caseLinks, cases, type caseEvents } from '../schema.ts';
import { presentSla, slaStateOf, type CaseRow, type SlaContext } from '../sla/caseClock.ts';

const pick = <T extends string>(values: readonly T[], value: string | null, fallback: T): T => (values as readonly string[]).includes(value ?? '') ? (value as T) : fallback;

interface Names {
  departments: Map<string, string>;
  users: Map<string, string>;
  customers: Map<string, { name: string; email: string | null; phone: string | null }>;
}

async function namesFor(db: Queryable, workspaceId: string, rows: readonly CaseRow[]): Promise<Names> {
  const deptIds = [...new Set(rows.map((r) => r.departmentId).filter((x): x is string => !!x))];
  const userIds = [...new Set(rows.map((r) => r.assigneeId).filter((x): x is string => !!x))];
  const customerIds = [...new Set(rows.flatMap((r) => [r.customerId, r.companyId]).filter((x): x is string => !!x))];
  const [d, u, c] = await Promise.all([
    deptIds.length ? db.select({ id: departments.id, name: departments.name }).from(departments).where(and(eq(departments.workspaceId, workspaceId), inArray(departments.id, deptIds))) : [],
    userIds.length ? db.select({ id: users.id, name: users.name }).from(users).where(inArray(users.id, userIds)) : [],
    customerIds.length ? db.select({ id: customers.id, name: customers.displayName, email: customers.email, phone: customers.phone }).from(customers).where(and(eq(customers.workspaceId, workspaceId), inArray(customers.id, customerIds))) : [],
  ]);
  return {
    departments: new Map(d.map((x) => [x.id, x.name])),
    users: new Map(u.map((x) => [x.id, x.name])),
    customers: new Map(c.map((x) => [x.id, { name: x.name, email: x.email, phone: x.phone }])),
  };
}

function listItem(row: CaseRow, names: Names, ctx: SlaContext, now: Date): CaseListItem {
  const customer = names.customers.get(row.customerId);
  return {
    id: row.id, number: row.number,
    type: pick(CaseType.options, row.type, 'question'), category: row.category,
    priority: pick(CasePriority.options, row.priority, 'normal'), status: pick(CaseStatus.options, row.status, 'open'),
    subject: row.subject, channel: pick(CaseChannel.options, row.channel, 'api'),
    department: row.departmentId ? { id: row.departmentId, name: names.departments.get(row.departmentId) ?? '' } : null,
    assignee: row.assigneeId ? { id: row.assigneeId, name: names.users.get(row.assigneeId) ?? '' } : null,
    customer: { id: row.customerId, name: customer?.name ?? '', email: customer?.email ?? null, phone: customer?.phone ?? null },
    tags: row.tags,
    sla: presentSla(slaStateOf(ctx, row, now), row),
    createdAt: row.createdAt.toISOString(), updatedAt: row.updatedAt.toISOString(),
  };
}

export async function presentCaseList(db: Queryable, workspaceId: string, rows: readonly CaseRow[], ctx: SlaContext): Promise<CaseListItem[]> {
  const names = await namesFor(db, workspaceId, rows);
  const now = new Date();
  return rows.map((r) => listItem(r, names, ctx, now));
}

export async function presentCase(db: Queryable, row: CaseRow, ctx: SlaContext): Promise<Case> {
  const names = await namesFor(db, row.workspaceId, [row]);
  const links = await db.select({ caseId: cases.id, number: cases.number, subject: cases.subject, status: cases.status, kind: caseLinks.kind })
    .from(caseLinks).innerJoin(cases, and(eq(cases.workspaceId, caseLinks.workspaceId), eq(cases.id, caseLinks.otherCaseId)))
    .where(and(eq(caseLinks.workspaceId, row.workspaceId), eq(caseLinks.caseId, row.id)));
  let mergedInto: Case['mergedInto'] = null;
  if (row.mergedIntoId) {
    const [m] = await db.select({ number: cases.number }).from(cases).where(and(eq(cases.workspaceId, row.workspaceId), eq(cases.id, row.mergedIntoId)));
    mergedInto = { id: row.mergedIntoId, number: m?.number ?? '' };
  }
  return {
    ...listItem(row, names, ctx, new Date()),
    description: row.description,
    language: row.language ? pick(CaseLanguage.options, row.language, 'en') : null,
    company: row.companyId ? { id: row.companyId, name: names.customers.get(row.companyId)?.name ?? '' } : null,
    links: links.map((l) => ({ caseId: l.caseId, number: l.number, subject: l.subject, status: pick(CaseStatus.options, l.status, 'open'), kind: l.kind === 'duplicate' ? 'duplicate' : 'related' })),
    mergedInto,
    rootCause: row.rootCause, actionTaken: row.actionTaken,
    firstRespondedAt: row.firstRespondedAt?.toISOString() ?? null,
    resolvedAt: row.resolvedAt?.toISOString() ?? null,
    closedAt: row.closedAt?.toISOString() ?? null,
    csat: row.csatScore !== null && row.csatAt ? { score: row.csatScore, comment: row.csatComment, at: row.csatAt.toISOString() } : null,
    onboarding: row.onboardingSteps ? {
      templateId: row.onboardingTemplateId,
      steps: row.onboardingSteps.map((s) => ({
        key: s.key, title: s.title, done: s.doneAt !== null, doneAt: s.doneAt,
        doneBy: s.doneById ? { id: s.doneById, name: s.doneByName ?? '' } : null,
      })),
    } : null,
    routing: { matchedRuleIds: row.routing.matchedRuleIds, suggestedCategory: row.routing.suggestedCategory, confidence: row.routing.confidence },
  };
}

export function presentCaseEvent(e: typeof caseEvents.$inferSelect): CaseEvent {
  return {
    id: e.id, caseId: e.caseId, kind: pick(CaseEventKind.options, e.kind, 'updated'), at: e.at.toISOString(),
    actor: { id: e.actorId, name: e.actorName }, body: e.body, mentions: e.mentions, data: e.data,
  };
}
