import type { FastifyPluginAsync } from 'fastify';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import { sql, type SQL } from 'drizzle-orm';
import { z } from 'zod';
import { foldForSearch } from '@vefa/domain';
import {
  LoyaltyMemberName, LoyaltyMemberNamesQuery, LoyaltyMemberRow, LoyaltyMemberSearchQuery, LoyaltyProgrammeSummary, ProgrammeIdParam, page,
} from '@vefa/contract';
import { requireActor } from '../../platform/auth/accessHooks.ts';
import { sqlRows, type Queryable } from '../../platform/db/database.ts';
import { decodeCursor, encodeCursor } from '../../platform/http/cursor.ts';
import { invalid } from '../../platform/http/problem.ts';
import { loadProgramme } from './programmes.ts';

/**
 * Read-only views for the web pages: what the loyalty specialist reads, joined with the
 * customer's name, so a list of members is a list of people and not of ids.
 */

type MemberCursor = { k: string; id: string };
const isMemberCursor = (v: unknown): v is MemberCursor =>
  typeof v === 'object' && v !== null && 'k' in v && 'id' in v && typeof v.k === 'string' && typeof v.id === 'string';

interface MemberRowSql {
  id: string; programme_id: string; customer_id: string; display_name: string; email: string | null; phone: string | null;
  card_number: string; status: string; joined_on: string | Date; tier_id: string | null; tier_name: string | null;
  available: number | string | null; pending: number | string | null; name_key: string;
}

const dateOf = (v: string | Date) => (typeof v === 'string' ? v.slice(0, 10) : v.toISOString().slice(0, 10));

