import { and, count, eq } from 'drizzle-orm';
import { checkReferral, decideReferralReward, parseReferralCode, postAdjustment, type ReferralParty } from '@vefa/domain';
import type { Actor } from '../../platform/auth/actor.ts';
import type { Db, Queryable } from '../../platform/db/database.ts';
import { recordAudit } from '../../platform/audit/auditLog.ts';
import { conflict, invalid, notFound } from '../../platform/http/problem.ts';
import { appendTimelineEntry } from '../customers/timeline.ts';
import { customers } from '../customers/schema.ts';
import { loyaltyMembers, loyaltyReferrals } from './schema.ts';
import { presentReferral } from './presenter.ts';
import { applyToState, loadLedgerStates, lockMembers, PostingWriter } from './ledgerStore.ts';
import { ledgerSettings, loadProgramme, localDateOf, type ProgrammeRow } from './programmes.ts';

async function partyOf(db: Queryable, workspaceId: string, memberId: string): Promise<ReferralParty & { programmeId: string }> {
  const [row] = await db.select({ m: loyaltyMembers, c: customers }).from(loyaltyMembers)
    .innerJoin(customers, and(eq(customers.workspaceId, loyaltyMembers.workspaceId), eq(customers.id, loyaltyMembers.customerId)))
    .where(and(eq(loyaltyMembers.workspaceId, workspaceId), eq(loyaltyMembers.id, memberId)));
  if (!row) throw notFound('Member');
  const a = row.c.addresses[0];
  const address = a ? [a.street, a.city, a.postalCode].filter((x) => x).join(' ') : '';
  return {
    memberId, customerId: row.c.id, programmeId: row.m.programmeId,
    ...(row.c.email ? { email: row.c.email } : {}), ...(row.c.phone ? { phone: row.c.phone } : {}), ...(address ? { address } : {}),
  };
}

/**
 * Records who referred whom. Fraud checks (same person, same customer, e-mail, phone,
 * address) block the referral at once; the reward waits for the referee's first purchase.
 */
export async function createReferral(tx: Queryable, actor: Actor, typedCode: string, refereeMemberId: string, field = 'body.referralCode') {
  const code = parseReferralCode(typedCode);
  if (!code) throw invalid(field, 'malformed', 'This is not a referral code (mistyped?)');
  const [referrer] = await tx.select().from(loyaltyMembers).where(and(eq(loyaltyMembers.workspaceId, actor.workspaceId), eq(loyaltyMembers.referralCode, code)));
  if (!referrer) throw invalid(field, 'not_found', 'No member has this referral code');
  const referee = await partyOf(tx, actor.workspaceId, refereeMemberId);
  if (referee.programmeId !== referrer.programmeId) throw invalid(field, 'other_programme', 'The referrer belongs to another programme');
  const [already] = await tx.select({ n: count() }).from(loyaltyReferrals)
    .where(and(eq(loyaltyReferrals.workspaceId, actor.workspaceId), eq(loyaltyReferrals.refereeMemberId, refereeMemberId)));
  if ((already?.n ?? 0) > 0) throw conflict('already_referred', 'This member was already referred', 'body.refereeMemberId');
  const check = checkReferral({ referrer: await partyOf(tx, actor.workspaceId, referrer.id), referee, refereeAlreadyReferred: false });
  const [row] = await tx.insert(loyaltyReferrals).values({
    workspaceId: actor.workspaceId, id: crypto.randomUUID(), referrerMemberId: referrer.id, refereeMemberId,
    status: check.ok ? 'pending' : 'blocked', fraudReasons: [...check.reasons],
  }).onConflictDoNothing().returning();
  if (!row) throw conflict('already_referred', 'This member was already referred', 'body.refereeMemberId');
  await recordAudit(tx, actor, { action: 'loyalty.referral.created', entityType: 'loyalty_referral', entityId: row.id, after: presentReferral(row) });
  return presentReferral(row);
}

export async function createReferralCommand(db: Db, actor: Actor, input: { referralCode: string; refereeMemberId: string }) {
  return db.transaction((tx) => createReferral(tx, actor, input.referralCode, input.refereeMemberId));
}

