import { and, asc, count, eq, inArray, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { postRedemption, postRedemptionCancel, type LedgerEntry, type Posting } from '@vefa/domain';
import type { RedemptionCreate, RewardCreate, RewardUpdate } from '@vefa/contract';
import type { Actor } from '../../platform/auth/actor.ts';
import { sqlRows, type Db, type Queryable } from '../../platform/db/database.ts';
import { recordAudit } from '../../platform/audit/auditLog.ts';
import { conflict, invalid, notFound, ProblemError } from '../../platform/http/problem.ts';
import { appendTimelineEntry } from '../customers/timeline.ts';
import { loyaltyLedgerEntries, loyaltyRedemptions, loyaltyRewards } from './schema.ts';
import { presentRedemption, presentReward } from './presenter.ts';
import { loadLedgerStates, lockMembers, PostingWriter } from './ledgerStore.ts';
import { loadProgramme } from './programmes.ts';

export async function createReward(db: Db, actor: Actor, input: z.infer<typeof RewardCreate>) {
  return db.transaction(async (tx) => {
    const { programme } = await loadProgramme(tx, actor.workspaceId, input.programmeId);
    const [row] = await tx.insert(loyaltyRewards).values({
      workspaceId: actor.workspaceId, id: crypto.randomUUID(), programmeId: programme.id, name: input.name, kind: input.kind,
      pointsCost: input.pointsCost, stock: input.stock, perMemberLimit: input.perMemberLimit, tierIds: input.tierIds, active: input.active,
    }).returning();
    if (!row) throw new Error('reward insert returned nothing');
    await recordAudit(tx, actor, { action: 'loyalty.reward.created', entityType: 'loyalty_reward', entityId: row.id, after: presentReward(row) });
    return presentReward(row);
  });
}

export async function updateReward(db: Db, actor: Actor, id: string, input: z.infer<typeof RewardUpdate>) {
  return db.transaction(async (tx) => {
    const where = and(eq(loyaltyRewards.workspaceId, actor.workspaceId), eq(loyaltyRewards.id, id));
    const [before] = await tx.select().from(loyaltyRewards).where(where).for('update');
    if (!before) throw notFound('Reward');
    const [row] = await tx.update(loyaltyRewards).set(input).where(where).returning();
    if (!row) throw notFound('Reward');
    await recordAudit(tx, actor, { action: 'loyalty.reward.updated', entityType: 'loyalty_reward', entityId: id, before: presentReward(before), after: presentReward(row) });
    return presentReward(row);
  });
}

export async function listRewards(db: Queryable, workspaceId: string) {
  return (await db.select().from(loyaltyRewards).where(eq(loyaltyRewards.workspaceId, workspaceId)).orderBy(asc(loyaltyRewards.pointsCost))).map(presentReward);
}

export async function getReward(db: Queryable, workspaceId: string, id: string) {
  const [row] = await db.select().from(loyaltyRewards).where(and(eq(loyaltyRewards.workspaceId, workspaceId), eq(loyaltyRewards.id, id)));
  if (!row) throw notFound('Reward');
  return presentReward(row);
}

async function postingEntries(tx: Queryable, workspaceId: string, postingId: string): Promise<Posting> {
  const rows = await tx.select().from(loyaltyLedgerEntries)
    .where(and(eq(loyaltyLedgerEntries.workspaceId, workspaceId), eq(loyaltyLedgerEntries.postingId, postingId))).orderBy(asc(loyaltyLedgerEntries.id));
  const entries: LedgerEntry[] = rows.map((r) => ({
    account: r.account === 'member_pending' ? 'member_pending' : r.account === 'member_available' ? 'member_available'
      : r.account === 'redeemed' ? 'redeemed' : r.account === 'expired' ? 'expired' : 'programme_liability',
    ...(r.memberId !== null ? { memberId: r.memberId } : {}),
    ...(r.lotId !== null ? { lotId: r.lotId } : {}),
    amount: r.amount,
    cause: { kind: 'redemption', redemptionId: String(r.cause.redemptionId ?? '') },
  }));
  return { id: postingId, kind: 'redeem', occurredAt: rows[0]?.occurredAt.getTime() ?? Date.now(), entries };
}

/**
 * Reserves a reward: under the member's lock the per-member limit is counted and the
 * points leave the available balance; the stock is taken with one conditional UPDATE
 * (stock > 0), so concurrent redemptions of the last unit or of the same points never
 * oversell. Commit finalises it; cancel gives the points back to their lots and the unit back.
 */
export async function reserveRedemption(db: Db, actor: Actor, input: z.infer<typeof RedemptionCreate>) {
  const ws = actor.workspaceId;
  return db.transaction(async (tx) => {
    const members = await lockMembers(tx, ws, [input.memberId]);
    const member = members.get(input.memberId);
    if (!member) throw invalid('body.memberId', 'not_found', 'No such loyalty member');
    if (input.externalId) {
      const [dup] = await tx.select().from(loyaltyRedemptions).where(and(eq(loyaltyRedemptions.workspaceId, ws), eq(loyaltyRedemptions.externalId, input.externalId)));
      if (dup) {
        if (dup.memberId !== input.memberId || dup.rewardId !== input.rewardId) throw invalid('body.externalId', 'in_use', 'This external id was used for another redemption');
        return presentRedemption(dup);
      }
    }
    if (member.status !== 'active') throw new ProblemError(409, 'member_opted_out', 'The member has left the programme');
    const [reward] = await tx.select().from(loyaltyRewards).where(and(eq(loyaltyRewards.workspaceId, ws), eq(loyaltyRewards.id, input.rewardId)));
    if (!reward || !reward.active || reward.programmeId !== member.programmeId) throw invalid('body.rewardId', 'not_available', 'This reward is not available');
    if (reward.tierIds.length > 0 && (member.tierId === null || !reward.tierIds.includes(member.tierId))) {
      throw new ProblemError(409, 'tier_required', "The member's tier may not redeem this reward");
    }
    if (reward.perMemberLimit !== null) {
      const [used] = await tx.select({ n: count() }).from(loyaltyRedemptions).where(and(
        eq(loyaltyRedemptions.workspaceId, ws), eq(loyaltyRedemptions.memberId, member.id), eq(loyaltyRedemptions.rewardId, reward.id),
        inArray(loyaltyRedemptions.status, ['reserved', 'committed']),
      ));
      if ((used?.n ?? 0) >= reward.perMemberLimit) throw conflict('member_limit', `This member may redeem this reward ${reward.perMemberLimit} time(s)`);
    }
    const state = (await loadLedgerStates(tx, ws, [member.id])).get(member.id) ?? { memberId: member.id, lots: [], debt: 0 };
    const id = crypto.randomUUID();
    const result = postRedemption({ postingId: `x:${id}`, redemptionId: id, points: reward.pointsCost, occurredAt: Date.now(), state });
    if (!result.ok) throw new ProblemError(409, result.code, result.message);
    if (reward.stock !== null) {
      const taken = await sqlRows<{ stock: number }>(tx, sql`update loyalty_rewards set stock = stock - 1
        where workspace_id = ${ws} and id = ${reward.id} and stock > 0 returning stock`);
      if (taken.length === 0) throw conflict('out_of_stock', 'This reward is out of stock');
    }
    const writer = new PostingWriter(ws, member.programmeId);
    writer.add(result.posting, result.newLots);
    await writer.flush(tx);
    const [row] = await tx.insert(loyaltyRedemptions).values({
      workspaceId: ws, id, memberId: member.id, rewardId: reward.id, points: reward.pointsCost, status: input.commit ? 'committed' : 'reserved',
      externalId: input.externalId ?? null, postingId: result.posting.id, committedAt: input.commit ? new Date() : null,
    }).returning();
    if (!row) throw new Error('redemption insert returned nothing');
    await appendTimelineEntry(tx, actor, {
      customerId: member.customerId, kind: 'loyalty_redemption', sourceModule: 'loyalty', sourceId: id,
      summary: `Redeemed ${reward.name} for ${reward.pointsCost} points`, data: { memberId: member.id, rewardId: reward.id, points: reward.pointsCost },
    });
    return presentRedemption(row);
  });
}

export async function commitRedemption(db: Db, actor: Actor, id: string) {
  return db.transaction(async (tx) => {
    const where = and(eq(loyaltyRedemptions.workspaceId, actor.workspaceId), eq(loyaltyRedemptions.id, id));
    const [row] = await tx.select().from(loyaltyRedemptions).where(where).for('update');
    if (!row) throw notFound('Redemption');
    if (row.status === 'committed') return presentRedemption(row);
    if (row.status !== 'reserved') throw conflict('not_reserved', `The redemption is ${row.status}`);
    const [done] = await tx.update(loyaltyRedemptions).set({ status: 'committed', committedAt: new Date() }).where(where).returning();
    if (!done) throw notFound('Redemption');
    return presentRedemption(done);
  });
}

export async function cancelRedemption(db: Db, actor: Actor, id: string) {
  const ws = actor.workspaceId;
  return db.transaction(async (tx) => {
    const [peek] = await tx.select().from(loyaltyRedemptions).where(and(eq(loyaltyRedemptions.workspaceId, ws), eq(loyaltyRedemptions.id, id)));
    if (!peek) throw notFound('Redemption');
    const members = await lockMembers(tx, ws, [peek.memberId]);
    const member = members.get(peek.memberId);
    const where = and(eq(loyaltyRedemptions.workspaceId, ws), eq(loyaltyRedemptions.id, id));
    const [row] = await tx.select().from(loyaltyRedemptions).where(where).for('update');
    if (!row || !member) throw notFound('Redemption');
    if (row.status === 'cancelled') return presentRedemption(row);
    if (row.status !== 'reserved' && row.rewardId !== null) throw conflict('already_committed', 'A committed redemption cannot be cancelled');
    const original = await postingEntries(tx, ws, row.postingId);
    const state = (await loadLedgerStates(tx, ws, [member.id], original.entries.flatMap((e) => (e.lotId ? [e.lotId] : [])))).get(member.id)
      ?? { memberId: member.id, lots: [], debt: 0 };
    const result = postRedemptionCancel({ postingId: `xc:${id}`, redemption: original, occurredAt: Date.now(), state });
    const writer = new PostingWriter(ws, member.programmeId);
    writer.add(result.posting, result.newLots);
    await writer.flush(tx);
    if (row.rewardId) {
      await tx.execute(sql`update loyalty_rewards set stock = stock + 1 where workspace_id = ${ws} and id = ${row.rewardId} and stock is not null`);
    }
    const [done] = await tx.update(loyaltyRedemptions).set({ status: 'cancelled', cancelledAt: new Date(), cancelPostingId: result.posting.id }).where(where).returning();
    if (!done) throw notFound('Redemption');
    await appendTimelineEntry(tx, actor, {
      customerId: member.customerId, kind: 'loyalty_redemption_cancelled', sourceModule: 'loyalty', sourceId: id,
      summary: `Redemption cancelled: ${row.points} points back`, data: { memberId: member.id, points: row.points },
    });
    return presentRedemption(done);
  });
}

export async function listRedemptions(db: Queryable, workspaceId: string, memberId: string | undefined) {
  const rows = await db.select().from(loyaltyRedemptions).where(and(
    eq(loyaltyRedemptions.workspaceId, workspaceId), memberId ? eq(loyaltyRedemptions.memberId, memberId) : undefined,
  )).orderBy(asc(loyaltyRedemptions.createdAt)).limit(500);
  return rows.map(presentRedemption);
}
