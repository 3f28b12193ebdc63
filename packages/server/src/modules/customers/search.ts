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

/**
 * The search box, cheapest match first. E-mail, phone and external id are
 * exact index look-ups. A name is first matched as a prefix of the folded name
 * (a B-tree range scan, so its cost does not grow with the table); only when
 * that fills less than the page does the trigram index look for other words
 * and misspellings, ranked by closeness.
 */
async function textSearch(db: Db, base: SQL[], q: string, offset: number, wanted: number) {
  const trimmed = q.trim();
  if (trimmed.includes('@')) {
    return db.select().from(customers).where(and(...base, sql`${customers.email} like ${trimmed.toLowerCase().replace(/[%_\\]/g, '') + '%'}`))
      .orderBy(asc(customers.email), asc(customers.id)).limit(wanted).offset(offset);
  }
  const phone = /^[+\d][\d\s()-]{4,}$/.test(trimmed) ? toE164(trimmed) : null;
  const exact = await db.select().from(customers).where(and(...base, or(
    eq(customers.externalId, trimmed), phone ? eq(customers.phone, phone) : undefined,
    sql`${customers.tags} @> array[${trimmed}]::text[]`,
  ))).orderBy(asc(customers.nameKey), asc(customers.id)).limit(offset + wanted);
  if (phone) return exact.slice(offset);
  const folded = foldForSearch(trimmed).replace(/[%_\\]/g, '');
  if (!folded) return exact.slice(offset);
  const prefix = await db.select().from(customers).where(and(...base, sql`${customers.nameKey} like ${folded + '%'}`))
    .orderBy(asc(customers.nameKey), asc(customers.id)).limit(offset + wanted);
  const found = dedupe([...exact, ...prefix]);
  if (found.length >= offset + wanted) return found.slice(offset, offset + wanted);
  const fuzzy = await db.transaction(async (tx) => {
    await tx.execute(sql`select set_config('pg_trgm.word_similarity_threshold', ${String(WORD_SIMILARITY)}, true)`);
    return tx.select().from(customers)
      .where(and(...base, or(sql`${customers.nameKey} like ${'% ' + folded + '%'}`, sql`${folded} <% ${customers.nameKey}`)))
      .orderBy(sql`(${customers.nameKey} like ${'% ' + folded + '%'}) desc`, sql`word_similarity(${folded}, ${customers.nameKey}) desc`, asc(customers.id))
      .limit(offset + wanted);
  });
  return dedupe([...found, ...fuzzy]).slice(offset, offset + wanted);
}

function dedupe<T extends { id: string }>(rows: T[]): T[] {
  const seen = new Set<string>();
  return rows.filter((r) => (seen.has(r.id) ? false : (seen.add(r.id), true)));
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
    const offset = cursor?.k === 'off' ? cursor.n : 0;
    const rows = await textSearch(db, base, query.q, offset, query.limit + 1);
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