export async function listReferrals(db: Queryable, workspaceId: string, memberId: string | undefined) {
  const rows = await db.select().from(loyaltyReferrals).where(and(
    eq(loyaltyReferrals.workspaceId, workspaceId), memberId ? eq(loyaltyReferrals.referrerMemberId, memberId) : undefined,
  )).limit(500);
  return rows.map(presentReferral);
}

/**
 * On a member's first purchase: rewards referrer and referee once. The referral row is
 * locked and moves to rewarded in this transaction, so a retry cannot pay twice.
 */
export async function rewardReferralIfDue(tx: Queryable, actor: Actor, programme: ProgrammeRow, timeZone: string,
  first: { memberId: string; purchaseId: string; amountMinor: number; occurredAt: number }) {
  const ws = actor.workspaceId;
  const [ref] = await tx.select().from(loyaltyReferrals)
    .where(and(eq(loyaltyReferrals.workspaceId, ws), eq(loyaltyReferrals.refereeMemberId, first.memberId), eq(loyaltyReferrals.status, 'pending'))).for('update');
  if (!ref) return;
  const [so] = await tx.select({ n: count() }).from(loyaltyReferrals)
    .where(and(eq(loyaltyReferrals.workspaceId, ws), eq(loyaltyReferrals.referrerMemberId, ref.referrerMemberId), eq(loyaltyReferrals.status, 'rewarded')));
  const s = programme.referral;
  const decision = decideReferralReward({
    programme: { referrerPoints: s.referrerPoints, refereePoints: s.refereePoints, minPurchaseMinor: s.minPurchaseMinor, ...(s.maxRewardsPerReferrer !== null ? { maxRewardsPerReferrer: s.maxRewardsPerReferrer } : {}) },
    alreadyRewarded: false, isRefereeFirstPurchase: true, purchaseAmountMinor: first.amountMinor,
    referrerRewardsSoFar: so?.n ?? 0, fraudCheckPassed: ref.fraudReasons.length === 0,
  });
  if (!decision.reward) {
    await tx.update(loyaltyReferrals).set({ status: 'declined', fraudReasons: [...ref.fraudReasons, decision.reason], purchaseId: first.purchaseId })
      .where(and(eq(loyaltyReferrals.workspaceId, ws), eq(loyaltyReferrals.id, ref.id)));
    return;
  }
  const members = await lockMembers(tx, ws, [ref.referrerMemberId, ref.refereeMemberId]);
  const states = await loadLedgerStates(tx, ws, [...members.keys()]);
  const writer = new PostingWriter(ws, programme.id);
  const localDate = localDateOf(Date.now(), timeZone);
  for (const [memberId, points, role] of [[ref.referrerMemberId, decision.referrerPoints, 'referrer'], [ref.refereeMemberId, decision.refereePoints, 'referee']] as const) {
    const state = states.get(memberId);
    const member = members.get(memberId);
    if (!state || !member || points <= 0 || member.status !== 'active') continue;
    const result = postAdjustment({
      postingId: `ref:${ref.id}:${role}`, adjustmentId: ref.id, reason: `referral reward (${role})`, points, occurredAt: Date.now(),
      localDate, state, settings: ledgerSettings(programme, localDate),
    });
    if (!result.ok) continue;
    writer.add(result.posting, result.newLots);
    states.set(memberId, applyToState(state, result.posting, result.newLots));
    await appendTimelineEntry(tx, actor, {
      customerId: member.customerId, kind: 'loyalty_referral_rewarded', sourceModule: 'loyalty', sourceId: ref.id,
      summary: `Referral reward: +${points} points`, data: { memberId, referralId: ref.id, role, points },
    });
  }
  await writer.flush(tx);
  await tx.update(loyaltyReferrals).set({ status: 'rewarded', rewardedAt: new Date(), purchaseId: first.purchaseId })
    .where(and(eq(loyaltyReferrals.workspaceId, ws), eq(loyaltyReferrals.id, ref.id)));
}

