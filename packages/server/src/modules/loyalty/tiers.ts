import { sql, type SQL } from 'drizzle-orm';
import {
  addDays, evaluateTier, initialTierState, type MemberTierState, type QualifyingActivity, type TierChange, type TierProgramme,
} from '@vefa/domain';
import { sqlRows, type Queryable } from '../../platform/db/database.ts';
import { executeParts, type MemberRow } from './ledgerStore.ts';
import { anyOf } from '../../platform/db/sqlArray.ts';

/** How far back activity is read: the longest window plus the year a review looks back on. */
export function activityHorizon(tp: TierProgramme, today: string): string {
  const windowDays = tp.window.kind === 'rolling' ? tp.window.days : 366;
  return addDays(today, -(windowDays + 370));
}

export async function loadActivity(tx: Queryable, workspaceId: string, memberIds: readonly string[], from: string): Promise<Map<string, QualifyingActivity[]>> {
  const out = new Map<string, QualifyingActivity[]>();
  if (memberIds.length === 0) return out;
  for (const id of memberIds) out.set(id, []);
  const rows = await sqlRows<{ member_id: string; on: string; points: number; spend_minor: number; purchases: number }>(tx, sql`
    select member_id, "on"::text as "on", points, spend_minor, purchases from loyalty_tier_activity
    where workspace_id = ${workspaceId} and member_id = ${anyOf(memberIds, 'uuid')} and "on" >= ${from}`);
  for (const r of rows) out.get(r.member_id)?.push({ on: r.on, points: Number(r.points), spendMinor: Number(r.spend_minor), purchases: Number(r.purchases) });
  return out;
}

export function tierStateOf(tp: TierProgramme, m: MemberRow): MemberTierState {
  if (m.tierId === null || m.heldTierId === null || m.lastReviewOn === null) return initialTierState(tp, m.joinedOn);
  return { tierId: m.tierId, heldTierId: m.heldTierId, lastReviewOn: m.lastReviewOn, graceUntil: m.graceUntil };
}

export interface TierOutcome { state: MemberTierState; change: TierChange; tierName: string; multiplier: number }

export function evaluateMemberTier(tp: TierProgramme, state: MemberTierState, activity: readonly QualifyingActivity[], today: string): TierOutcome {
  const r = evaluateTier({ programme: tp, state, activity, today });
  return { state: r.state, change: r.change, tierName: r.tier.name, multiplier: r.tier.earningMultiplierPercent ?? 100 };
}

/** Adds activity rows (purchases +, returns −) per member and day, as a WITH part named `name`. */
export function activityPart(workspaceId: string, rows: readonly { memberId: string; activity: QualifyingActivity }[], name = 'tier_activity'): SQL | null {
  if (rows.length === 0) return null;
  const merged = new Map<string, { member_id: string; on: string; points: number; spend_minor: number; purchases: number }>();
  for (const { memberId, activity: a } of rows) {
    const key = `${memberId}|${a.on}`;
    const m = merged.get(key) ?? { member_id: memberId, on: a.on, points: 0, spend_minor: 0, purchases: 0 };
    m.points += a.points;
    m.spend_minor += a.spendMinor;
    m.purchases += a.purchases;
    merged.set(key, m);
  }
  const list = [...merged.values()].sort((a, b) => (a.member_id < b.member_id ? -1 : a.member_id > b.member_id ? 1 : a.on < b.on ? -1 : 1));
  return sql`${sql.raw(name)} as (
    insert into loyalty_tier_activity as t (workspace_id, member_id, "on", points, spend_minor, purchases)
    select ${workspaceId}::uuid, member_id, "on", points, spend_minor, purchases
    from jsonb_to_recordset(${JSON.stringify(list)}::jsonb) as x(member_id uuid, "on" date, points bigint, spend_minor bigint, purchases integer)
    on conflict (workspace_id, member_id, "on") do update set
      points = t.points + excluded.points, spend_minor = t.spend_minor + excluded.spend_minor, purchases = t.purchases + excluded.purchases)`;
}

/** Adds activity rows (purchases +, returns −) per member and day. */
export async function addActivity(tx: Queryable, workspaceId: string, rows: readonly { memberId: string; activity: QualifyingActivity }[]) {
  const part = activityPart(workspaceId, rows);
  if (part) await executeParts(tx, [part]);
}
