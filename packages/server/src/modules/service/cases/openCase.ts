import { and, eq, isNull, sql } from 'drizzle-orm';
import {
  detectLanguage, evaluateRoutingRules, normalizeEmail, type CaseChannel, type CasePriority, type CaseType,
} from '@vefa/domain';
import type { Actor } from '../../../platform/auth/actor.ts';
import type { Queryable } from '../../../platform/db/database.ts';
import { domainEvents } from '../../../platform/db/schema.ts';
import { auditInsert, recordAudit } from '../../../platform/audit/auditLog.ts';
import { invalid, notFound } from '../../../platform/http/problem.ts';
import { customers } from '../../customers/schema.ts';
import { displayNameOf, nameKeyOf } from '../../customers/displayName.ts';
import { appendTimelineEntry } from '../../customers/timeline.ts';
import { cases, type StoredOnboardingStep } from '../schema.ts';
import { customerTierOf, matchPolicyId, queueSlaChecks, slaFieldsOf, type CaseRow } from '../sla/caseClock.ts';
import { deskSettingsOf, departmentExists } from '../deskSettings.ts';
import { assertWorkspaceMember, assignWithinDepartment } from '../routing/agents.ts';
import { APPLY_CONFIDENCE, suggestCategory } from '../routing/classifier.ts';
import { caseEventWrites } from './caseEvents.ts';
import { writeTogether } from '../../../platform/db/writeTogether.ts';
import type { CaseCustomer } from '../caseIntake.ts';
import { nextCaseNumber } from './caseNumbers.ts';

/** No clock running: last in the queue. (A Date every driver and both databases accept, unlike 'infinity'.) */
export const FAR_FUTURE = new Date(Date.UTC(9999, 11, 31));

export interface OpenCaseInput {
  customerId: string;
  subject: string;
  description: string;
  channel: CaseChannel;
  type?: CaseType;
  category?: string | null;
  priority?: CasePriority;
  language?: 'az' | 'tr' | 'en' | null;
  departmentId?: string | null;
  assigneeId?: string | null;
  tags?: string[];
  mailboxId?: string | null;
  receivedAt?: Date;
  onboarding?: { templateId: string | null; steps: { key: string; title: string }[] };
  /** A number reserved beforehand with reserveCaseNumber; without it the number is taken in this transaction. */
  number?: string;
  /** The customer as the caller read it in this transaction; without it the case reads the customer itself. */
  customer?: CaseCustomer;
}

/**
 * Opens a case inside the caller's transaction: numbers it, routes it (rules,
 * then the classifier's confident guess, then the department's assignment
 * strategy), starts its SLA clock and writes the audit, timeline and outbox.
 */
