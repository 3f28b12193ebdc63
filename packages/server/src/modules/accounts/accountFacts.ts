import { sql, type SQL } from 'drizzle-orm';
import { sqlRows, type Database, type Queryable } from '../../platform/db/database.ts';
import { preparedRows } from '../../platform/db/preparedQuery.ts';
import type { AccountFacts } from './presenter.ts';

export async function workspaceSettings(db: Queryable, workspaceId: string) {
  const [row] = await sqlRows<{ time_zone: string; currency: string }>(db, sql`select time_zone, currency from workspaces where id = ${workspaceId}`);
  return { timeZone: row?.time_zone ?? 'Asia/Baku', currency: row?.currency ?? 'AZN' };
}

interface FactRow {
  customer_id: string; name: string; name_key: string; owner_id: string; owner_name: string | null; shared_with: string[] | null; tier: string;
  industry: string | null; segment_id: string | null; annual_potential_minor: number; currency: string; satisfaction: number | null;
  last_activity_at: string | Date | null; open_cases: number; overdue_orders: number; days_to_renewal: number | null; open_deals: number;
  pipeline_minor: number; created_at: string | Date; today: string;
}

const asDate = (v: string | Date) => (v instanceof Date ? v : new Date(v));
export type AccountFactsRow = AccountFacts & { nameKey: string; today: string };

/**
 * Accounts with what their list row and health need, in one statement: the
 * counts are correlated look-ups on indexed (workspace, account) keys, so a
 * page costs the same with 10 or 10,000 accounts. "Today" is the workspace's
 * local day, computed in the same statement. `extra` adds columns (the
 * account page's details) to the same round trip. Given the Database rather
 * than a transaction, it runs as a prepared statement (see preparedRows).
 */
export async function loadAccountFacts<E extends object = object>(db: Queryable | Database, workspaceId: string, where: SQL, tail: SQL = sql``, extra: SQL | null = null): Promise<(AccountFactsRow & { extra: E })[]> {
  const run = (query: SQL) => ('pool' in db ? preparedRows<FactRow & E>(db, 'account_facts', query) : sqlRows<FactRow & E>(db, query));
  const rows = await run(sql`
    with w as (select (now() at time zone time_zone)::date as today from workspaces where id = ${workspaceId})
    select ka.customer_id, c.display_name as name, c.name_key, ka.owner_id, u.name as owner_name, w.today::text as today,
      (select array_agg(s.user_id) from key_account_shares s where s.workspace_id = ka.workspace_id and s.account_id = ka.customer_id) as shared_with,
      ka.tier, ka.industry, ka.segment_id, ka.annual_potential_minor, ka.currency, ka.satisfaction, ka.last_activity_at, ka.created_at,
      (select count(*)::int from cases cs where cs.workspace_id = ka.workspace_id and cs.is_open
        and (cs.customer_id = ka.customer_id or cs.company_id = ka.customer_id)) as open_cases,
      (select count(*)::int from account_orders o where o.workspace_id = ka.workspace_id and o.account_id = ka.customer_id
        and o.status not in ('delivered', 'invoiced', 'cancelled') and o.due_on < w.today) as overdue_orders,
      (select min(k.renewal_on) - w.today from account_contracts k where k.workspace_id = ka.workspace_id and k.account_id = ka.customer_id
        and k.status = 'active' and k.renewal_on is not null) as days_to_renewal,
      d.open_deals, d.pipeline_minor ${extra ? sql`, ${extra}` : sql``}
    from key_accounts ka cross join w
    join customers c on c.workspace_id = ka.workspace_id and c.id = ka.customer_id
    left join users u on u.id = ka.owner_id
    cross join lateral (select count(*)::int as open_deals, coalesce(sum(dl.value_minor) filter (where dl.currency = ka.currency), 0)::bigint as pipeline_minor
      from account_deals dl where dl.workspace_id = ka.workspace_id and dl.account_id = ka.customer_id and dl.status = 'open') d
    where ka.workspace_id = ${workspaceId} and ${where} ${tail}`);
  return rows.map((r) => ({
    customerId: r.customer_id, name: r.name, nameKey: r.name_key, ownerId: r.owner_id, ownerName: r.owner_name, sharedWith: r.shared_with ?? [],
    tier: r.tier, industry: r.industry, segmentId: r.segment_id, annualPotentialMinor: Number(r.annual_potential_minor), currency: r.currency,
    satisfaction: r.satisfaction, lastActivityAt: r.last_activity_at ? asDate(r.last_activity_at) : null, openCases: r.open_cases,
    overdueOrders: r.overdue_orders, openDeals: r.open_deals, pipelineMinor: Number(r.pipeline_minor), createdAt: asDate(r.created_at),
    daysToRenewal: r.days_to_renewal === null ? null : Number(r.days_to_renewal), today: r.today, extra: r,
  }));
}
