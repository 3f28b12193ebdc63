import { and, eq, sql } from 'drizzle-orm';
import { foldForSearch } from '@vefa/domain';
import type { KeyAccountCreate, KeyAccountUpdate, RelationshipSet } from '@vefa/contract';
import type { Actor } from '../../platform/auth/actor.ts';
import { sqlRows, type Db, type Queryable } from '../../platform/db/database.ts';
import { memberships } from '../../platform/db/schema.ts';
import { recordAudit } from '../../platform/audit/auditLog.ts';
import { decodeCursor, encodeCursor } from '../../platform/http/cursor.ts';
import { conflict, invalid, notFound } from '../../platform/http/problem.ts';
import { customers } from '../customers/schema.ts';
import { findAccountRow, seesAll, visibleAccount } from './access.ts';
import { loadAccountFacts, workspaceSettings } from './accountFacts.ts';
import { onAccountTimeline } from './accountTimeline.ts';
import { scheduleSweep } from './reminders.ts';
import { presentAccount, presentRelationship } from './presenter.ts';
import { accountRelationships, accountShares, deals, keyAccounts, marketSegments } from './schema.ts';

export async function checkMember(db: Queryable, workspaceId: string, userId: string, field: string) {
  const [m] = await db.select({ role: memberships.role }).from(memberships).where(and(eq(memberships.workspaceId, workspaceId), eq(memberships.userId, userId)));
  if (!m) throw invalid(field, 'not_a_member', 'This person is not a member of the workspace');
}

async function checkSegment(db: Queryable, workspaceId: string, segmentId: string | null | undefined) {
  if (!segmentId) return;
  const [s] = await db.select({ id: marketSegments.id }).from(marketSegments).where(and(eq(marketSegments.workspaceId, workspaceId), eq(marketSegments.id, segmentId)));
  if (!s) throw invalid('body.segmentId', 'unknown_segment', 'No such market segment');
}

export async function getAccount(db: Queryable, actor: Actor, accountId: string) {
  const [facts] = await loadAccountFacts(db, actor.workspaceId, sql`ka.customer_id = ${accountId} and ${visibleAccount(actor, sql`ka.customer_id`)}`);
  if (!facts) throw notFound('Key account');
  return presentAccount(facts, Date.now());
}

/** Flags an existing company as a key account with its owner, tier and plan. */
export async function createKeyAccount(db: Db, actor: Actor, input: KeyAccountCreate) {
  const ownerId = input.ownerId ?? actor.userId;
  if (!ownerId) throw invalid('body.ownerId', 'required', 'Name the account manager who owns this account');
  if (ownerId !== actor.userId && !seesAll(actor)) throw invalid('body.ownerId', 'not_yours', 'Only an admin gives an account to another manager');
  const { currency } = await workspaceSettings(db, actor.workspaceId);
  const accountId = await db.transaction(async (tx) => {
    const [company] = await tx.select().from(customers).where(and(eq(customers.workspaceId, actor.workspaceId), eq(customers.id, input.companyId)));
    if (!company || company.kind !== 'company' || company.mergedIntoId) throw invalid('body.companyId', 'not_a_company', 'companyId must be a company in this workspace');
    await checkMember(tx, actor.workspaceId, ownerId, 'body.ownerId');
    await checkSegment(tx, actor.workspaceId, input.segmentId);
    const [row] = await tx.insert(keyAccounts).values({
      workspaceId: actor.workspaceId, customerId: company.id, ownerId, tier: input.tier, industry: input.industry ?? null,
      segmentId: input.segmentId ?? null, annualPotentialMinor: input.annualPotential?.amountMinor ?? 0,
      currency: input.annualPotential?.currency ?? currency, satisfaction: input.satisfaction ?? null,
      plan: { goals: input.plan?.goals ?? [], challenges: input.plan?.challenges ?? [], strategy: input.plan?.strategy ?? '' },
    }).onConflictDoNothing().returning();
    if (!row) throw conflict('already_key_account', `${company.displayName} is already a key account`, 'body.companyId');
    await recordAudit(tx, actor, { action: 'account.created', entityType: 'key_account', entityId: row.customerId, after: row });
    await scheduleSweep(tx, actor.workspaceId);
    await onAccountTimeline(tx, actor, row.customerId, { kind: 'account_flagged', summary: company.displayName, sourceId: row.customerId, data: { tier: row.tier } });
    return row.customerId;
  });
  return getAccount(db, actor, accountId);
}

