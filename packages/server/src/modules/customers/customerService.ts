import { and, eq, isNull } from 'drizzle-orm';
import { checkCustomFieldValue, toE164, normalizeEmail, type CustomFieldRule } from '@vefa/domain';
import type { CustomerCreate, CustomerUpdate } from '@vefa/contract';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Db, Queryable } from '../../platform/db/database.ts';
import { recordAudit } from '../../platform/audit/auditLog.ts';
import { conflict, invalid, notFound, ProblemError } from '../../platform/http/problem.ts';
import { consents, customers } from './schema.ts';
import { auditSnapshot, presentConsent, presentCustomer } from './presenter.ts';
import { displayNameOf, nameKeyOf } from './displayName.ts';
import { appendTimelineEntry } from './timeline.ts';
import { listCustomFields } from './customFields.ts';

export async function findCustomerRow(db: Queryable, workspaceId: string, id: string) {
  const [row] = await db.select().from(customers).where(and(eq(customers.workspaceId, workspaceId), eq(customers.id, id)));
  if (!row) throw notFound('Customer');
  return row;
}

function normalizePhone(phone: string | null | undefined): string | null | undefined {
  if (phone === undefined || phone === null) return phone;
  const e164 = toE164(phone);
  if (!e164) throw invalid('body.phone', 'invalid_phone', 'Not a phone number we can read; write it like +994 50 123 45 67');
  return e164;
}

async function checkCustomFields(db: Queryable, workspaceId: string, values: Record<string, string> | undefined) {
  if (!values) return;
  const defined: CustomFieldRule[] = (await listCustomFields(db, workspaceId)).map((f) => ({ key: f.key, type: f.type, options: f.options ?? [] }));
  for (const [key, value] of Object.entries(values)) {
    const rule = defined.find((f) => f.key === key);
    if (!rule) throw invalid(`body.customFields.${key}`, 'unknown_custom_field', `No custom field "${key}" is defined in this workspace`);
    const expected = checkCustomFieldValue(rule, value);
    if (expected) throw invalid(`body.customFields.${key}`, 'invalid_custom_field', `Expected ${expected}`);
  }
}

async function checkCompany(db: Queryable, workspaceId: string, companyId: string | null | undefined) {
  if (!companyId) return;
  const [company] = await db.select({ kind: customers.kind }).from(customers)
    .where(and(eq(customers.workspaceId, workspaceId), eq(customers.id, companyId), isNull(customers.mergedIntoId)));
  if (!company || company.kind !== 'company') throw invalid('body.companyId', 'not_a_company', 'companyId must be a company in this workspace');
}

async function checkExternalIdFree(db: Queryable, workspaceId: string, externalId: string | null | undefined, selfId?: string) {
  if (!externalId) return;
  const [other] = await db.select({ id: customers.id }).from(customers)
    .where(and(eq(customers.workspaceId, workspaceId), eq(customers.externalId, externalId), isNull(customers.mergedIntoId)));
  if (other && other.id !== selfId) throw conflict('external_id_taken', `Another customer already has external id "${externalId}"`, 'body.externalId');
}

/** Creates a person or company with its consents, audited and on the timeline, in one transaction. */
export async function createCustomer(db: Db, actor: Actor, input: CustomerCreate) {
  if (input.kind === 'company' && !input.companyName) throw invalid('body.companyName', 'required', 'A company needs a company name');
  if (input.kind === 'person' && !input.firstName && !input.lastName && !input.email && !input.phone) {
    throw invalid('body.firstName', 'required', 'Give at least a name, an e-mail or a phone number');
  }
  if (input.kind === 'company' && input.companyId) throw invalid('body.companyId', 'company_in_company', 'A company cannot belong to another company');
  const phone = normalizePhone(input.phone) ?? null;
  return db.transaction(async (tx) => {
    await checkCustomFields(tx, actor.workspaceId, input.customFields);
    await checkCompany(tx, actor.workspaceId, input.companyId);
    await checkExternalIdFree(tx, actor.workspaceId, input.externalId);
    const parts = { ...input, phone, email: input.email ? normalizeEmail(input.email) : null };
    const [row] = await tx.insert(customers).values({
      workspaceId: actor.workspaceId,
      id: crypto.randomUUID(),
      kind: input.kind,
      displayName: displayNameOf(parts),
      nameKey: nameKeyOf(parts),
      firstName: input.firstName ?? null,
      lastName: input.lastName ?? null,
      companyName: input.companyName ?? null,
      companyId: input.companyId ?? null,
      externalId: input.externalId ?? null,
      email: parts.email,
      phone,
      language: input.language ?? null,
      birthDate: input.birthDate ?? null,
      addresses: input.addresses ?? [],
      tags: [...new Set(input.tags ?? [])],
      customFields: input.customFields ?? {},
    }).returning();
    if (!row) throw new Error('insert returned nothing');
    for (const consent of input.consents ?? []) {
      await tx.insert(consents).values({ workspaceId: actor.workspaceId, customerId: row.id, channel: consent.channel, granted: consent.granted, source: consent.source });
    }
    await recordAudit(tx, actor, { action: 'customer.created', entityType: 'customer', entityId: row.id, after: auditSnapshot(row) });
    await appendTimelineEntry(tx, actor, { customerId: row.id, kind: 'customer_created', summary: row.displayName, sourceModule: 'customers', sourceId: row.id });
    return presentCustomer(row);
  });
}

