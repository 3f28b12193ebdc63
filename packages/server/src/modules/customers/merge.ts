import { and, eq, inArray, isNull, sql } from 'drizzle-orm';
import { scoreDuplicate, type DuplicateSuggestion } from '@vefa/domain';
import type { Actor } from '../../platform/auth/actor.ts';
import { sqlChanged, sqlRows, type Db, type Tx } from '../../platform/db/database.ts';
import { recordAudit } from '../../platform/audit/auditLog.ts';
import { invalid, ProblemError } from '../../platform/http/problem.ts';
import { consents, customers } from './schema.ts';
import { auditSnapshot, presentCustomer } from './presenter.ts';
import { findCustomerRow } from './customerService.ts';
import { displayNameOf, nameKeyOf } from './displayName.ts';
import { appendTimelineEntry } from './timeline.ts';

/**
 * Tables whose rows point at a customer by (workspace_id, <column>). Merging
 * re-points them all; a module with such a table registers it here, so a
 * merge can never leave a purchase, case or deal behind on the old record.
 */
export const CUSTOMER_REFERENCES: { table: string; column: string }[] = [
  { table: 'timeline_entries', column: 'customer_id' },
  { table: 'customers', column: 'company_id' },
];

export function registerCustomerReference(table: string, column: string) {
  if (!CUSTOMER_REFERENCES.some((r) => r.table === table && r.column === column)) CUSTOMER_REFERENCES.push({ table, column });
}

/**
 * Re-points one table's rows. A unique key can refuse (both customers are
 * members of the same programme, say): then the merge stops with a reason a
 * person can act on, and nothing has changed.
 */
async function moveReferences(tx: Tx, ref: { table: string; column: string }, workspaceId: string, keepId: string, duplicateId: string) {
  try {
    return await tx.transaction((savepoint) => sqlChanged(savepoint, sql`update ${sql.identifier(ref.table)} set ${sql.identifier(ref.column)} = ${keepId}
      where workspace_id = ${workspaceId} and ${sql.identifier(ref.column)} = ${duplicateId}`));
  } catch (error) {
    const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : (error as { cause?: { code?: string } }).cause?.code;
    if (code === '23505') {
      throw new ProblemError(409, 'merge_conflict', `Both customers have a ${ref.table.replaceAll('_', ' ')} record that cannot be combined; resolve it first`);
    }
    throw error;
  }
}