export async function updateKeyAccount(db: Db, actor: Actor, accountId: string, input: KeyAccountUpdate) {
  await db.transaction(async (tx) => {
    const before = await findAccountRow(tx, actor, accountId, { lock: true });
    if (input.ownerId && input.ownerId !== before.ownerId) {
      if (!seesAll(actor)) throw invalid('body.ownerId', 'not_yours', 'Only an admin moves an account to another manager');
      await checkMember(tx, actor.workspaceId, input.ownerId, 'body.ownerId');
    }
    await checkSegment(tx, actor.workspaceId, input.segmentId);
    const [row] = await tx.update(keyAccounts).set({
      ...(input.ownerId ? { ownerId: input.ownerId } : {}),
      ...(input.tier ? { tier: input.tier } : {}),
      ...(input.industry !== undefined ? { industry: input.industry } : {}),
      ...(input.segmentId !== undefined ? { segmentId: input.segmentId } : {}),
      ...(input.annualPotential ? { annualPotentialMinor: input.annualPotential.amountMinor, currency: input.annualPotential.currency } : {}),
      ...(input.satisfaction !== undefined ? { satisfaction: input.satisfaction } : {}),
      ...(input.plan ? { plan: { goals: input.plan.goals ?? [], challenges: input.plan.challenges ?? [], strategy: input.plan.strategy ?? '' } } : {}),
      updatedAt: new Date(),
    }).where(and(eq(keyAccounts.workspaceId, actor.workspaceId), eq(keyAccounts.customerId, accountId))).returning();
    if (input.ownerId && input.ownerId !== before.ownerId) {
      // Deals carry their account's owner (the board reads a manager's deals by it).
      await tx.update(deals).set({ ownerId: input.ownerId }).where(and(eq(deals.workspaceId, actor.workspaceId), eq(deals.accountId, accountId)));
    }
    if (input.sharedWith) {
      for (const userId of input.sharedWith) await checkMember(tx, actor.workspaceId, userId, 'body.sharedWith');
      await tx.delete(accountShares).where(and(eq(accountShares.workspaceId, actor.workspaceId), eq(accountShares.accountId, accountId)));
      const unique = [...new Set(input.sharedWith)].filter((u) => u !== (row?.ownerId ?? before.ownerId));
      if (unique.length > 0) await tx.insert(accountShares).values(unique.map((userId) => ({ workspaceId: actor.workspaceId, accountId, userId })));
    }
    await recordAudit(tx, actor, { action: 'account.updated', entityType: 'key_account', entityId: accountId, before, after: { ...row, sharedWith: input.sharedWith } });
  });
  return getAccount(db, actor, accountId);
}

type ListCursor = [string, string];
const isListCursor = (v: unknown): v is ListCursor => Array.isArray(v) && v.length === 2 && v.every((x) => typeof x === 'string');

export async function listAccounts(db: Queryable, actor: Actor, query: { q?: string | undefined; ownerId?: string | undefined; tier?: string | undefined; cursor?: string | undefined; limit: number }) {
  const after = decodeCursor(query.cursor, isListCursor);
  const q = query.q ? foldForSearch(query.q).replace(/[%_\\]/g, '') : '';
  const where = sql.join([
    visibleAccount(actor, sql`ka.customer_id`),
    query.ownerId ? sql`ka.owner_id = ${query.ownerId}` : sql`true`,
    query.tier ? sql`ka.tier = ${query.tier}` : sql`true`,
    q ? sql`c.name_key like ${`%${q}%`}` : sql`true`,
    after ? sql`(c.name_key, ka.customer_id) > (${after[0]}, ${after[1]}::uuid)` : sql`true`,
  ], sql` and `);
  const rows = await loadAccountFacts(db, actor.workspaceId, where, sql`order by c.name_key, ka.customer_id limit ${query.limit + 1}`);
  const items = rows.slice(0, query.limit);
  const last = items.at(-1);
  return {
    items: items.map((r) => presentAccount(r, Date.now())),
    nextCursor: rows.length > query.limit && last ? encodeCursor([last.nameKey, last.customerId]) : null,
  };
}

export async function listRelationships(db: Queryable, workspaceId: string, accountId: string) {
  const rows = await sqlRows<{ contact_id: string; name: string; email: string | null; phone: string | null; role: string; title: string | null; influence: number; attitude: string; reports_to_id: string | null }>(db, sql`
    select r.contact_id, c.display_name as name, c.email, c.phone, r.role, r.title, r.influence, r.attitude, r.reports_to_id
    from account_relationships r join customers c on c.workspace_id = r.workspace_id and c.id = r.contact_id
    where r.workspace_id = ${workspaceId} and r.account_id = ${accountId} order by r.influence desc, c.display_name`);
  return rows.map((r) => presentRelationship({ contactId: r.contact_id, name: r.name, email: r.email, phone: r.phone, role: r.role, title: r.title, influence: r.influence, attitude: r.attitude, reportsToId: r.reports_to_id }));
}

