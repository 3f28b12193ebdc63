import { randomBytes, randomInt } from 'node:crypto';
import { and, asc, desc, eq, gt, lt, sql } from 'drizzle-orm';
import type { z } from 'zod';
import {
  addDays, generateReferralCode, initialTierState, postAdjustment, postRedemption, tierProgress,
} from '@vefa/domain';
import type { AdjustmentInput, BurnInput, LoyaltyMemberEnrol, LoyaltyMemberListQuery } from '@vefa/contract';
import type { Actor } from '../../platform/auth/actor.ts';
import { actorId } from '../../platform/auth/actor.ts';
import { sqlRows, type Database, type Db, type Queryable } from '../../platform/db/database.ts';
import { preparedStatement } from '../../platform/db/preparedQuery.ts';
import { recordAudit } from '../../platform/audit/auditLog.ts';
import { decodeCursor, encodeCursor } from '../../platform/http/cursor.ts';
import { conflict, invalid, notFound, ProblemError } from '../../platform/http/problem.ts';
import { appendTimelineEntry } from '../customers/timeline.ts';
import { findCustomerRow } from '../customers/customerService.ts';
import { loyaltyLedgerEntries, loyaltyLots, loyaltyMemberBalances, loyaltyMembers, loyaltyRedemptions } from './schema.ts';
import { presentLedgerEntry, presentMember, qrPayloadOf, presentRedemption } from './presenter.ts';
import { applyToState, loadLedgerStates, lockMembers, PostingWriter, type MemberRow } from './ledgerStore.ts';
import { isUniqueViolation, ledgerSettings, listTierRows, loadProgramme, localDateOf, tierProgrammeOf, tierRowsFor } from './programmes.ts';
import { activityHorizon, loadActivity, tierStateOf } from './tiers.ts';
import { createReferral } from './referrals.ts';

/** 16-digit card number with a Luhn check digit, starting with 8 (loyalty cards). */
export function generateCardNumber(): string {
  let body = '8';
  for (let i = 0; i < 14; i++) body += String(randomInt(10));
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    let d = Number(body[body.length - 1 - i]);
    if (i % 2 === 0) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return body + String((10 - (sum % 10)) % 10);
}

export async function findMember(db: Queryable, workspaceId: string, id: string): Promise<MemberRow> {
  const [m] = await db.select().from(loyaltyMembers).where(and(eq(loyaltyMembers.workspaceId, workspaceId), eq(loyaltyMembers.id, id)));
  if (!m) throw notFound('Loyalty member');
  return m;
}

async function balanceOf(db: Queryable, workspaceId: string, memberId: string) {
  const [b] = await db.select().from(loyaltyMemberBalances).where(and(eq(loyaltyMemberBalances.workspaceId, workspaceId), eq(loyaltyMemberBalances.memberId, memberId)));
  return { available: Number(b?.available ?? 0), pending: Number(b?.pending ?? 0) };
}

export async function enrolMember(db: Db, actor: Actor, input: z.infer<typeof LoyaltyMemberEnrol>) {
  return db.transaction(async (tx) => {
    const customer = await findCustomerRow(tx, actor.workspaceId, input.customerId);
    if (customer.mergedIntoId) throw invalid('body.customerId', 'merged', 'This customer was merged into another record: enrol that one');
    const { programme, timeZone } = await loadProgramme(tx, actor.workspaceId, input.programmeId);
    if (programme.status !== 'active') throw invalid('body.programmeId', 'programme_archived', 'This programme is archived and takes no new members');
    const birthMonth = input.birthMonth ?? (customer.birthDate ? Number(customer.birthDate.slice(5, 7)) : null);
    const joinedOn = localDateOf(Date.now(), timeZone);
    // A new member starts in the entry tier, with progress towards the next, before any purchase.
    const tp = tierProgrammeOf(programme, await tierRowsFor(tx, programme));
    const tier = tp ? initialTierState(tp, joinedOn) : null;
    let row: MemberRow | undefined;
    try {
      [row] = await tx.insert(loyaltyMembers).values({
        workspaceId: actor.workspaceId, id: crypto.randomUUID(), programmeId: programme.id, customerId: customer.id,
        cardNumber: input.cardNumber ?? generateCardNumber(), referralCode: generateReferralCode((n) => randomBytes(n)),
        joinedOn, tags: input.tags ?? customer.tags, birthMonth,
        ...(tier ? { tierId: tier.tierId, heldTierId: tier.heldTierId, lastReviewOn: tier.lastReviewOn } : {}),
      }).returning();
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict('already_member', 'This customer is already a member, or the card number is taken', 'body.customerId');
      throw error;
    }
    if (!row) throw new Error('member insert returned nothing');
    await tx.insert(loyaltyMemberBalances).values({ workspaceId: actor.workspaceId, memberId: row.id });
    if (input.referralCode) await createReferral(tx, actor, input.referralCode, row.id);
    await appendTimelineEntry(tx, actor, {
      customerId: customer.id, kind: 'loyalty_enrolled', sourceModule: 'loyalty', sourceId: row.id,
      summary: `Joined ${programme.name} (card ${row.cardNumber})`, data: { memberId: row.id, programmeId: programme.id },
    });
    const view = presentMember(row, { available: 0, pending: 0 });
    await recordAudit(tx, actor, { action: 'loyalty.member.enrolled', entityType: 'loyalty_member', entityId: row.id, after: view });
    return view;
  });
}