export async function searchMembers(db: Queryable, workspaceId: string, q: z.infer<typeof LoyaltyMemberSearchQuery>) {
  const after = decodeCursor(q.cursor, isMemberCursor);
  const where: SQL[] = [sql`m.workspace_id = ${workspaceId}`];
  if (q.programmeId) where.push(sql`m.programme_id = ${q.programmeId}`);
  if (q.tierId) where.push(sql`t.id = ${q.tierId}`);
  const text = q.q?.trim() ?? '';
  if (text) {
    const like = (s: string) => `%${s.replace(/[%_\\]/g, '')}%`;
    const digits = text.replace(/[\s-]/g, '');
    const folded = foldForSearch(text);
    where.push(sql`(${sql.join([
      sql`c.name_key like ${like(folded)}`,
      sql`lower(c.email) like ${like(text.toLowerCase())}`,
      ...(/^\+?\d{3,}$/.test(digits) ? [sql`m.card_number like ${like(digits)}`, sql`c.phone like ${like(digits)}`] : []),
    ], sql` or `)})`);
  }
  if (after) where.push(sql`(c.name_key, m.id) > (${after.k}, ${after.id})`);
  const rows = await sqlRows<MemberRowSql>(db, sql`
    select m.id, m.programme_id, m.customer_id, c.display_name, c.email, c.phone, c.name_key, m.card_number, m.status, m.joined_on,
           t.id as tier_id, t.name as tier_name, b.available, b.pending
    from loyalty_members m
    join customers c on c.workspace_id = m.workspace_id and c.id = m.customer_id
    left join lateral (
      -- A member not yet reviewed holds the entry tier (what the member view shows too).
      select t.id, t.name from loyalty_tiers t where t.workspace_id = m.workspace_id and t.programme_id = m.programme_id
        and (t.id = m.tier_id or m.tier_id is null) order by (t.id = m.tier_id) desc nulls last, t.rank limit 1
    ) t on true
    left join loyalty_member_balances b on b.workspace_id = m.workspace_id and b.member_id = m.id
    where ${sql.join(where, sql` and `)}
    order by c.name_key, m.id
    limit ${q.limit + 1}`);
  const items = rows.slice(0, q.limit);
  const last = items.at(-1);
  return {
    items: items.map((r) => ({
      id: r.id, programmeId: r.programme_id, customerId: r.customer_id, displayName: r.display_name, email: r.email, phone: r.phone,
      cardNumber: r.card_number, status: r.status === 'opted_out' ? 'opted_out' as const : 'active' as const, joinedOn: dateOf(r.joined_on),
      tierId: r.tier_id, tierName: r.tier_name, available: Number(r.available ?? 0), pending: Number(r.pending ?? 0),
    })),
    nextCursor: rows.length > q.limit && last ? encodeCursor({ k: last.name_key, id: last.id }) : null,
  };
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export async function memberNames(db: Queryable, workspaceId: string, idList: string) {
  const ids = [...new Set(idList.split(',').map((s) => s.trim()).filter(Boolean))];
  if (ids.length > 200) throw invalid('query.ids', 'too_many', 'at most 200 ids');
  const bad = ids.findIndex((id) => !UUID.test(id));
  if (bad >= 0) throw invalid('query.ids', 'invalid_uuid', `"${ids[bad]}" is not a member id`);
  if (!ids.length) return { items: [] };
  const rows = await sqlRows<{ id: string; customer_id: string; display_name: string; card_number: string }>(db, sql`
    select m.id, m.customer_id, c.display_name, m.card_number from loyalty_members m
    join customers c on c.workspace_id = m.workspace_id and c.id = m.customer_id
    where m.workspace_id = ${workspaceId} and m.id in (${sql.join(ids.map((id) => sql`${id}::uuid`), sql`, `)})`);
  return { items: rows.map((r) => ({ memberId: r.id, customerId: r.customer_id, displayName: r.display_name, cardNumber: r.card_number })) };
}

/** Members, tier distribution, outstanding points and 12 months of points issued, redeemed, expired and reversed. */
export async function programmeSummary(db: Queryable, workspaceId: string, programmeId: string) {
  const { programme, timeZone } = await loadProgramme(db, workspaceId, programmeId);
  const [members] = await sqlRows<{ total: number; active: number; recent: number; available: number | string | null; pending: number | string | null }>(db, sql`
    select count(*)::int as total, count(*) filter (where m.status = 'active')::int as active,
           count(*) filter (where m.joined_on >= (now() at time zone ${timeZone})::date - 30)::int as recent,
           coalesce(sum(b.available), 0) as available, coalesce(sum(b.pending), 0) as pending
    from loyalty_members m
    left join loyalty_member_balances b on b.workspace_id = m.workspace_id and b.member_id = m.id
    where m.workspace_id = ${workspaceId} and m.programme_id = ${programmeId}`);
  const tiers = await sqlRows<{ tier_id: string | null; name: string | null; rank: number | null; members: number }>(db, sql`
    with entry as (
      select id from loyalty_tiers where workspace_id = ${workspaceId} and programme_id = ${programmeId} order by rank limit 1
    )
    select t.id as tier_id, t.name, t.rank, count(m.id)::int as members
    from loyalty_tiers t
    left join loyalty_members m on m.workspace_id = t.workspace_id and m.programme_id = t.programme_id and m.status = 'active'
      and coalesce(m.tier_id, (select id from entry)) = t.id
    where t.workspace_id = ${workspaceId} and t.programme_id = ${programmeId}
    group by t.id, t.name, t.rank
    union all
    select null, null, null, count(*)::int from loyalty_members m
    where m.workspace_id = ${workspaceId} and m.programme_id = ${programmeId} and m.status = 'active'
      and m.tier_id is null and not exists (select 1 from entry)
    order by 3 nulls first`);
  const monthly = await sqlRows<{ month: string; issued: number | string; reversed: number | string; redeemed: number | string; expired: number | string }>(db, sql`
    select to_char(e.occurred_at at time zone ${timeZone}, 'YYYY-MM') as month,
           coalesce(sum(-e.amount) filter (where e.account = 'programme_liability' and e.amount < 0), 0) as issued,
           coalesce(sum(e.amount) filter (where e.account = 'programme_liability' and e.amount > 0), 0) as reversed,
           coalesce(sum(e.amount) filter (where e.account = 'redeemed'), 0) as redeemed,
           coalesce(sum(e.amount) filter (where e.account = 'expired'), 0) as expired
    from loyalty_ledger_entries e
    where e.workspace_id = ${workspaceId} and e.programme_id = ${programmeId} and e.member_id is null
      and e.occurred_at >= date_trunc('month', now() at time zone ${timeZone}) - interval '11 months'
    group by 1`);
  const byMonth = new Map(monthly.map((m) => [m.month, m]));
  const now = new Date(new Date().toLocaleString('en-US', { timeZone }));
  const months = Array.from({ length: 12 }, (_, i) => {
    const d = new Date(now.getFullYear(), now.getMonth() - 11 + i, 1);
    const key = `${d.getFullYear()}-${String(d.getMonth() + 1).padStart(2, '0')}`;
    const m = byMonth.get(key);
    return { month: key, issued: Number(m?.issued ?? 0), redeemed: Number(m?.redeemed ?? 0), expired: Number(m?.expired ?? 0), reversed: Number(m?.reversed ?? 0) };
  });
  const available = Number(members?.available ?? 0);
  return {
    programmeId, currency: programme.currency,
    members: { total: members?.total ?? 0, active: members?.active ?? 0, joinedLast30Days: members?.recent ?? 0 },
    points: { available, pending: Number(members?.pending ?? 0), outstandingValueMinor: Math.max(0, available) * programme.pointValueMinor },
    tiers: tiers.filter((t) => t.tier_id !== null || t.members > 0).map((t) => ({ tierId: t.tier_id, name: t.name, rank: t.rank, members: t.members })),
    months,
  };
}

const tags = ['loyalty'];
const read = { permission: 'loyalty:read' } as const;

export const loyaltyViewRoutes: FastifyPluginAsync = async (base) => {
  const app = base.withTypeProvider<ZodTypeProvider>();
  const db = app.database.db;
  app.get('/loyalty/views/members', { config: read, schema: { tags, summary: 'Members with their names, tier and balance; search by name, e-mail, phone or card', querystring: LoyaltyMemberSearchQuery, response: { 200: page(LoyaltyMemberRow) } } },
    (request) => searchMembers(db, requireActor(request).workspaceId, request.query));
  app.get('/loyalty/views/member-names', { config: read, schema: { tags, summary: 'Names and cards of up to 200 members (for lists of redemptions and referrals)', querystring: LoyaltyMemberNamesQuery, response: { 200: z.object({ items: z.array(LoyaltyMemberName) }) } } },
    (request) => memberNames(db, requireActor(request).workspaceId, request.query.ids));
  app.get('/loyalty/views/programmes/:programmeId/summary', { config: read, schema: { tags, summary: 'Members, tier distribution and 12 months of points issued vs redeemed', params: ProgrammeIdParam, response: { 200: LoyaltyProgrammeSummary } } },
    (request) => programmeSummary(db, requireActor(request).workspaceId, request.params.programmeId));
};