/** Puts a contact on the account's relationship map (or changes their role, influence, attitude). */
export async function setRelationship(db: Db, actor: Actor, accountId: string, contactId: string, input: RelationshipSet) {
  await db.transaction(async (tx) => {
    await findAccountRow(tx, actor, accountId);
    const [contact] = await tx.select().from(customers).where(and(eq(customers.workspaceId, actor.workspaceId), eq(customers.id, contactId)));
    if (!contact || contact.kind !== 'person' || contact.mergedIntoId) throw invalid('params.contactId', 'not_a_person', 'The contact must be a person in this workspace');
    if (input.reportsToId) {
      const [boss] = await tx.select({ id: accountRelationships.contactId }).from(accountRelationships).where(and(
        eq(accountRelationships.workspaceId, actor.workspaceId), eq(accountRelationships.accountId, accountId), eq(accountRelationships.contactId, input.reportsToId)));
      if (!boss || input.reportsToId === contactId) throw invalid('body.reportsToId', 'not_on_map', 'reportsToId must be another contact on this account');
    }
    const values = { role: input.role, title: input.title ?? null, influence: input.influence, attitude: input.attitude, reportsToId: input.reportsToId ?? null };
    await tx.insert(accountRelationships).values({ workspaceId: actor.workspaceId, accountId, contactId, ...values })
      .onConflictDoUpdate({ target: [accountRelationships.workspaceId, accountRelationships.accountId, accountRelationships.contactId], set: values });
    await recordAudit(tx, actor, { action: 'account.relationship_set', entityType: 'key_account', entityId: accountId, after: { contactId, ...values } });
  });
  return listRelationships(db, actor.workspaceId, accountId);
}

export async function removeRelationship(db: Db, actor: Actor, accountId: string, contactId: string) {
  await db.transaction(async (tx) => {
    await findAccountRow(tx, actor, accountId);
    await tx.update(accountRelationships).set({ reportsToId: null }).where(and(eq(accountRelationships.workspaceId, actor.workspaceId), eq(accountRelationships.accountId, accountId), eq(accountRelationships.reportsToId, contactId)));
    const gone = await tx.delete(accountRelationships).where(and(eq(accountRelationships.workspaceId, actor.workspaceId), eq(accountRelationships.accountId, accountId), eq(accountRelationships.contactId, contactId))).returning();
    if (gone.length === 0) throw notFound('Contact on this account');
    await recordAudit(tx, actor, { action: 'account.relationship_removed', entityType: 'key_account', entityId: accountId, before: gone[0] });
  });
}

/**
 * Deleting a contact: only one nobody worked with yet. A contact with deals,
 * activities, referrals or timeline entries is history the account needs
 * (who said what, who signed), so the request is refused with the reason and
 * what to do instead.
 */
export async function deleteContact(db: Db, actor: Actor, contactId: string) {
  await db.transaction(async (tx) => {
    const [contact] = await tx.select().from(customers).where(and(eq(customers.workspaceId, actor.workspaceId), eq(customers.id, contactId))).for('update');
    if (!contact || contact.kind !== 'person') throw notFound('Contact');
    if (contact.companyId) await findAccountRow(tx, actor, contact.companyId).catch(() => { throw notFound('Contact'); });
    const [h] = await sqlRows<{ deals: number; activities: number; referrals: number; timeline: number }>(tx, sql`select
      (select count(*)::int from account_deals where workspace_id = ${actor.workspaceId} and contact_id = ${contactId}) as deals,
      (select count(*)::int from account_activities where workspace_id = ${actor.workspaceId} and contact_id = ${contactId}) as activities,
      (select count(*)::int from account_referrals where workspace_id = ${actor.workspaceId} and (referrer_id = ${contactId} or prospect_id = ${contactId})) as referrals,
      (select count(*)::int from timeline_entries where workspace_id = ${actor.workspaceId} and customer_id = ${contactId} and kind <> 'customer_created') as timeline`);
    const history = h ?? { deals: 0, activities: 0, referrals: 0, timeline: 0 };
    if (history.deals + history.activities + history.referrals + history.timeline > 0) {
      throw conflict('contact_has_history',
        `${contact.displayName} has history (${history.deals} deals, ${history.activities} activities, ${history.referrals} referrals, ${history.timeline} timeline entries) and cannot be deleted; take them off the relationship map instead`);
    }
    await tx.delete(accountRelationships).where(and(eq(accountRelationships.workspaceId, actor.workspaceId), eq(accountRelationships.contactId, contactId)));
    try {
      await tx.transaction(async (sp) => {
        await sp.execute(sql`delete from consents where workspace_id = ${actor.workspaceId} and customer_id = ${contactId}`);
        await sp.execute(sql`delete from timeline_entries where workspace_id = ${actor.workspaceId} and customer_id = ${contactId}`);
        await sp.execute(sql`delete from customers where workspace_id = ${actor.workspaceId} and id = ${contactId}`);
      });
    } catch {
      // Another module (loyalty, service desk) holds records of this person.
      throw conflict('contact_has_history', `${contact.displayName} has records in another part of Vefa (loyalty, cases) and cannot be deleted`);
    }
    await recordAudit(tx, actor, { action: 'contact.deleted', entityType: 'customer', entityId: contactId, before: { displayName: contact.displayName, email: contact.email, companyId: contact.companyId } });
  });
}
