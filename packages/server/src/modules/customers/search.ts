import { and, asc, desc, eq, gt, isNull, lt, or, sql, type SQL } from 'drizzle-orm';
import { foldForSearch, nameWordKey, prefixUpperBound, toE164 } from '@vefa/domain';
import type { CustomerListQuery } from '@vefa/contract';
import type { Database } from '../../platform/db/database.ts';
import { preparedStatement } from '../../platform/db/preparedQuery.ts';
import { decodeCursor, encodeCursor } from '../../platform/http/cursor.ts';
import { consents, customers } from './schema.ts';
import { customerFromJson, presentCustomer } from './presenter.ts';

type Filters = Omit<CustomerListQuery, 'cursor' | 'limit' | 'sort'>;
type KeysetCursor = { k: 'key'; v: string; id: string };
type OffsetCursor = { k: 'off'; n: number };
const isCursor = (v: unknown): v is KeysetCursor | OffsetCursor =>
  typeof v === 'object' && v !== null && 'k' in v && (v.k === 'key' || v.k === 'off');

type CustomerRow = typeof customers.$inferSelect;

/** A tag is first looked for among this many customers in name order. */
const TAG_WALK = 1000;

/** At most this many holders of a rarer tag are ranked by name. */
const TAG_SCAN = 250;

/** How many vocabulary words close to a misspelt one are tried, closest first. */
const SIMILAR_WORDS = 8;

/** The list filters a search may carry; each is null when not asked for. */
type SearchFilters = { kind: string | null; language: string | null; company: string | null; tagFilter: string | null; consent: string | null };
type Found = { customer: Record<string, unknown> };

// The search box is the most used read after sign-in. Its statements are written once with
// placeholders and prepared per connection (see preparedStatement): a search builds no query
// and plans nothing. "Starts with" is a range between a prefix and its upper bound, which a
// plan made before the value is known can still walk. Each combination of filters (and of
// extra query words) is its own statement, so no plan carries conditions that do nothing.
const v = (name: string) => sql.placeholder(name);

function filtersOn(alias: string, active: SearchFilters) {
  const c = sql.raw(alias);
  return sql.join([
    sql`and ${c}.merged_into_id is null`,
    active.kind !== null ? sql`and ${c}.kind = ${v('kind')}::text` : undefined,
    active.language !== null ? sql`and ${c}.language = ${v('language')}::text` : undefined,
    active.company !== null ? sql`and ${c}.company_id = ${v('company')}::uuid` : undefined,
    active.tagFilter !== null ? sql`and ${c}.tags @> array[${v('tagFilter')}::text]` : undefined,
    active.consent !== null ? sql`and exists (select 1 from consents cs
      where cs.workspace_id = ${c}.workspace_id and cs.customer_id = ${c}.id and cs.channel = ${v('consent')}::text and cs.granted)` : undefined,
  ].filter((part) => part !== undefined), sql` `);
}

/**
 * Every query word but the driving one must start a word of the name too, checked
 * on the joined row: " " + name contains " " + word.
 */
const otherWordsOn = (alias: string, hasOthers: boolean) =>
  hasOthers ? sql`and (' ' || ${sql.raw(alias)}.name_key) like all (${v('otherPatterns')}::text[])` : sql``;

function searchStatements(active: SearchFilters, hasOthers: boolean, need: number) {
  const filters = (alias: string) => filtersOn(alias, active);
  const limit = (n: number) => sql.raw(`limit ${Math.trunc(n)}`);
  return {
    /**
     * Everything but typos in one statement, in order of precedence: exact external id
     * or phone; the whole-name prefix; a word of the name (the driving query word, other
     * query words starting a word too; whole-name matches are the prefix part's); a tag.
     * The parts run in that order and stop once the page is full, so a name search never
     * pays for the later ones. A tag's holders are first looked for in name order among
     * the first customers (a common tag shows up at once), and only for a rare one
     * through the tag index, whose scan cost grows with the number of holders.
     */
    matches: preparedStatement<Found>('customer_search', sql`
      with tag_walk as (
        select w.id, w.name_key from (
          select t.id, t.name_key, t.tags from customers t
          where t.workspace_id = ${v('ws')} and ${v('tag')}::text is not null ${filters('t')}
          order by t.name_key, t.id ${limit(TAG_WALK)}) w
        where w.tags @> array[${v('tag')}::text] ${limit(need)})
      select customer from (
        (select to_jsonb(c) as customer from customers c
          where c.workspace_id = ${v('ws')} and (c.external_id = ${v('q')}::text or c.phone = ${v('phone')}::text) ${filters('c')}
          order by c.name_key, c.id ${limit(need)})
        union all
        (select to_jsonb(c) from customers c
          where c.workspace_id = ${v('ws')} and ${v('from')}::text <> '' and c.name_key >= ${v('from')}::text and c.name_key < ${v('to')}::text ${filters('c')}
          order by c.name_key, c.id ${limit(need)})
        union all
        (select to_jsonb(c) from customer_name_words w
          join customers c on c.workspace_id = w.workspace_id and c.id = w.customer_id
          where w.workspace_id = ${v('ws')} and ${v('wordFrom')}::text <> '' and w.word >= ${v('wordFrom')}::text and w.word < ${v('wordTo')}::text
            and not (c.name_key >= ${v('from')}::text and c.name_key < ${v('to')}::text) ${otherWordsOn('c', hasOthers)} ${filters('c')}
          order by w.word, w.customer_id ${limit(need)})
        union all
        (select to_jsonb(c) from (
            select id, name_key from tag_walk
            union
            (select t.id, t.name_key from customers t
              where t.workspace_id = ${v('ws')} and ${v('tag')}::text is not null and t.tags @> array[${v('tag')}::text] ${filters('t')}
                and (select count(*) from tag_walk) < ${need}
              ${limit(TAG_SCAN)})
            order by name_key, id ${limit(need)}) holders
          join customers c on c.workspace_id = ${v('ws')} and c.id = holders.id
          order by c.name_key, c.id)
      ) found ${limit(need)}`),

    /** By e-mail: an address or its beginning, a range on the e-mail index. */
    email: preparedStatement<Found>('customer_search_email', sql`
      select to_jsonb(c) as customer from customers c
      where c.workspace_id = ${v('ws')} and c.email >= ${v('from')}::text and c.email < ${v('to')}::text ${filters('c')}
      order by c.email, c.id ${limit(need)}`),

    /** Typos: the closest words of the workspace's name vocabulary, closest first, each with its customers. */
    similar: preparedStatement<Found>('customer_search_similar', sql`
      select m.customer from (
        select word, similarity(word, ${v('driver')}::text) as closeness from customer_name_vocabulary
        where workspace_id = ${v('ws')} and word % ${v('driver')}::text
        order by closeness desc, word ${limit(SIMILAR_WORDS)}) s
      cross join lateral (
        select to_jsonb(c) as customer, w.customer_id from customer_name_words w
        join customers c on c.workspace_id = w.workspace_id and c.id = w.customer_id
        where w.workspace_id = ${v('ws')} and w.word = s.word ${otherWordsOn('c', hasOthers)} ${filters('c')}
        order by w.customer_id ${limit(need)}) m
      order by s.closeness desc, s.word, m.customer_id ${limit(need)}`),
  };
}