export async function openCase(tx: Queryable, actor: Actor, input: OpenCaseInput): Promise<CaseRow> {
  const ws = actor.workspaceId;
  const at = input.receivedAt ?? new Date();
  // A channel that has just read or made the customer in this transaction hands it over: one query fewer.
  const found = input.customer?.id === input.customerId ? input.customer
    : (await tx.select({ id: customers.id, tags: customers.tags, companyId: customers.companyId, mergedIntoId: customers.mergedIntoId })
      .from(customers).where(and(eq(customers.workspaceId, ws), eq(customers.id, input.customerId))))[0];
  if (!found) throw notFound('Customer');
  let customer = found;
  if (customer.mergedIntoId) {
    const [survivor] = await tx.select().from(customers).where(and(eq(customers.workspaceId, ws), eq(customers.id, customer.mergedIntoId)));
    if (survivor) customer = survivor;
  }
  if (input.departmentId && !(await departmentExists(tx, ws, input.departmentId))) throw invalid('body.departmentId', 'unknown_department', 'No such department in this workspace');
  if (input.assigneeId) await assertWorkspaceMember(tx, ws, input.assigneeId, 'body.assigneeId');

  const detected = detectLanguage(`${input.subject}\n${input.description}`);
  const language = input.language ?? (detected === 'unknown' ? null : detected);
  const suggestion = input.category ? null : await suggestCategory(tx, ws, input);
  const confident = suggestion && suggestion.confidence >= APPLY_CONFIDENCE ? suggestion : null;
  const category = input.category ?? confident?.category ?? null;
  const settings = await deskSettingsOf(tx, ws);
  // Nothing asks for the tier when no rule or policy names one: one query fewer per case.
  const tier = settings.tierMatters ? await customerTierOf(tx, ws, customer.id) : null;
  const decision = evaluateRoutingRules(settings.rules, {
    channel: input.channel, mailbox: input.mailboxId ?? null, subject: input.subject, body: input.description,
    customerTier: tier, customerSegments: customer.tags, language, category,
  });
  let departmentId = input.departmentId ?? null;
  if (departmentId === null && decision.department && (await departmentExists(tx, ws, decision.department))) departmentId = decision.department;
  if (departmentId === null && confident?.departmentId && (await departmentExists(tx, ws, confident.departmentId))) departmentId = confident.departmentId;
  const priority = input.priority ?? decision.priority ?? 'normal';
  let assigneeId = input.assigneeId ?? null;
  if (assigneeId === null && decision.assigneeId) {
    assigneeId = await assertWorkspaceMember(tx, ws, decision.assigneeId, 'routing').then(() => decision.assigneeId, () => null);
  }
  if (assigneeId === null && departmentId) assigneeId = await assignWithinDepartment(tx, ws, departmentId, { language });

  // The SLA clock is computed before the row is written, so the insert carries its due times (no second update).
  const id = crypto.randomUUID();
  const type = input.type ?? 'question';
  const opening = {
    status: 'new', createdAt: at, firstRespondedAt: null, statusHistory: [{ status: 'new', at: at.toISOString() }],
    slaPolicyId: matchPolicyId(settings.sla, { priority, type }, tier),
  };
  const sla = slaFieldsOf(settings.sla, opening, new Date());
  await queueSlaChecks(tx, settings.sla, { workspaceId: ws, id }, sla.state);
  const steps: StoredOnboardingStep[] | null = input.onboarding
    ? input.onboarding.steps.map((s) => ({ key: s.key, title: s.title, doneAt: null, doneById: null, doneByName: null }))
    : null;
  // Numbering comes last: inside this transaction it locks the workspace's counter until the commit.
  // The mail channel reserves its number beforehand, outside the transaction, and holds no lock at all.
  const number = input.number ?? await nextCaseNumber(tx, ws, at);
  const [row] = await tx.insert(cases).values({
    workspaceId: ws, id, number, type, category, priority, status: 'new', isOpen: true,
    subject: input.subject, description: input.description, channel: input.channel, mailboxId: input.mailboxId ?? null, language,
    departmentId, assigneeId, customerId: customer.id, companyId: customer.companyId,
    tags: [...new Set([...(input.tags ?? []), ...decision.tags])],
    statusHistory: opening.statusHistory, ...sla.fields,
    routing: { matchedRuleIds: [...decision.matchedRuleIds], suggestedCategory: suggestion?.category ?? null, confidence: suggestion?.confidence ?? null },
    onboardingTemplateId: input.onboarding?.templateId ?? null, onboardingSteps: steps,
    createdAt: at, updatedAt: at,
  }).returning();
  if (!row) throw new Error('case insert returned nothing');
  // The event, timeline entry, audit row and outbox event go in one statement.
  await writeTogether(tx, [
    ...caseEventWrites(tx, actor, row, {
      kind: 'created', at, body: input.description.slice(0, 2000),
      data: { channel: input.channel, departmentId, assigneeId, priority, matchedRuleIds: decision.matchedRuleIds, suggestedCategory: suggestion?.category ?? null },
    }),
    auditInsert(tx, actor, { action: 'service.case.opened', entityType: 'case', entityId: row.id, after: { number, subject: row.subject, departmentId, assigneeId, priority, channel: row.channel } }),
    tx.insert(domainEvents).values({ workspaceId: ws, type: 'service.case.opened', entityId: row.id, payload: { caseId: row.id, number, customerId: customer.id, departmentId, assigneeId } }),
  ]);
  return row;
}

/** The customer with this e-mail, or a new person created from the form or API call. */
export async function customerByEmail(tx: Queryable, actor: Actor, email: string, name: string | null, extra: { phone?: string | null; language?: string | null; source: string }) {
  const normalised = normalizeEmail(email);
  const [existing] = await tx.select({ id: customers.id }).from(customers)
    .where(and(eq(customers.workspaceId, actor.workspaceId), eq(customers.email, normalised), isNull(customers.mergedIntoId)))
    .orderBy(sql`case when ${customers.kind} = 'person' then 0 else 1 end`, customers.createdAt).limit(1);
  if (existing) return existing.id;
  const [first, ...rest] = (name ?? '').trim().split(/\s+/).filter(Boolean);
  const parts = { kind: 'person' as const, firstName: first ?? null, lastName: rest.join(' ') || null, companyName: null, email: normalised };
  const [row] = await tx.insert(customers).values({
    workspaceId: actor.workspaceId, id: crypto.randomUUID(), kind: 'person', displayName: displayNameOf(parts), nameKey: nameKeyOf(parts),
    firstName: parts.firstName, lastName: parts.lastName, email: normalised, phone: extra.phone ?? null, language: extra.language ?? null,
  }).returning();
  if (!row) throw new Error('customer insert returned nothing');
  await recordAudit(tx, actor, { action: 'customer.created', entityType: 'customer', entityId: row.id, after: { email: normalised, source: extra.source } });
  await appendTimelineEntry(tx, actor, { customerId: row.id, kind: 'customer_created', summary: row.displayName, sourceModule: 'service', sourceId: row.id, data: { source: extra.source } });
  return row.id;
}