export async function setOptIn(db: Db, actor: Actor, id: string, optIn: boolean) {
  return db.transaction(async (tx) => {
    const members = await lockMembers(tx, actor.workspaceId, [id]);
    const before = members.get(id);
    if (!before) throw notFound('Loyalty member');
    const [row] = await tx.update(loyaltyMembers).set({ status: optIn ? 'active' : 'opted_out', optedOutAt: optIn ? null : new Date() })
      .where(and(eq(loyaltyMembers.workspaceId, actor.workspaceId), eq(loyaltyMembers.id, id))).returning();
    if (!row) throw notFound('Loyalty member');
    if (before.status !== row.status) {
      await appendTimelineEntry(tx, actor, {
        customerId: row.customerId, kind: optIn ? 'loyalty_opted_in' : 'loyalty_opted_out', sourceModule: 'loyalty', sourceId: row.id,
        summary: optIn ? 'Rejoined the loyalty programme' : 'Left the loyalty programme', data: { memberId: row.id },
      });
      await recordAudit(tx, actor, { action: optIn ? 'loyalty.member.opted_in' : 'loyalty.member.opted_out', entityType: 'loyalty_member', entityId: id, before: { status: before.status }, after: { status: row.status } });
    }
    return presentMember(row, await balanceOf(tx, actor.workspaceId, id));
  });
}

export async function listMembers(db: Queryable, workspaceId: string, q: z.infer<typeof LoyaltyMemberListQuery>) {
  const after = decodeCursor(q.cursor, (v): v is string => typeof v === 'string');
  const rows = await db.select({ m: loyaltyMembers, b: loyaltyMemberBalances }).from(loyaltyMembers)
    .leftJoin(loyaltyMemberBalances, and(eq(loyaltyMemberBalances.workspaceId, loyaltyMembers.workspaceId), eq(loyaltyMemberBalances.memberId, loyaltyMembers.id)))
    .where(and(
      eq(loyaltyMembers.workspaceId, workspaceId),
      q.programmeId ? eq(loyaltyMembers.programmeId, q.programmeId) : undefined,
      q.customerId ? eq(loyaltyMembers.customerId, q.customerId) : undefined,
      q.cardNumber ? eq(loyaltyMembers.cardNumber, q.cardNumber) : undefined,
      after ? gt(loyaltyMembers.id, after) : undefined,
    )).orderBy(asc(loyaltyMembers.id)).limit(q.limit + 1);
  const items = rows.slice(0, q.limit);
  const last = items.at(-1);
  return {
    items: items.map((r) => presentMember(r.m, { available: Number(r.b?.available ?? 0), pending: Number(r.b?.pending ?? 0) })),
    nextCursor: rows.length > q.limit && last ? encodeCursor(last.m.id) : null,
  };
}

/**
 * What a till asks before a burn, in one indexed round trip: the cached balance, and the
 * points in lots whose last day falls within the next N days (the workspace's local today + N).
 * Asked before nearly every sale, so it is a prepared statement (parsed and planned once per
 * pooled connection).
 */
const balanceStatement = preparedStatement<{ status: string; available: number | null; pending: number | null; point_value_minor: number; currency: string; within: number; until: string; expiring: number }>('loyalty_member_balance', sql`
    with m as (
      select m.workspace_id, m.id, m.status, p.point_value_minor, p.currency,
        coalesce(${sql.placeholder('within')}::int, nullif(p.expiry_warning_days, 0), 30) as within,
        (now() at time zone w.time_zone)::date as today
      from loyalty_members m
      join loyalty_programmes p on p.workspace_id = m.workspace_id and p.id = m.programme_id
      join workspaces w on w.id = m.workspace_id
      where m.workspace_id = ${sql.placeholder('workspaceId')}::uuid and m.id = ${sql.placeholder('memberId')}::uuid)
    select m.status, b.available, b.pending, m.point_value_minor, m.currency, m.within, (m.today + m.within)::text as until,
      (select coalesce(sum(l.available + l.pending), 0) from loyalty_lots l
        where l.workspace_id = m.workspace_id and l.member_id = m.id and (l.available <> 0 or l.pending <> 0)
          and l.expires_on <= m.today + m.within)::bigint as expiring
    from m left join loyalty_member_balances b on b.workspace_id = m.workspace_id and b.member_id = m.id`);

