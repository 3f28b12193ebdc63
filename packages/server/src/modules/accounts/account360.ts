import { sql } from 'drizzle-orm';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Database, Queryable } from '../../platform/db/database.ts';
import { notFound } from '../../platform/http/problem.ts';
import { visibleAccount } from './access.ts';
import { loadAccountFacts } from './accountFacts.ts';
import { presentAccount, presentRelationship } from './presenter.ts';
import type { StoredPlan } from './schema.ts';

type Json = Record<string, unknown>;
interface Details { plan: StoredPlan; contacts: Json[] | null; deals: Json[] | null; upcoming: Json[] | null; contracts: Json[] | null; orders: Json[] | null }
const str = (v: unknown) => (typeof v === 'string' ? v : null);
const num = (v: unknown) => (typeof v === 'number' ? v : Number(v ?? 0));
const isoOf = (v: unknown) => (v ? new Date(String(v)).toISOString() : null);

/** What the account page shows beyond the list row, as JSON aggregates of indexed look-ups. */
const DETAILS = sql`ka.plan,
  (select json_agg(json_build_object('contactId', r.contact_id, 'name', ct.display_name, 'email', ct.email, 'phone', ct.phone, 'role', r.role,
     'title', r.title, 'influence', r.influence, 'attitude', r.attitude, 'reportsToId', r.reports_to_id) order by r.influence desc, ct.display_name)
   from account_relationships r join customers ct on ct.workspace_id = r.workspace_id and ct.id = r.contact_id
   where r.workspace_id = ka.workspace_id and r.account_id = ka.customer_id) as contacts,
  (select json_agg(x) from (select json_build_object('id', dd.id, 'title', dd.title, 'stageName', s.name, 'amountMinor', dd.value_minor, 'currency', dd.currency,
     'nextStep', dd.next_step, 'nextStepDueOn', dd.next_step_due_on) as x
   from account_deals dd join account_pipeline_stages s on s.workspace_id = dd.workspace_id and s.id = dd.stage_id
   where dd.workspace_id = ka.workspace_id and dd.account_id = ka.customer_id and dd.status = 'open' order by dd.stage_entered_at desc limit 50) t) as deals,
  (select json_agg(x) from (select json_build_object('id', a.id, 'kind', a.kind, 'subject', a.subject, 'startsAt', a.starts_at, 'dueAt', a.due_at) as x
   from account_activities a where a.workspace_id = ka.workspace_id and a.account_id = ka.customer_id and a.at >= now() - interval '1 day'
     and a.done_at is null and a.kind in ('meeting', 'appointment', 'task') order by a.at limit 20) t) as upcoming,
  (select json_agg(x) from (select json_build_object('contractId', k.id, 'number', k.number, 'title', k.title, 'renewalOn', k.renewal_on,
     'amountMinor', k.value_minor, 'currency', k.currency, 'status', k.status) as x
   from account_contracts k where k.workspace_id = ka.workspace_id and k.account_id = ka.customer_id order by k.created_at desc limit 50) t) as contracts,
  (select json_agg(x) from (select json_build_object('id', o.id, 'number', o.number, 'status', o.status, 'dueOn', o.due_on,
     'totalMinor', o.total_minor, 'currency', o.currency) as x
   from account_orders o where o.workspace_id = ka.workspace_id and o.account_id = ka.customer_id
     and o.status not in ('delivered', 'invoiced', 'cancelled') order by o.created_at desc limit 50) t) as orders`;

/** The account page in one round trip: health facts, plan, relationship map, open deals, what is coming up, contracts, open orders. */
export async function getAccount360(db: Queryable | Database, actor: Actor, accountId: string) {
  const [row] = await loadAccountFacts<Details>(db, actor.workspaceId, sql`ka.customer_id = ${accountId} and ${visibleAccount(actor, sql`ka.customer_id`)}`, sql``, DETAILS);
  if (!row) throw notFound('Key account');
  const d = row.extra;
  return {
    account: presentAccount(row, Date.now()),
    plan: { goals: d.plan.goals ?? [], challenges: d.plan.challenges ?? [], strategy: d.plan.strategy ?? '' },
    contacts: (d.contacts ?? []).map((c) => presentRelationship({
      contactId: String(c.contactId), name: String(c.name), email: str(c.email), phone: str(c.phone), role: String(c.role), title: str(c.title),
      influence: num(c.influence), attitude: String(c.attitude), reportsToId: str(c.reportsToId),
    })),
    openDeals: (d.deals ?? []).map((x) => ({ id: String(x.id), title: String(x.title), stageName: String(x.stageName), value: { amountMinor: num(x.amountMinor), currency: String(x.currency) }, nextStep: str(x.nextStep), nextStepDueOn: str(x.nextStepDueOn) })),
    upcoming: (d.upcoming ?? []).map((a) => ({ id: String(a.id), kind: String(a.kind), subject: String(a.subject), startsAt: isoOf(a.startsAt), dueAt: isoOf(a.dueAt) })),
    contracts: (d.contracts ?? []).map((k) => ({ contractId: String(k.contractId), number: String(k.number), title: String(k.title), renewalOn: str(k.renewalOn), value: { amountMinor: num(k.amountMinor), currency: String(k.currency) }, status: String(k.status) })),
    openOrders: (d.orders ?? []).map((o) => {
      const dueOn = str(o.dueOn);
      return { id: String(o.id), number: String(o.number), status: String(o.status), dueOn, overdue: dueOn !== null && row.today > dueOn, total: { amountMinor: num(o.totalMinor), currency: String(o.currency) } };
    }),
  };
}
