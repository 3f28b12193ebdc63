import { sql } from 'drizzle-orm';
import type { QualifyingActivity } from '@vefa/domain';
import { sqlRows, type Queryable } from '../../platform/db/database.ts';
import type { MemberRow } from './ledgerStore.ts';
import type { ProgrammeRow, StoredProgrammeJson } from './programmeRows.ts';
import { programmeRowOf } from './programmeRows.ts';
import { pgArray } from '../../platform/db/sqlArray.ts';

/** What posting a batch of purchases reads, all of it in one round trip. */
export interface IngestSnapshot {
  /** The members now locked by this transaction, by id. */
  members: Map<string, MemberRow>;
  /** Card number → id of a locked member. */
  byCard: Map<string, string>;
  /** Unlotted negative balance of each locked member in debt. */
  debts: Map<string, number>;
  /** Purchases already posted under these external ids (any member): a retry counts once. */
  existing: Map<string, { id: string; memberId: string; points: number }>;
  programmes: Map<string, ProgrammeRow>;
  timeZone: string;
  /** Tier activity of the locked members over their programme's look-back horizon. */
  activity: Map<string, QualifyingActivity[]>;
  /** Points each capped rule gave each member per day (key `member|rule`). */
  usage: Map<string, { on: string; points: number }[]>;
  /** Locked members without a purchase yet whose referral waits for their first one. */
  referred: Set<string>;
}

interface MemberJson {
  workspace_id: string; id: string; programme_id: string; customer_id: string; status: string; card_number: string; referral_code: string;
  joined_on: string; enrolled_at: string; opted_out_at: string | null; tags: string[]; segment_ids: string[]; birth_month: number | null;
  purchase_count: number; tier_id: string | null; held_tier_id: string | null; last_review_on: string | null; grace_until: string | null; created_at: string;
}

function memberRowOf(j: MemberJson): MemberRow {
  return {
    workspaceId: j.workspace_id, id: j.id, programmeId: j.programme_id, customerId: j.customer_id, status: j.status, cardNumber: j.card_number,
    referralCode: j.referral_code, joinedOn: j.joined_on, enrolledAt: new Date(j.enrolled_at), optedOutAt: j.opted_out_at === null ? null : new Date(j.opted_out_at),
    tags: j.tags, segmentIds: j.segment_ids, birthMonth: j.birth_month, purchaseCount: Number(j.purchase_count), tierId: j.tier_id, heldTierId: j.held_tier_id,
    lastReviewOn: j.last_review_on, graceUntil: j.grace_until, createdAt: new Date(j.created_at),
  };
}

interface SnapshotRow {
  time_zone: string;
  members: { m: MemberJson; debt: number }[];
  programmes: StoredProgrammeJson[];
  existing: { id: string; e: string; m: string; p: number }[];
  activity: { m: string; on: string; p: number; s: number; n: number }[];
  usage: { m: string; r: string; on: string; p: number }[];
  referred: string[];
}

/**
 * Locks the members (in id order, so overlapping batches cannot deadlock) and reads
 * everything their purchases need in one statement. skipLocked leaves out members another
 * transaction holds; the caller posts their purchases in a following pass.
 */
