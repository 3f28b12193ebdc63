import { and, asc, desc, eq, gt, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import { unionAll } from 'drizzle-orm/pg-core';
import { foldForSearch, nameWordKey, toE164 } from '@vefa/domain';
import type { CustomerListQuery } from '@vefa/contract';
import type { Db } from '../../platform/db/database.ts';
import { decodeCursor, encodeCursor } from '../../platform/http/cursor.ts';
import { consents, customerNameVocabulary, customerNameWords, customers } from './schema.ts';
import { presentCustomer } from './presenter.ts';

type Filters = Omit<CustomerListQuery, 'cursor' | 'limit' | 'sort'>;
type KeysetCursor = { k: 'key'; v: string; id: string };
type OffsetCursor = { k: 'off'; n: number };
const isCursor = (v: unknown): v is KeysetCursor | OffsetCursor =>
  typeof v === 'object' && v !== null && 'k' in v && (v.k === 'key' || v.k === 'off');

type CustomerRow = typeof customers.$inferSelect;

/** A tag shared by many is ranked within the first this-many holders found. */
const TAG_SCAN = 250;

/** How many vocabulary words close to a misspelt one are tried, closest first. */
const SIMILAR_WORDS = 8;

/**
 * The search box, cheapest match first. E-mail, phone, external id and tag are
 * exact index look-ups. A name is matched as a prefix of the whole folded name
 * (a B-tree range, so its cost does not grow with the table), then as a prefix
 * of any word in it, then, for typos, through the workspace's vocabulary of
 * name words: each step runs only when the page is not yet full.
 */
async function textSearch(db: Db, workspaceId: string, base: SQL[], q: string, offset: number, wanted: number) {
  const trimmed = q.trim();
  const need = offset + wanted;
  if (trimmed.includes('@')) {
    return db.select().from(customers).where(and(...base, sql`${customers.email} like ${trimmed.toLowerCase().replace(/[%_\\]/g, '') + '%'}`))
      .orderBy(asc(customers.email), asc(customers.id)).limit(wanted).offset(offset);
  }
  const phone = /^[+\d][\d\s()-]{4,}$/.test(trimmed) ? toE164(trimmed) : null;
  const folded = phone ? '' : foldForSearch(trimmed).replace(/[%_\\]/g, '');
  // The three cheap look-ups travel as one statement: one round trip answers most searches.
  const step = (n: number) => sql<number>`${n}::int`.as('step');
  const exact = db.select({ customer: customers, step: step(1) }).from(customers)
    .where(and(...base, or(eq(customers.externalId, trimmed), phone ? eq(customers.phone, phone) : undefined)))
    .orderBy(asc(customers.nameKey), asc(customers.id)).limit(need);
  const holders = taggedIds(db, base, /\s/.test(trimmed) || phone ? null : trimmed).as('holders');
  const tagged = db.select({ customer: customers, step: step(2) }).from(customers)
    .innerJoin(holders, and(eq(customers.workspaceId, workspaceId), eq(customers.id, holders.id)))
    .orderBy(asc(customers.nameKey), asc(customers.id)).limit(need);
  const prefix = db.select({ customer: customers, step: step(3) }).from(customers)
    .where(and(...base, folded ? sql`${customers.nameKey} like ${folded + '%'}` : sql`false`))
    .orderBy(asc(customers.nameKey), asc(customers.id)).limit(need);
  const cheap = await unionAll(exact, tagged, prefix);
  let found = dedupe(cheap.sort((a, b) => a.step - b.step).map((r) => r.customer));
  if (!folded || found.length >= need) return found.slice(offset, offset + wanted);

  // Any word of the name: the longest query word drives (fewest matches), the others must start a word too.
  const words = folded.split(' ');
  const longest = words.reduce((a, b) => (b.length >= a.length ? b : a));
  const others = words.filter((w, i) => i !== words.lastIndexOf(longest));
  const driver = nameWordKey(longest);
  found = dedupe([...found, ...await byWord(db, workspaceId, base, sql`${customerNameWords.word} like ${driver + '%'}`, others, need)]);
  if (found.length >= need || driver.length < 3) return found.slice(offset, offset + wanted);

  const similar = await db.select({ word: customerNameVocabulary.word }).from(customerNameVocabulary)
    .where(and(eq(customerNameVocabulary.workspaceId, workspaceId), sql`${customerNameVocabulary.word} % ${driver}`))
    .orderBy(sql`similarity(${customerNameVocabulary.word}, ${driver}) desc`, asc(customerNameVocabulary.word)).limit(SIMILAR_WORDS);
  for (const { word } of similar) {
    found = dedupe([...found, ...await byWord(db, workspaceId, base, eq(customerNameWords.word, word), others, need - found.length)]);
    if (found.length >= need) break;
  }
  return found.slice(offset, offset + wanted);
}

/**
 * The ids of customers carrying a tag, read from the tag index first and joined
 * as a derived table: its LIMIT keeps it from being flattened (given ORDER BY
 * name and a LIMIT the planner would otherwise walk the name index hoping to
 * meet the tag soon, reading every row when nobody has it), and as a join it
 * runs once, where `id IN (sub-select with LIMIT)` may be re-run per row.
 */
function taggedIds(db: Db, base: SQL[], tag: string | null) {
  return db.select({ id: customers.id }).from(customers)
    .where(and(...base, tag === null ? sql`false` : sql`${customers.tags} @> array[${tag}]::text[]`)).limit(TAG_SCAN);
}

/** Customers with a name word matching `wordMatch` and a word starting with each of `others`, in word-index order. */
async function byWord(db: Db, workspaceId: string, base: SQL[], wordMatch: SQL, others: string[], limit: number): Promise<CustomerRow[]> {
  if (limit <= 0) return [];
  // The other words are checked on the joined row's folded name: a probe per candidate, in index order.
  const alsoHas = others.map((other) => or(sql`${customers.nameKey} like ${other + '%'}`, sql`${customers.nameKey} like ${'% ' + other + '%'}`));
  const rows = await db.select({ customer: customers }).from(customerNameWords)
    .innerJoin(customers, and(eq(customers.workspaceId, customerNameWords.workspaceId), eq(customers.id, customerNameWords.customerId)))
    .where(and(eq(customerNameWords.workspaceId, workspaceId), wordMatch, ...alsoHas, ...base))
    .orderBy(asc(customerNameWords.word), asc(customerNameWords.customerId)).limit(limit);
  return rows.map((r) => r.customer);
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
    const rows = await textSearch(db, workspaceId, base, query.q, offset, query.limit + 1);
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
