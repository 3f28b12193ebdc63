import { and, asc, desc, eq, gt, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import { foldForSearch, toE164 } from '@vefa/domain';
import type { CustomerListQuery } from '@vefa/contract';
import type { Db } from '../../platform/db/database.ts';
import { decodeCursor, encodeCursor } from '../../platform/http/cursor.ts';
import { consents, customers } from './schema.ts';
import { presentCustomer } from './presenter.ts';

type Filters = Omit<CustomerListQuery, 'cursor' | 'limit' | 'sort'>;
type KeysetCursor = { k: 'key'; v: string; id: string };
type OffsetCursor = { k: 'off'; n: number };
const isCursor = (v: unknown): v is KeysetCursor | OffsetCursor =>
  typeof v === 'object' && v !== null && 'k' in v && (v.k === 'key' || v.k === 'off');

/** Typo tolerance: a name word this similar (pg_trgm word similarity) counts as a match. */
const WORD_SIMILARITY = 0.4;

/** What the search box matches, decided by what was typed. */
function textCondition(q: string): { where: SQL; rank: SQL | null } {
  const trimmed = q.trim();
  if (trimmed.includes('@')) {
    return { where: sql`${customers.email} like ${trimmed.toLowerCase().replace(/[%_]/g, '') + '%'}`, rank: null };
  }
  const phone = /^[+\d][\d\s()-]{4,}$/.test(trimmed) ? toE164(trimmed) : null;
  if (phone) return { where: or(eq(customers.phone, phone), eq(customers.externalId, trimmed)) ?? sql`false`, rank: null };
  const folded = foldForSearch(trimmed).replace(/[%_]/g, '');
  const where = or(
    sql`${customers.nameKey} like ${folded + '%'}`,
    sql`${customers.nameKey} like ${'% ' + folded + '%'}`,
    sql`${folded} <% ${customers.nameKey}`,
    eq(customers.externalId, trimmed),
    sql`${customers.tags} @> array[${trimmed}]::text[]`,
  ) ?? sql`false`;
  // Exact prefixes first, then the closest spellings.
  const rank = sql`(case when ${customers.nameKey} like ${folded + '%'} then 0 when ${customers.nameKey} like ${'% ' + folded + '%'} then 1 else 2 end), word_similarity(${folded}, ${customers.nameKey}) desc`;
  return { where, rank };
}

export function customerFilters(workspaceId: string, filters: Filters): SQL[] {
  const conditions: (SQL | undefined)[] = [
    eq(customers.workspaceId, workspaceId),
    isNull(customers.mergedIntoId),
    filters.kind ? eq(customers.kind, filters.kind) : undefined,
    filters.language ? eq(customers.language, filters.language) : undefined,
    filters.companyId ? eq(customers.companyId, filters.companyId) : undefined,
    filters.tag ? sql`${customers.tags} @> array[${filters.tag}]::text[]` : undefined,
    filters.consent
      ? sql`exists (select 1 from ${consents} c where c.workspace_id = ${customers.workspaceId} and c.customer_id = ${customers.id} and c.channel = ${filters.consent} and c.granted)`
      : undefined,
  ];
  return conditions.filter((c): c is SQL => c !== undefined);
}

/**
 * The customer list. Without a search text it pages by keyset on the sort
 * column; with one it ranks by closeness and pages by offset (a search is
 * read a page or two deep, never a million rows deep).
 */
export async function searchCustomers(db: Db, workspaceId: string, query: CustomerListQuery) {
  const cursor = decodeCursor(query.cursor, isCursor);
  const base = customerFilters(workspaceId, query);
  if (query.q && query.q.trim()) {
    const { where, rank } = textCondition(query.q);
    const offset = cursor?.k === 'off' ? cursor.n : 0;
    const rows = await db.transaction(async (tx) => {
      await tx.execute(sql`select set_config('pg_trgm.word_similarity_threshold', ${String(WORD_SIMILARITY)}, true)`);
      return tx.select().from(customers).where(and(...base, where))
        .orderBy(...(rank ? [rank] : []), asc(customers.nameKey), asc(customers.id))
        .limit(query.limit + 1).offset(offset);
    });
    return {
      items: rows.slice(0, query.limit).map(presentCustomer),
      nextCursor: rows.length > query.limit ? encodeCursor({ k: 'off', n: offset + query.limit }) : null,
    };
  }
  const descending = query.sort.startsWith('-');
  const column = query.sort.endsWith('created') ? customers.createdAt : query.sort.endsWith('updated') ? customers.updatedAt : customers.nameKey;
  const after = cursor?.k === 'key' ? cursor : null;
  const afterValue = after ? (column === customers.nameKey ? after.v : new Date(after.v)) : null;
  const beyond = after && afterValue !== null
    ? (descending
      ? or(lt(column, afterValue), and(eq(column, afterValue), lt(customers.id, after.id)))
      : or(gt(column, afterValue), and(eq(column, afterValue), gt(customers.id, after.id))))
    : undefined;
  const order = descending ? [desc(column), desc(customers.id)] : [asc(column), asc(customers.id)];
  const rows = await db.select().from(customers).where(and(...base, beyond)).orderBy(...order).limit(query.limit + 1);
  const items = rows.slice(0, query.limit);
  const last = items.at(-1);
  const lastValue = last ? (column === customers.nameKey ? last.nameKey : (column === customers.createdAt ? last.createdAt : last.updatedAt).toISOString()) : '';
  return {
    items: items.map(presentCustomer),
    nextCursor: rows.length > query.limit && last ? encodeCursor({ k: 'key', v: lastValue, id: last.id }) : null,
  };
}