/** Merges `duplicateId` into `keepId`: fills gaps, unions tags, moves every related row, keeps the newest consent. */
export async function mergeCustomers(db: Db, actor: Actor, keepId: string, duplicateId: string) {
  if (keepId === duplicateId) throw invalid('body.duplicateId', 'same_customer', 'A customer cannot be merged into itself');
  return db.transaction(async (tx) => {
    const keep = await findCustomerRow(tx, actor.workspaceId, keepId);
    const duplicate = await findCustomerRow(tx, actor.workspaceId, duplicateId);
    if (keep.mergedIntoId || duplicate.mergedIntoId) throw new ProblemError(409, 'customer_merged', 'One of these customers was already merged');
    if (keep.kind !== duplicate.kind) throw invalid('body.duplicateId', 'kind_mismatch', 'A person and a company cannot be merged');

    const merged = {
      ...keep,
      firstName: keep.firstName ?? duplicate.firstName,
      lastName: keep.lastName ?? duplicate.lastName,
      companyName: keep.companyName ?? duplicate.companyName,
      companyId: keep.companyId ?? (duplicate.companyId === keep.id ? null : duplicate.companyId),
      externalId: keep.externalId ?? duplicate.externalId,
      email: keep.email ?? duplicate.email,
      phone: keep.phone ?? duplicate.phone,
      language: keep.language ?? duplicate.language,
      birthDate: keep.birthDate ?? duplicate.birthDate,
      addresses: [...keep.addresses, ...duplicate.addresses].slice(0, 10),
      tags: [...new Set([...keep.tags, ...duplicate.tags])],
      customFields: { ...duplicate.customFields, ...keep.customFields },
    };
    // The duplicate gives up its external id first: it is unique among live records.
    await tx.update(customers).set({ mergedIntoId: keep.id, externalId: null, updatedAt: new Date() })
      .where(and(eq(customers.workspaceId, actor.workspaceId), eq(customers.id, duplicate.id)));
    const [row] = await tx.update(customers).set({
      firstName: merged.firstName, lastName: merged.lastName, companyName: merged.companyName, companyId: merged.companyId,
      externalId: merged.externalId, email: merged.email, phone: merged.phone, language: merged.language,
      birthDate: merged.birthDate, addresses: merged.addresses, tags: merged.tags, customFields: merged.customFields,
      displayName: displayNameOf(merged), nameKey: nameKeyOf(merged), updatedAt: new Date(),
    }).where(and(eq(customers.workspaceId, actor.workspaceId), eq(customers.id, keep.id))).returning();
    if (!row) throw new Error('merge update returned nothing');

    // Consent: per channel the most recent decision wins, whichever record it was on.
    await tx.execute(sql`
      insert into consents (workspace_id, customer_id, channel, granted, source, recorded_at)
      select workspace_id, ${keep.id}, channel, granted, source, recorded_at from consents
      where workspace_id = ${actor.workspaceId} and customer_id = ${duplicate.id}
      on conflict (workspace_id, customer_id, channel) do update
        set granted = excluded.granted, source = excluded.source, recorded_at = excluded.recorded_at
        where consents.recorded_at < excluded.recorded_at`);
    await tx.delete(consents).where(and(eq(consents.workspaceId, actor.workspaceId), eq(consents.customerId, duplicate.id)));

    const moved: Record<string, number> = {};
    for (const ref of CUSTOMER_REFERENCES) {
      moved[`${ref.table}.${ref.column}`] = await moveReferences(tx, ref, actor.workspaceId, keep.id, duplicate.id);
    }
    await recordAudit(tx, actor, {
      action: 'customer.merged', entityType: 'customer', entityId: keep.id,
      before: { keep: auditSnapshot(keep), duplicate: auditSnapshot(duplicate) }, after: { keep: auditSnapshot(row), moved },
    });
    await appendTimelineEntry(tx, actor, {
      customerId: keep.id, kind: 'customer_merged', summary: duplicate.displayName, sourceModule: 'customers', sourceId: duplicate.id,
      data: { duplicateId: duplicate.id, moved },
    });
    return presentCustomer(row);
  });
}

/**
 * Pairs that share an e-mail, a phone or an external id, scored by the
 * domain's rules (a similar name adds confidence). Exact identifiers keep the
 * candidate set small enough to score in memory.
 */
export async function suggestDuplicates(db: Db, workspaceId: string, limit = 50) {
  // Group by each identifier (index-assisted) instead of a self-join with OR, which is quadratic.
  const pairs = await sqlRows<{ a: string; b: string }>(db, sql`
    with groups as (
      select array_agg(id order by id) as ids from customers
        where workspace_id = ${workspaceId} and merged_into_id is null and email is not null group by email having count(*) > 1
      union all
      select array_agg(id order by id) from customers
        where workspace_id = ${workspaceId} and merged_into_id is null and phone is not null group by phone having count(*) > 1
      limit 1000)
    select distinct g.ids[1]::text as a, other::text as b from groups g, unnest(g.ids[2:]) as other
    limit ${limit * 4}`);
  const ids = [...new Set(pairs.flatMap((p) => [p.a, p.b]))];
  if (ids.length === 0) return [];
  const rows = await db.select().from(customers).where(and(eq(customers.workspaceId, workspaceId), inArray(customers.id, ids), isNull(customers.mergedIntoId)));
  const byId = new Map(rows.map((r) => [r.id, r]));
  const suggestions: (DuplicateSuggestion & { keep: ReturnType<typeof presentCustomer>; duplicate: ReturnType<typeof presentCustomer> })[] = [];
  for (const pair of pairs) {
    const a = byId.get(pair.a);
    const b = byId.get(pair.b);
    if (!a || !b || a.kind !== b.kind) continue;
    const candidate = (r: typeof a) => ({ id: r.id, name: r.displayName, email: r.email, phone: r.phone, externalId: r.externalId });
    const s = scoreDuplicate(candidate(a), candidate(b));
    const keep = s && byId.get(s.keepId);
    const duplicate = s && byId.get(s.duplicateId);
    if (s && keep && duplicate) suggestions.push({ ...s, keep: presentCustomer(keep), duplicate: presentCustomer(duplicate) });
  }
  return suggestions.sort((x, y) => y.score - x.score).slice(0, limit);
}