export async function updateCustomer(db: Db, actor: Actor, id: string, input: CustomerUpdate) {
  return db.transaction(async (tx) => {
    const before = await findCustomerRow(tx, actor.workspaceId, id);
    if (before.mergedIntoId) throw new ProblemError(409, 'customer_merged', `This customer was merged into ${before.mergedIntoId}`);
    await checkCustomFields(tx, actor.workspaceId, input.customFields);
    if (input.companyId && before.kind === 'company') throw invalid('body.companyId', 'company_in_company', 'A company cannot belong to another company');
    if (input.companyId === id) throw invalid('body.companyId', 'self_reference', 'A customer cannot belong to itself');
    await checkCompany(tx, actor.workspaceId, input.companyId);
    await checkExternalIdFree(tx, actor.workspaceId, input.externalId, id);
    const phone = normalizePhone(input.phone);
    const next = {
      ...before,
      ...Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)),
      ...(phone !== undefined ? { phone } : {}),
      ...(input.email ? { email: normalizeEmail(input.email) } : {}),
      ...(input.customFields ? { customFields: { ...before.customFields, ...input.customFields } } : {}),
      ...(input.tags ? { tags: [...new Set(input.tags)] } : {}),
    };
    if (next.kind === 'company' && !next.companyName) throw invalid('body.companyName', 'required', 'A company needs a company name');
    const [row] = await tx.update(customers).set({
      firstName: next.firstName, lastName: next.lastName, companyName: next.companyName, companyId: next.companyId,
      externalId: next.externalId, email: next.email, phone: next.phone, language: next.language, birthDate: next.birthDate,
      addresses: next.addresses, tags: next.tags, customFields: next.customFields,
      displayName: displayNameOf(next), nameKey: nameKeyOf(next), updatedAt: new Date(),
    }).where(and(eq(customers.workspaceId, actor.workspaceId), eq(customers.id, id))).returning();
    if (!row) throw notFound('Customer');
    await recordAudit(tx, actor, { action: 'customer.updated', entityType: 'customer', entityId: id, before: auditSnapshot(before), after: auditSnapshot(row) });
    return presentCustomer(row);
  });
}

export async function setConsent(db: Db, actor: Actor, customerId: string, channel: string, granted: boolean, source: string) {
  return db.transaction(async (tx) => {
    await findCustomerRow(tx, actor.workspaceId, customerId);
    const [before] = await tx.select().from(consents).where(and(eq(consents.workspaceId, actor.workspaceId), eq(consents.customerId, customerId), eq(consents.channel, channel)));
    const recordedAt = new Date();
    const [row] = await tx.insert(consents).values({ workspaceId: actor.workspaceId, customerId, channel, granted, source, recordedAt })
      .onConflictDoUpdate({ target: [consents.workspaceId, consents.customerId, consents.channel], set: { granted, source, recordedAt } })
      .returning();
    if (!row) throw new Error('consent upsert returned nothing');
    await recordAudit(tx, actor, { action: 'consent.changed', entityType: 'customer', entityId: customerId, before: before ?? null, after: row });
    await appendTimelineEntry(tx, actor, {
      customerId, kind: granted ? 'consent_granted' : 'consent_withdrawn', summary: channel, sourceModule: 'customers', data: { channel, source },
    });
    const presented = presentConsent(row);
    if (!presented) throw invalid('params.channel', 'unknown_channel', 'Unknown consent channel');
    return presented;
  });
}


