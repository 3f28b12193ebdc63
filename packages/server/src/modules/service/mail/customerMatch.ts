import { and, asc, eq, isNull, sql } from 'drizzle-orm';
import type { Actor } from '../../../platform/auth/actor.ts';
import type { Tx } from '../../../platform/db/database.ts';
import { auditInsert } from '../../../platform/audit/auditLog.ts';
import { customers } from '../../customers/schema.ts';
import { displayNameOf, nameKeyOf } from '../../customers/displayName.ts';
import { timelineEntryInsert } from '../../customers/timeline.ts';
import type { CaseCustomer } from '../caseIntake.ts';
import { writeTogether } from '../../../platform/db/writeTogether.ts';

export interface MailCustomer extends CaseCustomer { displayName: string; language: string | null; firstName: string | null; isNew: boolean }

/**
 * The customer behind a sender address: the oldest live record with that
 * e-mail, or a new person made from the From name (audited, on the timeline).
 * A transaction-scoped advisory lock on the address keeps two mails from one
 * new sender, arriving at once, from creating two customers.
 */
export async function findOrCreateMailCustomer(tx: Tx, actor: Actor, sender: { address: string; name: string | null }, language: 'az' | 'tr' | 'en' | null): Promise<MailCustomer> {
  const email = sender.address.trim().toLowerCase();
  const lookup = () => tx.select({
    id: customers.id, displayName: customers.displayName, language: customers.language, firstName: customers.firstName,
    tags: customers.tags, companyId: customers.companyId, mergedIntoId: customers.mergedIntoId,
  })
    .from(customers)
    .where(and(eq(customers.workspaceId, actor.workspaceId), eq(customers.email, email), isNull(customers.mergedIntoId)))
    .orderBy(asc(customers.createdAt)).limit(1);
  // Most mail comes from people we know: only a sender not found yet takes the lock and looks again.
  const [known] = await lookup();
  if (known) return { ...known, isNew: false };
  await tx.execute(sql`select pg_advisory_xact_lock(hashtextextended(${`${actor.workspaceId}:mail:${email}`}, 0))`);
  const [found] = await lookup();
  if (found) return { ...found, isNew: false };
  const [firstName, ...rest] = (sender.name ?? '').trim().split(/\s+/).filter(Boolean);
  const parts = { kind: 'person', firstName: firstName ?? null, lastName: rest.length > 0 ? rest.join(' ') : null, email };
  const id = crypto.randomUUID();
  const row = { id, displayName: displayNameOf(parts), language, firstName: parts.firstName, tags: ['e-mail'], companyId: null, mergedIntoId: null };
  // The customer, its audit row and its timeline entry in one statement.
  await writeTogether(tx, [
    tx.insert(customers).values({
      workspaceId: actor.workspaceId, id, kind: 'person', displayName: row.displayName, nameKey: nameKeyOf(parts),
      firstName: parts.firstName, lastName: parts.lastName, email, language, tags: row.tags,
    }),
    auditInsert(tx, actor, { action: 'customer.created', entityType: 'customer', entityId: id, after: { email, source: 'e-mail' } }),
    timelineEntryInsert(tx, actor, { customerId: id, kind: 'customer_created', summary: row.displayName, sourceModule: 'service', sourceId: id, data: { source: 'e-mail' } }),
  ]);
  return { ...row, isNew: true };
}
