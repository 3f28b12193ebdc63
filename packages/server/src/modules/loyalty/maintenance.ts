import { sql } from 'drizzle-orm';
import { addDays, latestReviewOn, postPendingRelease } from '@vefa/domain';
import { systemActor } from '../../platform/auth/actor.ts';
import { sqlRows, type Db } from '../../platform/db/database.ts';
import type { TimelineAppend } from '../customers/timeline.ts';
import { loadLedgerStates, lockMembers, PostingWriter } from './ledgerStore.ts';
import { listTierRows, loadProgramme, localDateOf, tierProgrammeOf } from './programmes.ts';
import { activityHorizon, evaluateMemberTier, loadActivity, tierStateOf } from './tiers.ts';
import { appendTimelineEntries } from './timelineBulk.ts';
import { anyOf, pgArray } from '../../platform/db/sqlArray.ts';
import { cancelRedemption } from './redemptions.ts';

/** Members per transaction in the maintenance runs. */
const CHUNK = 1000;

export interface MaintenanceReport { released: number; expired: number; expiredMembers: number; warned: number; tierChanges: number; reservationsCancelled: number }

/** A reserved redemption the till never committed gives its points and unit back after this long. */
export const RESERVATION_TTL_MS = 24 * 3600_000;

/** Pending points whose return window has closed become available. */
export async function releasePending(db: Db, workspaceId: string, programmeId: string, now = Date.now()): Promise<number> {
  let released = 0;
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const ids = (await sqlRows<{ member_id: string }>(db, sql`
      select distinct l.member_id from loyalty_lots l join loyalty_members m on m.workspace_id = l.workspace_id and m.id = l.member_id
      where l.workspace_id = ${workspaceId} and m.programme_id = ${programmeId} and l.pending > 0 and l.release_at <= ${new Date(now).toISOString()}
        and l.member_id > ${after}
      order by l.member_id limit ${CHUNK}`)).map((r) => r.member_id);
    if (ids.length === 0) return released;
    after = ids[ids.length - 1] ?? after;
    released += await db.transaction(async (tx) => {
      await lockMembers(tx, workspaceId, ids);
      const states = await loadLedgerStates(tx, workspaceId, ids);
      const writer = new PostingWriter(workspaceId, programmeId);
      let n = 0;
      for (const state of states.values()) {
        const r = postPendingRelease({ postingId: `rel:${crypto.randomUUID()}`, now, state });
        for (const e of r.posting.entries) if (e.account === 'member_available' && e.cause.kind === 'pending_release') n += e.amount;
        writer.add(r.posting, r.newLots);
      }
      await writer.flush(tx);
      return n;
    });
  }
}

/**
 * Expires the remainder of every lot past its last day, lot by lot (FIFO spending has
 * already consumed the oldest first), in chunks of members; each chunk is one
 * transaction, and a re-run finds nothing left to expire, so a crashed run just resumes.
 */
export async function expirePoints(db: Db, workspaceId: string, programmeId: string, asOf: string, concurrency = 1): Promise<{ points: number; members: number }> {
  const ids = (await sqlRows<{ member_id: string }>(db, sql`
    select distinct l.member_id from loyalty_lots l join loyalty_members m on m.workspace_id = l.workspace_id and m.id = l.member_id
    where l.workspace_id = ${workspaceId} and m.programme_id = ${programmeId} and l.expires_on is not null and l.expires_on < ${asOf}
      and (l.available > 0 or l.pending > 0)
    order by l.member_id`)).map((r) => r.member_id);
  const chunks: string[][] = [];
  for (let i = 0; i < ids.length; i += CHUNK) chunks.push(ids.slice(i, i + CHUNK));
  let points = 0;
  let members = 0;
  let next = 0;
  // Chunks hold disjoint members, so several may run at once on PostgreSQL.
  await Promise.all(Array.from({ length: Math.max(1, concurrency) }, async () => {
    while (next < chunks.length) {
      const chunk = chunks[next++] ?? [];
      const done = await expireChunk(db, workspaceId, programmeId, asOf, chunk);
      points += done.n;
      members += done.m;
    }
  }));
  return { points, members };
}

/**
 * One chunk of members in one transaction: lock them, then a single statement expires their
 * lapsed lots in the database (what postExpiry computes, without carrying every lot to Node
 * and back): per lot an entry taking its remainder out of member_available / member_pending,
 * per member one entry into `expired`, the lot remainders and balance caches brought down,
 * and a timeline entry per member.
 */
