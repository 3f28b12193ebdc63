import { randomBytes } from 'node:crypto';
import { and, asc, count, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { checkSymbol, CODE_ALPHABET, generateCodes, isWellFormedCode, normaliseCode, postAdjustment, validateCoupon, type Coupon } from '@vefa/domain';
import type { CouponCheckInput, CouponGenerate } from '@vefa/contract';
import type { Actor } from '../../platform/auth/actor.ts';
import { sqlRows, type Db, type Queryable } from '../../platform/db/database.ts';
import { recordAudit } from '../../platform/audit/auditLog.ts';
import { conflict, invalid } from '../../platform/http/problem.ts';
import { loyaltyCouponRedemptions, loyaltyCoupons } from './schema.ts';
import { presentCoupon } from './presenter.ts';
import { isUniqueViolation, ledgerSettings, loadProgramme, localDateOf } from './programmes.ts';
import { lineOf } from './rules.ts';
import { loadLedgerStates, lockMembers, PostingWriter } from './ledgerStore.ts';
import { appendTimelineEntry } from '../customers/timeline.ts';

type CouponRow = typeof loyaltyCoupons.$inferSelect;

/** Single fixed codes or bulk unguessable codes (60 random bits + check symbol), inserted in one transaction. */
export async function generateCoupons(db: Db, actor: Actor, input: z.infer<typeof CouponGenerate>) {
  if (input.code !== undefined && input.count !== 1) throw invalid('body.count', 'fixed_code', 'A fixed code is one coupon: count must be 1');
  if (input.validFrom && input.validUntil && Date.parse(input.validFrom) >= Date.parse(input.validUntil)) {
    throw invalid('body.validUntil', 'range', 'must be after validFrom');
  }
  // A chosen code still gets the check symbol, so tills catch a mistyped one before any look-up.
  const fixed = input.code !== undefined ? normaliseCode(input.code) : null;
  if (fixed !== null && ![...fixed].every((ch) => CODE_ALPHABET.includes(ch))) {
    throw invalid('body.code', 'alphabet', `use only ${CODE_ALPHABET} (no I, L, O, U)`);
  }
  const codes = fixed !== null ? [fixed + checkSymbol(fixed)]
    : generateCodes(input.count, { randomBytes: (n) => randomBytes(n), ...(input.prefix ? { prefix: input.prefix } : {}) });
  return db.transaction(async (tx) => {
    const { programme } = await loadProgramme(tx, actor.workspaceId, input.programmeId);
    const batchId = crypto.randomUUID();
    const rows = codes.map((code) => ({
      workspaceId: actor.workspaceId, id: crypto.randomUUID(), programmeId: programme.id, code, batchId, name: input.name,
      validFrom: input.validFrom ? new Date(input.validFrom) : null, validUntil: input.validUntil ? new Date(input.validUntil) : null,
      maxUses: input.maxUses, maxUsesPerMember: input.maxUsesPerMember, conditions: input.conditions, benefit: input.benefit,
    }));
    try {
      for (let i = 0; i < rows.length; i += 2000) await tx.insert(loyaltyCoupons).values(rows.slice(i, i + 2000));
    } catch (error) {
      if (isUniqueViolation(error)) throw conflict('code_taken', 'A coupon with this code exists already', 'body.code');
      throw error;
    }
    await recordAudit(tx, actor, { action: 'loyalty.coupons.generated', entityType: 'loyalty_coupon_batch', entityId: batchId, after: { name: input.name, count: codes.length, benefit: input.benefit } });
    return { batchId, count: codes.length, codes };
  });
}

export async function listCoupons(db: Queryable, workspaceId: string, batchId: string | undefined) {
  const rows = await db.select().from(loyaltyCoupons).where(and(eq(loyaltyCoupons.workspaceId, workspaceId), batchId ? eq(loyaltyCoupons.batchId, batchId) : undefined))
    .orderBy(asc(loyaltyCoupons.createdAt)).limit(1000);
  return rows.map(presentCoupon);
}

function domainCoupon(c: CouponRow): Coupon {
  return {
    code: c.code, status: c.status === 'active' ? 'active' : 'disabled',
    ...(c.validFrom ? { validFrom: c.validFrom.getTime() } : {}), ...(c.validUntil ? { validUntil: c.validUntil.getTime() } : {}),
    ...(c.maxUses !== null ? { maxUses: c.maxUses } : {}), ...(c.maxUsesPerMember !== null ? { maxUsesPerMember: c.maxUsesPerMember } : {}),
    conditions: c.conditions,
  };
}

async function check(tx: Queryable, workspaceId: string, input: z.infer<typeof CouponCheckInput>) {
  const typed = normaliseCode(input.code);
  const refuse = (code: string, message: string) => ({ ok: false, couponId: null, benefit: null, refusals: [{ code, message }], redemptionId: null, row: null });
  // Check symbol first: a mistyped code never reaches the database.
  if (!isWellFormedCode(typed, 5)) return refuse('malformed', 'the code is mistyped');
  const [row] = await tx.select().from(loyaltyCoupons).where(and(eq(loyaltyCoupons.workspaceId, workspaceId), eq(loyaltyCoupons.code, typed)));
  if (!row) return refuse('not_found', 'no such coupon');
  let usesByMember = 0;
  if (input.memberId) {
    const [u] = await tx.select({ n: count() }).from(loyaltyCouponRedemptions).where(and(
      eq(loyaltyCouponRedemptions.workspaceId, workspaceId), eq(loyaltyCouponRedemptions.couponId, row.id), eq(loyaltyCouponRedemptions.memberId, input.memberId)));
    usesByMember = u?.n ?? 0;
  }
  const result = validateCoupon({
    coupon: domainCoupon(row), typedCode: typed, now: Date.now(), usesOfCode: row.uses, usesByMember,
    ...(input.memberId ? { memberId: input.memberId } : {}),
    ...(input.purchase ? { purchase: { id: 'check', currency: input.purchase.currency ?? row.conditions.currency ?? 'AZN', occurredAt: Date.now(), lines: input.purchase.lines.map(lineOf) } } : {}),
  });
  return {
    ok: result.ok, couponId: row.id, benefit: row.benefit, refusals: result.ok ? [] : result.refusals.map((r) => ({ code: r.code, message: r.message })),
    redemptionId: null, row,
  };
}

export async function validateCouponCode(db: Queryable, workspaceId: string, input: z.infer<typeof CouponCheckInput>) {
  const { row: _row, ...out } = await check(db, workspaceId, input);
  return out;
}

/**
 * Redeems a coupon at the till. The member (if any) is locked so the per-member limit is
 * counted safely; the code's total uses are taken by one conditional UPDATE. A retry with
 * the same externalId returns the first redemption.
 */
export async function redeemCoupon(db: Db, actor: Actor, input: z.infer<typeof CouponCheckInput>) {
  const ws = actor.workspaceId;
  return db.transaction(async (tx) => {
    if (input.memberId) {
      const locked = await lockMembers(tx, ws, [input.memberId]);
      if (!locked.has(input.memberId)) throw invalid('body.memberId', 'not_found', 'No such loyalty member');
    }
    const c = await check(tx, ws, input);
    if (c.row && input.externalId) {
      const [dup] = await tx.select().from(loyaltyCouponRedemptions).where(and(
        eq(loyaltyCouponRedemptions.workspaceId, ws), eq(loyaltyCouponRedemptions.couponId, c.row.id), eq(loyaltyCouponRedemptions.externalId, input.externalId)));
      if (dup) return { ok: true, couponId: c.row.id, benefit: c.row.benefit, refusals: [], redemptionId: dup.id };
    }
    if (!c.ok || !c.row) {
      const { row: _row, ...out } = c;
      return out;
    }
    const taken = await sqlRows<{ uses: number }>(tx, sql`update loyalty_coupons set uses = uses + 1
      where workspace_id = ${ws} and id = ${c.row.id} and (max_uses is null or uses < max_uses) returning uses`);
    if (taken.length === 0) return { ok: false, couponId: c.row.id, benefit: c.row.benefit, refusals: [{ code: 'used_up', message: 'the coupon has been used up' }], redemptionId: null };
    const id = crypto.randomUUID();
    await tx.insert(loyaltyCouponRedemptions).values({ workspaceId: ws, id, couponId: c.row.id, memberId: input.memberId ?? null, externalId: input.externalId ?? null });
    if (c.row.benefit.kind === 'bonusPoints') {
      if (!input.memberId) throw invalid('body.memberId', 'required', 'A bonus-points coupon needs the member who gets the points');
      await creditCouponPoints(tx, actor, input.memberId, c.row, id);
    }
    return { ok: true, couponId: c.row.id, benefit: c.row.benefit, refusals: [], redemptionId: id };
  });
}

/** A bonus-points coupon credits the member in the redemption's transaction (a new lot, expiring like earned points). */
async function creditCouponPoints(tx: Queryable, actor: Actor, memberId: string, coupon: CouponRow, redemptionId: string) {
  const members = await lockMembers(tx, actor.workspaceId, [memberId]);
  const member = members.get(memberId);
  if (!member) throw invalid('body.memberId', 'not_found', 'No such loyalty member');
  const { programme, timeZone } = await loadProgramme(tx, actor.workspaceId, member.programmeId);
  const state = (await loadLedgerStates(tx, actor.workspaceId, [memberId])).get(memberId) ?? { memberId, lots: [], debt: 0 };
  const localDate = localDateOf(Date.now(), timeZone);
  const result = postAdjustment({
    postingId: `c:${redemptionId}`, adjustmentId: redemptionId, reason: `coupon ${coupon.code}`, points: coupon.benefit.value,
    occurredAt: Date.now(), localDate, state, settings: ledgerSettings(programme, localDate),
  });
  if (!result.ok) throw invalid('body.code', result.code, result.message);
  const writer = new PostingWriter(actor.workspaceId, programme.id);
  writer.add(result.posting, result.newLots);
  await writer.flush(tx);
  await appendTimelineEntry(tx, actor, {
    customerId: member.customerId, kind: 'loyalty_coupon_redeemed', sourceModule: 'loyalty', sourceId: redemptionId,
    summary: `Coupon ${coupon.name}: +${coupon.benefit.value} points`, data: { memberId, couponId: coupon.id, points: coupon.benefit.value },
  });
}