export async function readIngestSnapshot(
  tx: Queryable, workspaceId: string, refs: { memberIds: readonly string[]; cards: readonly string[]; externalIds: readonly string[] }, skipLocked: boolean,
): Promise<IngestSnapshot> {
  const ws = workspaceId;
  // Every look-up is driven from the given ids (unnest, LATERAL with LIMIT/OFFSET so it is not
  // flattened into a join) so each one is an index probe per id, whatever the planner believes
  // about table sizes: a table that grew by a million rows since its last ANALYZE must not be
  // scanned whole for every batch.
  const [row] = await sqlRows<SnapshotRow>(tx, sql`
    with wanted as (
      select unnest(${pgArray(refs.memberIds)}::uuid[]) as id
      union
      select m.id from unnest(${pgArray(refs.cards)}::text[]) as c(card) cross join lateral (
        select id from loyalty_members where workspace_id = ${ws} and card_number = c.card limit 1) m
    ), locked as (
      select m.* from wanted w cross join lateral (select * from loyalty_members where workspace_id = ${ws} and id = w.id limit 1) m
      order by m.id for update of m ${skipLocked ? sql`skip locked` : sql``}
    ), progs as (
      select p.*, (now() at time zone w.time_zone)::date as today
      from loyalty_programmes p join workspaces w on w.id = p.workspace_id
      where p.workspace_id = ${ws} and p.id in (select programme_id from locked)
    ), capped as (
      select r.id::text as id from loyalty_earning_rules r
      where r.workspace_id = ${ws} and r.active and r.programme_id in (select id from progs)
        and (r.rule->'caps'->'perDay' is not null or r.rule->'caps'->'perMember' is not null)
    )
    select
      (select time_zone from workspaces where id = ${ws}) as time_zone,
      (select coalesce(json_agg(json_build_object('m', row_to_json(l), 'debt', coalesce(b.debt, 0))), '[]'::json)
        from locked l left join lateral (select debt from loyalty_member_balances where workspace_id = ${ws} and member_id = l.id limit 1) b on true) as members,
      (select coalesce(json_agg(row_to_json(p)), '[]'::json) from progs p) as programmes,
      (select coalesce(json_agg(json_build_object('id', x.id, 'e', x.external_id, 'm', x.member_id, 'p', x.points_earned)), '[]'::json)
        from unnest(${pgArray(refs.externalIds)}::text[]) as e(external_id)
        cross join lateral (select id, external_id, member_id, points_earned from loyalty_purchases where workspace_id = ${ws} and external_id = e.external_id limit 1) x) as existing,
      (select coalesce(json_agg(json_build_object('m', l.id, 'on', a."on", 'p', a.points, 's', a.spend_minor, 'n', a.purchases)), '[]'::json)
        from locked l join progs p on p.id = l.programme_id
        cross join lateral (select "on", points, spend_minor, purchases from loyalty_tier_activity
          where workspace_id = ${ws} and member_id = l.id
            and "on" >= p.today - (case when p.tier_settings->'window'->>'kind' = 'rolling' then (p.tier_settings->'window'->>'days')::int else 366 end + 370) offset 0) a) as activity,
      (select coalesce(json_agg(json_build_object('m', l.id, 'r', u.rule_id, 'on', u."on", 'p', u.points)), '[]'::json)
        from locked l cross join lateral (select rule_id, "on", points from loyalty_rule_usage
          where workspace_id = ${ws} and member_id = l.id and rule_id = any(array(select id from capped)) offset 0) u) as usage,
      (select coalesce(json_agg(f.referee_member_id), '[]'::json)
        from locked l cross join lateral (select referee_member_id from loyalty_referrals
          where workspace_id = ${ws} and referee_member_id = l.id and status = 'pending' limit 1) f
        where l.purchase_count = 0) as referred`);
  if (!row) throw new Error('ingest snapshot returned nothing');
  const members = new Map<string, MemberRow>();
  const byCard = new Map<string, string>();
  const debts = new Map<string, number>();
  for (const { m, debt } of row.members) {
    const member = memberRowOf(m);
    members.set(member.id, member);
    byCard.set(member.cardNumber, member.id);
    if (Number(debt) !== 0) debts.set(member.id, Number(debt));
  }
  const activity = new Map<string, QualifyingActivity[]>();
  for (const id of members.keys()) activity.set(id, []);
  for (const a of row.activity) activity.get(a.m)?.push({ on: a.on, points: Number(a.p), spendMinor: Number(a.s), purchases: Number(a.n) });
  const usage = new Map<string, { on: string; points: number }[]>();
  for (const u of row.usage) {
    const key = `${u.m}|${u.r}`;
    const list = usage.get(key) ?? [];
    list.push({ on: u.on, points: Number(u.p) });
    usage.set(key, list);
  }
  return {
    members, byCard, debts,
    existing: new Map(row.existing.map((e) => [e.e, { id: e.id, memberId: e.m, points: Number(e.p) }])),
    programmes: new Map(row.programmes.map((p) => [p.id, programmeRowOf(p)])),
    timeZone: row.time_zone,
    activity, usage, referred: new Set(row.referred),
  };
}
