import { sql, type SQL } from 'drizzle-orm';
import { addDays, localDay, monthRange, nextMonth, previousMonth } from '@vefa/domain/accounts/index';
import type { MonthlyReport } from '@vefa/contract';
import type { Actor } from '../../platform/auth/actor.ts';
import { sqlRows, type Queryable } from '../../platform/db/database.ts';
import { forbidden } from '../../platform/http/problem.ts';
import { seesAll } from './access.ts';
import { workspaceSettings } from './accountFacts.ts';
import { ensureDefaultPipeline, listStages } from './pipelines.ts';

const byCurrency = (rows: { currency: string; total: number }[]) => Object.fromEntries(rows.map((r) => [r.currency, Number(r.total)]));

/**
 * The account manager's monthly report (for one manager or the team): new
 * accounts, meetings held, pipeline by stage and its movement, won and lost
 * with reasons and competitors, revenue against target, orders and delays,
 * renewals coming up. Month boundaries are the workspace's local midnight.
 */
export async function monthlyReport(db: Queryable, actor: Actor, month: string, ownerId: string | undefined): Promise<MonthlyReport> {
  const owner = ownerId ?? (seesAll(actor) ? null : actor.userId);
  if (owner && owner !== actor.userId && !seesAll(actor)) throw forbidden('accounts:manage');
  const ws = actor.workspaceId;
  const { timeZone, currency } = await workspaceSettings(db, ws);
  const range = monthRange(month, timeZone);
  const prev = monthRange(previousMonth(month), timeZone);
  const from = new Date(range.from).toISOString();
  const to = new Date(range.to).toISOString();
  const firstDay = `${month}-01`;
  const lastDayNext = addDays(`${nextMonth(nextMonth(month))}-01`, -1);
  const today = localDay(Date.now(), timeZone);
  const dealOwner = (alias: string): SQL => (owner ? sql`${sql.raw(alias)}.owner_id = ${owner}` : sql`true`);
  const accountOwner = (accountColumn: SQL): SQL => (owner ? sql`exists (select 1 from key_accounts ko where ko.workspace_id = ${ws} and ko.customer_id = ${accountColumn} and ko.owner_id = ${owner})` : sql`true`);
  const pipelineId = await ensureDefaultPipeline(db, ws);
  const stages = await listStages(db, ws, pipelineId);

  const [counts] = await sqlRows<{ new_accounts: number; orders_created: number; delivered: number; late_delivered: number; overdue: number; target: number | null; owner_name: string | null }>(db, sql`select
    (select count(*)::int from key_accounts ka where ka.workspace_id = ${ws} and ka.created_at >= ${from} and ka.created_at < ${to} and ${dealOwner('ka')}) as new_accounts,
    (select count(*)::int from account_orders o where o.workspace_id = ${ws} and o.created_at >= ${from} and o.created_at < ${to} and ${accountOwner(sql`o.account_id`)}) as orders_created,
    (select count(*)::int from account_orders o where o.workspace_id = ${ws} and o.delivered_at >= ${from} and o.delivered_at < ${to} and ${accountOwner(sql`o.account_id`)}) as delivered,
    (select count(*)::int from account_orders o where o.workspace_id = ${ws} and o.delivered_at >= ${from} and o.delivered_at < ${to} and o.due_on is not null
       and (o.delivered_at at time zone ${timeZone})::date > o.due_on and ${accountOwner(sql`o.account_id`)}) as late_delivered,
    (select count(*)::int from account_orders o where o.workspace_id = ${ws} and o.status not in ('delivered', 'invoiced', 'cancelled')
       and o.due_on < ${today}::date and ${accountOwner(sql`o.account_id`)}) as overdue,
    (select sum(t.amount_minor)::bigint from account_revenue_targets t where t.workspace_id = ${ws} and t.month = ${month} and ${dealOwner('t')}) as target,
    (select u.name from users u where u.id = ${owner}) as owner_name`);

  const activity = await sqlRows<{ kind: string; n: number; held: number }>(db, sql`
    select a.kind, count(*)::int as n, count(*) filter (where a.kind in ('meeting', 'appointment') and a.at <= now())::int as held
    from account_activities a where a.workspace_id = ${ws} and a.at >= ${from} and a.at < ${to} and ${dealOwner('a')}
    group by a.kind`);

  // Open deals by stage from the trigger-kept totals (one row per stage, currency and owner), not a scan of every deal.
  const pipeline = await sqlRows<{ stage_id: string; currency: string; n: number; total: number }>(db, sql`
    select t.stage_id, t.currency, sum(t.deals)::int as n, sum(t.value_minor)::bigint as total from account_deal_stage_totals t
    where t.workspace_id = ${ws} and t.pipeline_id = ${pipelineId} and t.status = 'open' and ${dealOwner('t')}
    group by t.stage_id, t.currency having sum(t.deals) > 0`);
  // Stages belong to one pipeline, so the stage ids pick the pipeline: the team's count reads the covering index alone.
  const stageIds = stages.map((s) => s.id);
  const entered = stageIds.length === 0 ? [] : await sqlRows<{ stage_id: string; now_n: number; prev_n: number }>(db, sql`
    select h.stage_id, count(*) filter (where h.entered_at >= ${from})::int as now_n, count(*) filter (where h.entered_at < ${from})::int as prev_n
    from account_deal_stage_history h
    where h.workspace_id = ${ws} and h.entered_at >= ${new Date(prev.from).toISOString()} and h.entered_at < ${to} and h.stage_id in ${stageIds}
      ${owner ? sql`and exists (select 1 from account_deals d where d.workspace_id = h.workspace_id and d.id = h.deal_id and d.owner_id = ${owner})` : sql``}
    group by h.stage_id`);

  const closed = await sqlRows<{ status: string; currency: string; n: number; total: number }>(db, sql`
    select d.status, d.currency, count(*)::int as n, sum(d.value_minor)::bigint as total from account_deals d
    where d.workspace_id = ${ws} and d.closed_at >= ${from} and d.closed_at < ${to} and d.status in ('won', 'lost') and ${dealOwner('d')}
    group by d.status, d.currency`);
  const reasons = await sqlRows<{ reason: string; n: number }>(db, sql`
    select coalesce(d.lost_reason, '') as reason, count(*)::int as n from account_deals d
    where d.workspace_id = ${ws} and d.closed_at >= ${from} and d.closed_at < ${to} and d.status = 'lost' and ${dealOwner('d')}
    group by 1 order by 2 desc limit 20`);
  const lostTo = await sqlRows<{ id: string; name: string; n: number }>(db, sql`
    select c.id, c.name, count(*)::int as n from account_deals d join account_competitors c on c.workspace_id = d.workspace_id and c.id = d.lost_to_competitor_id
    where d.workspace_id = ${ws} and d.closed_at >= ${from} and d.closed_at < ${to} and d.status = 'lost' and ${dealOwner('d')}
    group by c.id, c.name order by 3 desc limit 20`);
  const renewals = await sqlRows<{ id: string; number: string; title: string; account_name: string; renewal_on: string; value_minor: number; currency: string }>(db, sql`
    select k.id, k.number, k.title, c.display_name as account_name, k.renewal_on::text, k.value_minor, k.currency
    from account_contracts k join customers c on c.workspace_id = k.workspace_id and c.id = k.account_id
    where k.workspace_id = ${ws} and k.status = 'active' and k.renewal_on >= ${firstDay}::date and k.renewal_on <= ${lastDayNext}::date
      and ${accountOwner(sql`k.account_id`)}
    order by k.renewal_on limit 200`);

  const won = closed.filter((c) => c.status === 'won');
  const lost = closed.filter((c) => c.status === 'lost');
  return {
    month, ownerId: owner, ownerName: counts?.owner_name ?? null, timeZone, generatedAt: new Date().toISOString(),
    newAccounts: counts?.new_accounts ?? 0,
    meetingsHeld: activity.reduce((s, a) => s + a.held, 0),
    activitiesByKind: Object.fromEntries(activity.map((a) => [a.kind, a.n])),
    pipeline: stages.map((s) => {
      const mine = pipeline.filter((p) => p.stage_id === s.id);
      const e = entered.find((x) => x.stage_id === s.id);
      return { stageId: s.id, stageName: s.name, count: mine.reduce((n, p) => n + p.n, 0), values: byCurrency(mine), entered: e?.now_n ?? 0, enteredPrevious: e?.prev_n ?? 0 };
    }),
    won: { count: won.reduce((n, c) => n + c.n, 0), values: byCurrency(won) },
    lost: {
      count: lost.reduce((n, c) => n + c.n, 0), values: byCurrency(lost),
      reasons: reasons.map((r) => ({ reason: r.reason, count: r.n })), competitors: lostTo.map((c) => ({ competitorId: c.id, name: c.name, count: c.n })),
    },
    revenue: { actual: byCurrency(won), targetMinor: counts?.target === null || counts?.target === undefined ? null : Number(counts.target), currency },
    orders: { created: counts?.orders_created ?? 0, delivered: counts?.delivered ?? 0, overdue: counts?.overdue ?? 0, lateDelivered: counts?.late_delivered ?? 0 },
    renewalsDue: renewals.map((r) => ({ contractId: r.id, number: r.number, title: r.title, accountName: r.account_name, renewalOn: r.renewal_on, value: { amountMinor: Number(r.value_minor), currency: r.currency } })),
  };
}
