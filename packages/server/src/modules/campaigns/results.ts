import { sql } from 'drizzle-orm';
import {
  bootstrapMeanDifference, budgetForecast, campaignEconomics, campaignVerdict, compareProportions, summarise, welchTest,
} from '@vefa/domain/campaigns/index';
import type { CampaignResults } from '@vefa/contract';
import { sqlRows, type Queryable } from '../../platform/db/database.ts';
import { loadCampaign, recipientCounts } from './campaigns.ts';
import { purchaseSource } from './segmentSql.ts';

const DAY = 86_400_000;

interface Row { group_name: string; n: number; rev: number; pn: number; prev: number; redeemed: number }

interface Groups { treated: Row[]; control: Row[] }

function outcome(rows: Row[], post: boolean) {
  let converted = 0;
  let purchases = 0;
  let revenue = 0;
  let points = 0;
  for (const r of rows) {
    const n = post ? r.pn : r.n;
    if (n > 0) converted++;
    purchases += n;
    revenue += post ? r.prev : r.rev;
    points += post ? 0 : r.redeemed;
  }
  return { customers: rows.length, converted, purchases, revenueMinor: Math.round(revenue), pointsRedeemed: Math.round(points) };
}

function period(g: Groups, post: boolean, from: Date, to: Date, seed: number) {
  const treated = outcome(g.treated, post);
  const control = outcome(g.control, post);
  const revenue = (rows: Row[]) => Float64Array.from(rows, (r) => (post ? r.prev : r.rev));
  const t = revenue(g.treated);
  const c = revenue(g.control);
  // Resamples shrink with the audience so a 200k-customer result stays within a second or two.
  const resamples = Math.max(200, Math.min(1000, Math.floor(2e7 / Math.max(1, t.length + c.length))));
  return {
    from: from.toISOString(), to: to.toISOString(), treated, control,
    conversion: compareProportions({ successes: treated.converted, n: treated.customers }, { successes: control.converted, n: control.customers }),
    revenuePerCustomer: welchTest(summarise(t), summarise(c)),
    revenueBootstrapCi: bootstrapMeanDifference(t, c, { resamples, seed }),
    purchasesPerCustomer: welchTest(summarise(g.treated.map((r) => (post ? r.pn : r.n))), summarise(g.control.map((r) => (post ? r.pn : r.n)))),
    pointsRedeemedPerCustomer: post ? null : welchTest(summarise(g.treated.map((r) => r.redeemed)), summarise(g.control.map((r) => r.redeemed))),
  };
}

/**
 * Treated against control over the campaign window and the post-window, by
 * intent to treat: everyone randomised to treated counts (frequency-capped
 * customers too, as their twins in control do), except those never reached
 * because the budget ran out or the campaign was cancelled (cut in random id
 * order, so the rest stays a random sample). The purchases are read once, grouped by customer and day.
 */