export async function memberBalance(database: Database, workspaceId: string, id: string, expiringWithinDays?: number) {
  const rows = await balanceStatement(database, { workspaceId, memberId: id, within: expiringWithinDays ?? null });
  const r = rows[0];
  if (!r) throw notFound('Loyalty member');
  const available = Number(r.available ?? 0);
  return {
    memberId: id, status: r.status === 'opted_out' ? 'opted_out' as const : 'active' as const, available, pending: Number(r.pending ?? 0),
    valueMinor: Math.max(0, available) * Number(r.point_value_minor), currency: r.currency,
    expiring: { withinDays: Number(r.within), until: r.until, points: Number(r.expiring) },
  };
}

/** The member in the customer 360: balance, pending, expiring soon per lot, tier and progress. */
export async function memberView(db: Queryable, workspaceId: string, id: string) {
  const m = await findMember(db, workspaceId, id);
  const { programme, timeZone } = await loadProgramme(db, workspaceId, m.programmeId);
  const balance = await balanceOf(db, workspaceId, id);
  const today = localDateOf(Date.now(), timeZone);
  const horizon = addDays(today, programme.expiryWarningDays > 0 ? programme.expiryWarningDays : 30);
  const lots = await db.select().from(loyaltyLots).where(and(
    eq(loyaltyLots.workspaceId, workspaceId), eq(loyaltyLots.memberId, id),
    sql`${loyaltyLots.expiresOn} is not null and ${loyaltyLots.expiresOn} <= ${horizon} and (${loyaltyLots.available} > 0 or ${loyaltyLots.pending} > 0)`,
  )).orderBy(asc(loyaltyLots.expiresOn), asc(loyaltyLots.earnedAt));
  const tierRows = await listTierRows(db, workspaceId, programme.id);
  const tp = tierProgrammeOf(programme, tierRows);
  let tier = null;
  if (tp) {
    const activity = (await loadActivity(db, workspaceId, [id], activityHorizon(tp, today))).get(id) ?? [];
    const state = tierStateOf(tp, m);
    const p = tierProgress({ programme: tp, state, activity, today });
    tier = {
      id: p.tier.id, name: p.tier.name, rank: p.tier.rank, next: p.nextTier ? { id: p.nextTier.id, name: p.nextTier.name } : null,
      toNext: [...p.toNext], toKeep: [...p.toKeep], totals: p.totals, nextReviewOn: p.nextReviewOn, graceUntil: state.graceUntil,
    };
  }
  return {
    id: m.id, programmeId: m.programmeId, customerId: m.customerId, status: m.status === 'opted_out' ? 'opted_out' as const : 'active' as const,
    cardNumber: m.cardNumber, qrPayload: qrPayloadOf(m.cardNumber), referralCode: m.referralCode, joinedOn: m.joinedOn,
    balance: { ...balance, valueMinor: Math.max(0, balance.available) * programme.pointValueMinor, currency: programme.currency },
    expiringSoon: lots.map((l) => ({ lotId: l.id, expiresOn: l.expiresOn ?? '', points: l.available, pending: l.pending, earnedAt: l.earnedAt.toISOString() })),
    tier,
  };
}

/** Full ledger history of a member, newest first, each entry with its cause. */
export async function memberLedger(db: Queryable, workspaceId: string, id: string, page: { cursor?: string | undefined; limit: number }) {
  await findMember(db, workspaceId, id);
  const after = decodeCursor(page.cursor, (v): v is number => typeof v === 'number' && Number.isSafeInteger(v));
  const rows = await db.select().from(loyaltyLedgerEntries).where(and(
    eq(loyaltyLedgerEntries.workspaceId, workspaceId), eq(loyaltyLedgerEntries.memberId, id),
    after !== null ? lt(loyaltyLedgerEntries.id, after) : undefined,
  )).orderBy(desc(loyaltyLedgerEntries.id)).limit(page.limit + 1);
  const items = rows.slice(0, page.limit);
  const last = items.at(-1);
  return { items: items.map(presentLedgerEntry), nextCursor: rows.length > page.limit && last ? encodeCursor(last.id) : null };
}