/**
 * Statements are compiled on first use of each filter combination and page depth, then
 * reused. The page depth is written into the text (a LIMIT the planner can see makes the
 * plan made once as good as one made per request); pages deeper than a few share one depth.
 */
const compiled = new Map<string, ReturnType<typeof searchStatements>>();
const PAGE_DEPTHS = [26, 51, 101, 201, 501, 1001];
function statementsFor(active: SearchFilters, hasOthers: boolean, need: number) {
  const depth = PAGE_DEPTHS.find((d) => d >= need) ?? need;
  const key = `${Object.values(active).map((value) => (value === null ? 0 : 1)).join('')}${hasOthers ? 1 : 0}:${depth}`;
  let statements = compiled.get(key);
  if (!statements) compiled.set(key, statements = searchStatements(active, hasOthers, depth));
  return statements;
}

/**
 * The search box, cheapest match first. E-mail, phone and external id are exact
 * index look-ups. A name is matched as a prefix of the whole folded name (a
 * B-tree range, so its cost does not grow with the table), then as a prefix of
 * any word in it, then as a tag; for typos, through the workspace's vocabulary
 * of name words. Each step runs only when the page is not yet full.
 */
async function textSearch(database: Database, workspaceId: string, filters: SearchFilters, q: string, offset: number, wanted: number): Promise<CustomerRow[]> {
  const trimmed = q.trim();
  const need = offset + wanted;
  const values = { ...filters, ws: workspaceId };
  const rows = (found: Found[]) => found.map((r) => customerFromJson(r.customer));
  if (trimmed.includes('@')) {
    const from = trimmed.toLowerCase();
    return rows(await statementsFor(filters, false, need).email(database, { ...values, from, to: prefixUpperBound(from) })).slice(offset, offset + wanted);
  }
  const phone = /^[+\d][\d\s()-]{4,}$/.test(trimmed) ? toE164(trimmed) : null;
  const folded = phone ? '' : foldForSearch(trimmed);
  // A name word: the longest query word drives (fewest matches), the others must start a word too.
  const words = folded ? folded.split(' ') : [];
  const longest = words.reduce((a, b) => (b.length >= a.length ? b : a), '');
  const others = words.filter((w, i) => i !== words.lastIndexOf(longest));
  const driver = nameWordKey(longest);
  const statements = statementsFor(filters, others.length > 0, need);
  const otherPatterns = others.map((other) => `% ${other}%`);
  const found = dedupe(rows(await statements.matches(database, {
    ...values, q: trimmed, phone, tag: /\s/.test(trimmed) || phone ? null : trimmed,
    from: folded, to: prefixUpperBound(folded), wordFrom: driver, wordTo: prefixUpperBound(driver), otherPatterns,
  })));
  if (found.length >= need || driver.length < 3) return found.slice(offset, offset + wanted);
  // Typos, through the vocabulary, only when the exact ways found too few.
  return dedupe([...found, ...rows(await statements.similar(database, { ...values, otherPatterns, driver }))]).slice(offset, offset + wanted);
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
export async function searchCustomers(database: Database, workspaceId: string, query: CustomerListQuery) {
  const cursor = decodeCursor(query.cursor, isCursor);
  if (query.q && query.q.trim()) {
    const offset = cursor?.k === 'off' ? cursor.n : 0;
    const filters = {
      kind: query.kind ?? null, language: query.language ?? null, company: query.companyId ?? null, tagFilter: query.tag ?? null, consent: query.consent ?? null,
    };
    const rows = await textSearch(database, workspaceId, filters, query.q, offset, query.limit + 1);
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
  const base = customerFilters(workspaceId, query);
  const rows = await database.db.select().from(customers).where(and(...base, beyond)).orderBy(...order).limit(query.limit + 1);
  const items = rows.slice(0, query.limit);
  const last = items.at(-1);
  const lastValue = last ? (column === customers.nameKey ? last.nameKey : (column === customers.createdAt ? last.createdAt : last.updatedAt).toISOString()) : '';
  return {
    items: items.map(presentCustomer),
    nextCursor: rows.length > query.limit && last ? encodeCursor({ k: 'key', v: lastValue, id: last.id }) : null,
  };
}