export async function measureCampaign(db: Queryable, ws: string, campaignId: string, now = Date.now()): Promise<CampaignResults> {
  const campaign = await loadCampaign(db, ws, campaignId);
  const start = campaign.startsAt;
  const end = new Date(Math.min(campaign.endsAt.getTime(), now));
  const postEnd = new Date(Math.min(campaign.endsAt.getTime() + campaign.postWindowDays * DAY, now));
  const hasPost = campaign.postWindowDays > 0 && campaign.endsAt.getTime() < now;
  const windowEnd = hasPost ? postEnd : end;
  // The recipients' purchases over window and post-window, read ONCE and grouped by customer and
  // UTC day: both the per-customer outcomes and the daily chart are folded from these few rows.
  const purchases = await sqlRows<{ customer_id: string; day: string; post: boolean; n: number; rev: number }>(db, sql`
    select b.customer_id, to_char(b.occurred_at at time zone 'UTC', 'YYYY-MM-DD') as day, b.occurred_at >= ${end.toISOString()} as post,
      count(*)::int as n, coalesce(sum(b.amount_minor), 0)::float8 as rev
    from ${purchaseSource(ws)} b
    where b.occurred_at >= ${start.toISOString()} and b.occurred_at < ${windowEnd.toISOString()}
      and b.customer_id in (select customer_id from campaign_recipients where workspace_id = ${ws} and campaign_id = ${campaignId})
    group by 1, 2, 3`);
  const recipients = await sqlRows<{ customer_id: string; group_name: string; redeemed: number }>(db, sql`
    with redeemed as (
      select m.customer_id, -sum(e.amount) as points from loyalty_ledger_entries e
      join loyalty_members m on m.workspace_id = e.workspace_id and m.id = e.member_id
      where e.workspace_id = ${ws} and e.posting_kind in ('redeem', 'redeem_cancel') and e.account like 'member_%'
        and e.occurred_at >= ${start.toISOString()} and e.occurred_at < ${end.toISOString()}
        and m.customer_id in (select customer_id from campaign_recipients where workspace_id = ${ws} and campaign_id = ${campaignId})
      group by m.customer_id)
    select r.customer_id, r.group_name, coalesce(d.points, 0)::float8 as redeemed
    from campaign_recipients r
    left join redeemed d on d.customer_id = r.customer_id
    where r.workspace_id = ${ws} and r.campaign_id = ${campaignId} and r.status not in ('skipped_budget', 'cancelled')`);
  const byCustomer = new Map<string, Row>();
  for (const r of recipients) byCustomer.set(r.customer_id, { group_name: r.group_name, n: 0, rev: 0, pn: 0, prev: 0, redeemed: Number(r.redeemed) });
  // Per counted customer, the first day with a purchase in the window: the day they converted.
  const firstDay = new Map<string, string>();
  const revenueByDay = new Map<string, { treated: number; control: number }>();
  for (const p of purchases) {
    const row = byCustomer.get(p.customer_id);
    if (!row) continue;
    const n = Number(p.n);
    const rev = Number(p.rev);
    if (p.post) {
      row.pn += n;
      row.prev += rev;
      continue;
    }
    row.n += n;
    row.rev += rev;
    const seen = firstDay.get(p.customer_id);
    if (seen === undefined || p.day < seen) firstDay.set(p.customer_id, p.day);
    const cell = revenueByDay.get(p.day) ?? { treated: 0, control: 0 };
    if (row.group_name === 'control') cell.control += rev;
    else cell.treated += rev;
    revenueByDay.set(p.day, cell);
  }
  const groups: Groups = { treated: [], control: [] };
  for (const row of byCustomer.values()) (row.group_name === 'control' ? groups.control : groups.treated).push(row);
  const window = period(groups, false, start, end, 7);
  const postWindow = hasPost ? period(groups, true, campaign.endsAt, postEnd, 8) : null;
  const economics = campaignEconomics({
    treatedCustomers: window.treated.customers,
    revenuePerTreatedMinor: window.treated.customers > 0 ? window.treated.revenueMinor / window.treated.customers : 0,
    revenuePerControlMinor: window.control.customers > 0 ? window.control.revenueMinor / window.control.customers : 0,
    grossMarginRate: campaign.grossMarginPercent / 100, costMinor: campaign.spentMinor,
  });
  const counts = (await recipientCounts(db, ws, [campaignId])).get(campaignId);
  const verdict = campaignVerdict({
    conversion: window.conversion, revenue: window.revenuePerCustomer, roi: economics.roi, plannedCustomers: campaign.plannedCustomers,
    customers: window.treated.customers + window.control.customers, finished: campaign.endsAt.getTime() < now,
  });
  return {
    campaignId, currency: campaign.currency, window, postWindow, economics,
    budget: {
      budgetMinor: campaign.budgetMinor, spentMinor: campaign.spentMinor,
      forecastMinor: budgetForecast({ spentMinor: campaign.spentMinor, pendingRecipients: counts?.pending ?? 0, costPerRecipientMinor: campaign.costPerRecipientMinor, budgetMinor: campaign.budgetMinor }),
    },
    verdict, daily: dailySeries(start, end, revenueByDay, firstDay, byCustomer, window.treated.customers, window.control.customers), measuredAt: new Date(now).toISOString(),
  };
}

/** Cumulative revenue per customer and conversion by day, treated and control: the chart of the result page. */
function dailySeries(start: Date, end: Date, revenueByDay: Map<string, { treated: number; control: number }>, firstDay: Map<string, string>,
  byCustomer: Map<string, Row>, treated: number, control: number) {
  if (end <= start) return [];
  const converts = new Map<string, { treated: number; control: number }>();
  for (const [customerId, day] of firstDay) {
    const cell = converts.get(day) ?? { treated: 0, control: 0 };
    if (byCustomer.get(customerId)?.group_name === 'control') cell.control++;
    else cell.treated++;
    converts.set(day, cell);
  }
  const days: string[] = [];
  for (let t = Date.parse(start.toISOString().slice(0, 10)); t < end.getTime() && days.length < 400; t += DAY) days.push(new Date(t).toISOString().slice(0, 10));
  const acc = { treated: { rev: 0, conv: 0 }, control: { rev: 0, conv: 0 } };
  return days.map((date) => {
    const rev = revenueByDay.get(date);
    const conv = converts.get(date);
    acc.treated.rev += rev?.treated ?? 0;
    acc.control.rev += rev?.control ?? 0;
    acc.treated.conv += conv?.treated ?? 0;
    acc.control.conv += conv?.control ?? 0;
    return {
      date, treatedRevenuePerCustomer: treated > 0 ? acc.treated.rev / treated : 0, controlRevenuePerCustomer: control > 0 ? acc.control.rev / control : 0,
      treatedConversion: treated > 0 ? acc.treated.conv / treated : 0, controlConversion: control > 0 ? acc.control.conv / control : 0,
    };
  });
}