/** A manual correction with a reason: audited, on the timeline, one transaction. */
export async function adjustPoints(db: Db, actor: Actor, memberId: string, input: z.infer<typeof AdjustmentInput>) {
  return db.transaction(async (tx) => {
    const members = await lockMembers(tx, actor.workspaceId, [memberId]);
    const member = members.get(memberId);
    if (!member) throw notFound('Loyalty member');
    const { programme, timeZone } = await loadProgramme(tx, actor.workspaceId, member.programmeId);
    const state = (await loadLedgerStates(tx, actor.workspaceId, [memberId])).get(memberId) ?? { memberId, lots: [], debt: 0 };
    const id = crypto.randomUUID();
    const localDate = localDateOf(Date.now(), timeZone);
    const result = postAdjustment({
      postingId: `a:${id}`, adjustmentId: id, reason: input.reason, actorId: actorId(actor), points: input.points, occurredAt: Date.now(),
      localDate, state, settings: ledgerSettings(programme, localDate), ...(input.expiresOn !== undefined ? { expiresOn: input.expiresOn } : {}),
    });
    if (!result.ok) throw result.code === 'insufficient_points' ? new ProblemError(422, 'insufficient_points', result.message, [{ field: 'body.points', code: result.code, message: result.message }]) : invalid('body.points', result.code, result.message);
    const before = await balanceOf(tx, actor.workspaceId, memberId);
    const writer = new PostingWriter(actor.workspaceId, programme.id);
    writer.add(result.posting, result.newLots);
    await writer.flush(tx);
    const after = await balanceOf(tx, actor.workspaceId, memberId);
    await recordAudit(tx, actor, {
      action: 'loyalty.points.adjusted', entityType: 'loyalty_member', entityId: memberId,
      before: { balance: before }, after: { balance: after, points: input.points, reason: input.reason, postingId: result.posting.id },
    });
    await appendTimelineEntry(tx, actor, {
      customerId: member.customerId, kind: 'loyalty_adjustment', sourceModule: 'loyalty', sourceId: id,
      summary: `Points ${input.points > 0 ? '+' : ''}${input.points}: ${input.reason}`, data: { memberId, points: input.points, reason: input.reason },
    });
    return { adjustmentId: id, postingId: result.posting.id, points: input.points, balance: after };
  });
}

/** Points burnt at the till as payment: a committed redemption without a catalogue reward. */
export async function burnPoints(db: Db, actor: Actor, memberId: string, input: z.infer<typeof BurnInput>) {
  return db.transaction(async (tx) => {
    const members = await lockMembers(tx, actor.workspaceId, [memberId]);
    const member = members.get(memberId);
    if (!member) throw notFound('Loyalty member');
    if (input.externalId) {
      const [dup] = await tx.select().from(loyaltyRedemptions).where(and(eq(loyaltyRedemptions.workspaceId, actor.workspaceId), eq(loyaltyRedemptions.externalId, input.externalId)));
      if (dup) {
        if (dup.memberId !== memberId || dup.points !== input.points) throw invalid('body.externalId', 'in_use', 'This external id was used for another burn');
        return { ...presentRedemption(dup), valueMinor: 0, duplicate: true };
      }
    }
    if (member.status !== 'active') throw new ProblemError(409, 'member_opted_out', 'The member has left the programme');
    const { programme } = await loadProgramme(tx, actor.workspaceId, member.programmeId);
    if (input.points < programme.burning.minPoints) throw invalid('body.points', 'below_minimum', `burn at least ${programme.burning.minPoints} points`);
    const valueMinor = input.points * programme.pointValueMinor;
    if (input.billMinor !== undefined && valueMinor * 100 > input.billMinor * programme.burning.maxBillPercent) {
      throw invalid('body.points', 'above_bill_share', `points may pay at most ${programme.burning.maxBillPercent} % of the bill`);
    }
    const state = (await loadLedgerStates(tx, actor.workspaceId, [memberId])).get(memberId) ?? { memberId, lots: [], debt: 0 };
    const id = crypto.randomUUID();
    const result = postRedemption({ postingId: `x:${id}`, redemptionId: id, points: input.points, occurredAt: Date.now(), state });
    if (!result.ok) throw new ProblemError(422, result.code, result.message, [{ field: 'body.points', code: result.code, message: result.message }]);
    const writer = new PostingWriter(actor.workspaceId, programme.id);
    writer.add(result.posting, result.newLots);
    applyToState(state, result.posting, result.newLots);
    await writer.flush(tx);
    const [row] = await tx.insert(loyaltyRedemptions).values({
      workspaceId: actor.workspaceId, id, memberId, rewardId: null, points: input.points, status: 'committed',
      externalId: input.externalId ?? null, postingId: result.posting.id, committedAt: new Date(),
    }).returning();
    if (!row) throw new Error('redemption insert returned nothing');
    await appendTimelineEntry(tx, actor, {
      customerId: member.customerId, kind: 'loyalty_redemption', sourceModule: 'loyalty', sourceId: id,
      summary: `Paid with ${input.points} points`, data: { memberId, points: input.points, valueMinor },
    });
    return { ...presentRedemption(row), valueMinor, duplicate: false };
  });
}