async function expireChunk(db: Db, workspaceId: string, programmeId: string, asOf: string, ids: readonly string[]) {
  return db.transaction(async (tx) => {
    await lockMembers(tx, workspaceId, ids);
    const ws = workspaceId;
    const [row] = await sqlRows<{ n: number; m: number }>(tx, sql`
      with lapsed as (
        -- Driven from the members' open lots (member index; OFFSET 0 keeps the date filter out
        -- of it): with statistics that show few lapsing lots, the planner otherwise picks the
        -- expiry index and scans every lapsing lot of the programme for each chunk.
        select l.id, l.member_id, greatest(l.available, 0) as a, greatest(l.pending, 0) as p
        from unnest(${pgArray([...ids])}::uuid[]) as m(id)
        cross join lateral (select id, member_id, available, pending, expires_on from loyalty_lots
          where workspace_id = ${ws} and member_id = m.id and (available <> 0 or pending <> 0) offset 0) l
        where l.expires_on is not null and l.expires_on < ${asOf} and (l.available > 0 or l.pending > 0)
      ), per_member as (
        select member_id, sum(a)::bigint as a, sum(p)::bigint as p, sum(a + p)::bigint as total from lapsed group by member_id
      ), entries as (
        insert into loyalty_ledger_entries (workspace_id, programme_id, posting_id, posting_kind, account, member_id, lot_id, amount, cause_kind, cause, occurred_at)
        select ${ws}::uuid, ${programmeId}::uuid, 'e:' || x.member_id || ':' || ${asOf}, 'expiry', x.account, x.entry_member, x.lot_id, x.amount, 'expiry', '{"kind":"expiry"}'::jsonb, now()
        from (
          select member_id, 'member_available' as account, member_id as entry_member, id as lot_id, -a as amount from lapsed where a > 0
          union all select member_id, 'member_pending', member_id, id, -p from lapsed where p > 0
          union all select member_id, 'expired', null::uuid, null::text, total from per_member where total > 0
        ) x
        order by x.member_id
      ), lots as (
        -- The id array makes this a primary-key probe per lapsed lot; as a plain join the planner
        -- hashes the whole lots table for every chunk.
        update loyalty_lots l set available = l.available - x.a, pending = l.pending - x.p
        from lapsed x where l.workspace_id = ${ws} and l.id = any(array(select id from lapsed)) and l.id = x.id
      ), balances as (
        insert into loyalty_member_balances as b (workspace_id, member_id, available, pending, debt, updated_at)
        select ${ws}::uuid, member_id, -a, -p, 0, now() from per_member where total > 0
        on conflict (workspace_id, member_id) do update set available = b.available + excluded.available, pending = b.pending + excluded.pending, updated_at = now()
      ), timeline as (
        insert into timeline_entries (workspace_id, id, customer_id, kind, occurred_at, summary, source_module, source_id, data)
        select ${ws}::uuid, gen_random_uuid(), m.customer_id, 'loyalty_points_expired', now(), pm.total || ' points expired', 'loyalty', pm.member_id::text,
          jsonb_build_object('memberId', pm.member_id, 'points', pm.total, 'asOf', ${asOf}::text)
        from per_member pm join loyalty_members m on m.workspace_id = ${ws} and m.id = pm.member_id
        where pm.total > 0
      )
      select coalesce(sum(total), 0)::bigint as n, count(*) filter (where total > 0)::int as m from per_member`);
    return { n: Number(row?.n ?? 0), m: Number(row?.m ?? 0) };
  });
}

/** One timeline warning per member for lots lapsing within the warning window (each lot warned once). */
export async function warnExpiring(db: Db, workspaceId: string, programmeId: string, today: string, days: number): Promise<number> {
  if (days <= 0) return 0;
  const until = addDays(today, days);
  return db.transaction(async (tx) => {
    const lots = await sqlRows<{ id: string; member_id: string; customer_id: string; expires_on: string; points: number }>(tx, sql`
      update loyalty_lots l set warned_at = now()
      from loyalty_members m
      where l.workspace_id = ${workspaceId} and m.workspace_id = l.workspace_id and m.id = l.member_id and m.programme_id = ${programmeId}
        and l.warned_at is null and l.expires_on is not null and l.expires_on >= ${today} and l.expires_on <= ${until}
        and (l.available > 0 or l.pending > 0)
      returning l.id, l.member_id, m.customer_id, l.expires_on::text as expires_on, (l.available + l.pending) as points`);
    const byMember = new Map<string, { customerId: string; lots: { lotId: string; expiresOn: string; points: number }[] }>();
    for (const l of lots) {
      const m = byMember.get(l.member_id) ?? { customerId: l.customer_id, lots: [] };
      m.lots.push({ lotId: l.id, expiresOn: l.expires_on, points: Number(l.points) });
      byMember.set(l.member_id, m);
    }
    const timeline: TimelineAppend[] = [...byMember].map(([memberId, m]) => {
      const total = m.lots.reduce((s, l) => s + l.points, 0);
      const first = m.lots.map((l) => l.expiresOn).sort()[0] ?? today;
      return {
        customerId: m.customerId, kind: 'loyalty_points_expiring', sourceModule: 'loyalty', sourceId: memberId,
        summary: `${total} points expire soon (first on ${first})`, data: { memberId, lots: m.lots },
      };
    });
    await appendTimelineEntries(tx, systemActor(workspaceId), timeline);
    return byMember.size;
  });
}

/**
 * Yearly tier review (and the end of grace periods): members whose review day has passed
 * are assessed on their activity; falling short starts the grace period, and when it ends
 * without requalifying they move down. Purchases and returns evaluate tiers as they come.
 */
export async function reviewTiers(db: Db, workspaceId: string, programmeId: string, today: string): Promise<number> {
  const { programme } = await loadProgramme(db, workspaceId, programmeId);
  const tp = tierProgrammeOf(programme, await listTierRows(db, workspaceId, programmeId));
  if (!tp) return 0;
  const review = latestReviewOn(tp, today);
  let changes = 0;
  let after = '00000000-0000-0000-0000-000000000000';
  for (;;) {
    const ids = (await sqlRows<{ id: string }>(db, sql`
      select id from loyalty_members where workspace_id = ${workspaceId} and programme_id = ${programmeId} and tier_id is not null
        and (last_review_on < ${review} or grace_until < ${today}) and id > ${after}
      order by id limit ${CHUNK}`)).map((r) => r.id);
    if (ids.length === 0) return changes;
    after = ids[ids.length - 1] ?? after;
    changes += await db.transaction(async (tx) => {
      const members = await lockMembers(tx, workspaceId, ids);
      const activity = await loadActivity(tx, workspaceId, ids, activityHorizon(tp, today));
      const timeline: TimelineAppend[] = [];
      const updates: { id: string; tier_id: string; held_tier_id: string; last_review_on: string; grace_until: string | null }[] = [];
      for (const m of members.values()) {
        const r = evaluateMemberTier(tp, tierStateOf(tp, m), activity.get(m.id) ?? [], today);
        updates.push({ id: m.id, tier_id: r.state.tierId, held_tier_id: r.state.heldTierId, last_review_on: r.state.lastReviewOn, grace_until: r.state.graceUntil });
        if (r.change === 'downgrade' || r.change === 'upgrade' || r.change === 'grace_started') {
          timeline.push({
            customerId: m.customerId, kind: r.change === 'grace_started' ? 'loyalty_tier_grace' : 'loyalty_tier_changed', sourceModule: 'loyalty', sourceId: m.id,
            summary: r.change === 'grace_started' ? `Tier review: requalify for ${r.tierName} before ${r.state.graceUntil ?? ''}` : `Tier ${r.change === 'upgrade' ? 'upgraded' : 'lowered'} to ${r.tierName} at the review`,
            data: { memberId: m.id, tierId: r.state.tierId, change: r.change },
          });
        }
      }
      await tx.execute(sql`
        update loyalty_members m set tier_id = u.tier_id, held_tier_id = u.held_tier_id, last_review_on = u.last_review_on, grace_until = u.grace_until
        from jsonb_to_recordset(${JSON.stringify(updates)}::jsonb) as u(id uuid, tier_id uuid, held_tier_id uuid, last_review_on date, grace_until date)
        where m.workspace_id = ${workspaceId} and m.id = ${anyOf(updates.map((u) => u.id), 'uuid')} and m.id = u.id`);
      await appendTimelineEntries(tx, systemActor(workspaceId), timeline);
      return timeline.filter((t) => t.kind === 'loyalty_tier_changed').length;
    });
  }
}

/** Cancels reservations left open longer than the TTL (the till crashed or the customer walked away). */
export async function cancelStaleReservations(db: Db, workspaceId: string, programmeId: string, now: number): Promise<number> {
  const stale = await sqlRows<{ id: string }>(db, sql`
    select r.id from loyalty_redemptions r join loyalty_members m on m.workspace_id = r.workspace_id and m.id = r.member_id
    where r.workspace_id = ${workspaceId} and m.programme_id = ${programmeId} and r.status = 'reserved'
      and r.created_at < ${new Date(now - RESERVATION_TTL_MS).toISOString()}
    limit 10000`);
  for (const r of stale) await cancelRedemption(db, systemActor(workspaceId), r.id);
  return stale.length;
}

export async function runMaintenance(db: Db, workspaceId: string, programmeId: string, now = Date.now(), concurrency = 1): Promise<MaintenanceReport> {
  const { programme, timeZone } = await loadProgramme(db, workspaceId, programmeId);
  const today = localDateOf(now, timeZone);
  const released = await releasePending(db, workspaceId, programmeId, now);
  const expired = await expirePoints(db, workspaceId, programmeId, today, concurrency);
  const warned = await warnExpiring(db, workspaceId, programmeId, today, programme.expiryWarningDays);
  const tierChanges = await reviewTiers(db, workspaceId, programmeId, today);
  const reservationsCancelled = await cancelStaleReservations(db, workspaceId, programmeId, now);
  return { released, expired: expired.points, expiredMembers: expired.members, warned, tierChanges, reservationsCancelled };
}
