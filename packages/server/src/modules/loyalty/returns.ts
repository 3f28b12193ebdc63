import { and, eq, sql } from 'drizzle-orm';
import type { z } from 'zod';
import { postReturn, returnActivity, type Award } from '@vefa/domain';
import type { ReturnInput } from '@vefa/contract';
import type { Actor } from '../../platform/auth/actor.ts';
import { sqlRows, type Db } from '../../platform/db/database.ts';
import { invalid, notFound, ProblemError } from '../../platform/http/problem.ts';
import { appendTimelineEntry } from '../customers/timeline.ts';
import { loyaltyPurchaseLines, loyaltyPurchases, loyaltyReturns } from './schema.ts';
import { loadLedgerStates, lockMembers, PostingWriter } from './ledgerStore.ts';
import { ledgerSettings, listTierRows, loadProgramme, localDateOf, tierProgrammeOf } from './programmes.ts';
import { activityHorizon, addActivity, evaluateMemberTier, loadActivity, tierStateOf } from './tiers.ts';

type ReturnIn = z.infer<typeof ReturnInput>;

/**
 * A full or partial return referencing the purchase: reverses exactly what the returned
 * lines earned (per rule and line, from the purchase's own ledger entries) and the tier
 * progress they gave. Idempotent by the return's external id.
 */
export async function recordReturn(db: Db, actor: Actor, input: ReturnIn) {
  const ws = actor.workspaceId;
  if (!input.purchaseId && !input.purchaseExternalId) throw invalid('body.purchaseExternalId', 'required', 'name the purchase: purchaseId or purchaseExternalId');
  return db.transaction(async (tx) => {
    const [purchase] = await tx.select().from(loyaltyPurchases).where(and(eq(loyaltyPurchases.workspaceId, ws),
      input.purchaseId ? eq(loyaltyPurchases.id, input.purchaseId) : eq(loyaltyPurchases.externalId, input.purchaseExternalId ?? '')));
    if (!purchase) throw new ProblemError(422, 'purchase_not_found', 'No purchase with this id in this workspace', [{ field: input.purchaseId ? 'body.purchaseId' : 'body.purchaseExternalId', code: 'not_found', message: 'no such purchase' }]);
    const members = await lockMembers(tx, ws, [purchase.memberId]);
    const member = members.get(purchase.memberId);
    if (!member) throw notFound('Member');
    const [dup] = await tx.select().from(loyaltyReturns).where(and(eq(loyaltyReturns.workspaceId, ws), eq(loyaltyReturns.externalId, input.externalId)));
    if (dup) {
      if (dup.purchaseId !== purchase.id) throw invalid('body.externalId', 'in_use', 'This return id was used for another purchase');
      return {
        returnId: dup.id, purchaseId: dup.purchaseId, memberId: dup.memberId, status: 'duplicate' as const, pointsDue: dup.pointsDue,
        pointsReversed: dup.pointsReversed, shortfall: dup.shortfall, spendReturnedMinor: dup.spendReturnedMinor, purchaseFullyReturned: false,
      };
    }
    const { programme, timeZone } = await loadProgramme(tx, ws, purchase.programmeId);
    const lines = await tx.select().from(loyaltyPurchaseLines)
      .where(and(eq(loyaltyPurchaseLines.workspaceId, ws), eq(loyaltyPurchaseLines.purchaseId, purchase.id))).orderBy(loyaltyPurchaseLines.position);
    const returning = input.lines ?? lines.filter((l) => l.quantity > l.returnedQuantity).map((l) => ({ lineId: l.lineId, quantity: l.quantity - l.returnedQuantity }));
    if (returning.length === 0) throw invalid('body.lines', 'nothing_to_return', 'Every line of this purchase was already returned');
    const lineIds = new Set(lines.map((l) => l.lineId));
    for (const [i, r] of returning.entries()) {
      if (!lineIds.has(r.lineId)) throw invalid(`body.lines.${i}.lineId`, 'not_on_purchase', `line ${r.lineId} is not on this purchase`);
    }
    const awards: Award[] = (await sqlRows<{ rule_id: string; line_id: string; points: number }>(tx, sql`
      select cause->>'ruleId' as rule_id, cause->>'lineId' as line_id, amount as points from loyalty_ledger_entries
      where workspace_id = ${ws} and posting_id = ${purchase.postingId} and cause_kind = 'purchase' and member_id is not null`))
      .map((a) => ({ ruleId: a.rule_id, lineId: a.line_id, points: Number(a.points) }));
    const states = await loadLedgerStates(tx, ws, [member.id], [purchase.postingId]);
    const state = states.get(member.id) ?? { memberId: member.id, lots: [], debt: 0 };
    const id = crypto.randomUUID();
    const occurredAt = input.occurredAt ? Date.parse(input.occurredAt) : Date.now();
    const result = postReturn({
      postingId: `r:${id}`, returnId: id, purchaseId: purchase.id, occurredAt,
      lines: lines.map((l) => ({ lineId: l.lineId, quantity: l.quantity, amountMinor: Number(l.amountMinor) })),
      awards, returnedBefore: Object.fromEntries(lines.map((l) => [l.lineId, l.returnedQuantity])),
      returning, state, settings: ledgerSettings(programme, purchase.localDate),
    });
    if (!result.ok) {
      const idx = returning.findIndex((r) => result.message.includes(`line ${r.lineId}`));
      throw invalid(idx >= 0 ? `body.lines.${idx}.quantity` : 'body.lines', result.code, result.message);
    }
    const writer = new PostingWriter(ws, programme.id);
    writer.add(result.posting, result.newLots);
    await tx.insert(loyaltyReturns).values({
      workspaceId: ws, id, purchaseId: purchase.id, memberId: member.id, externalId: input.externalId, occurredAt: new Date(occurredAt),
      lines: returning, pointsDue: result.pointsDue, pointsReversed: result.pointsReversed, shortfall: result.shortfall,
      spendReturnedMinor: result.spendReturnedMinor, postingId: result.posting.id,
    });
    await writer.flush(tx);
    const back = new Map<string, number>();
    for (const r of returning) back.set(r.lineId, (back.get(r.lineId) ?? 0) + r.quantity);
    for (const [lineId, q] of back) {
      await tx.update(loyaltyPurchaseLines).set({ returnedQuantity: sql`${loyaltyPurchaseLines.returnedQuantity} + ${q}` })
        .where(and(eq(loyaltyPurchaseLines.workspaceId, ws), eq(loyaltyPurchaseLines.purchaseId, purchase.id), eq(loyaltyPurchaseLines.lineId, lineId)));
    }
    const tierRows = await listTierRows(tx, ws, programme.id);
    const tp = tierProgrammeOf(programme, tierRows);
    let tierNote = '';
    if (tp) {
      const act = returnActivity(purchase.localDate, result);
      await addActivity(tx, ws, [{ memberId: member.id, activity: act }]);
      const today = localDateOf(Date.now(), timeZone);
      const activity = (await loadActivity(tx, ws, [member.id], activityHorizon(tp, today))).get(member.id) ?? [];
      const evaluated = evaluateMemberTier(tp, tierStateOf(tp, member), activity, today);
      if (evaluated.state.tierId !== member.tierId || evaluated.state.heldTierId !== member.heldTierId) {
        await tx.execute(sql`update loyalty_members set tier_id = ${evaluated.state.tierId}, held_tier_id = ${evaluated.state.heldTierId},
          last_review_on = ${evaluated.state.lastReviewOn}, grace_until = ${evaluated.state.graceUntil}
          where workspace_id = ${ws} and id = ${member.id}`);
      }
      if (evaluated.change === 'downgrade') tierNote = `; tier back to ${evaluated.tierName}`;
    }
    await appendTimelineEntry(tx, actor, {
      customerId: member.customerId, kind: 'loyalty_return', occurredAt: new Date(occurredAt), sourceModule: 'loyalty', sourceId: id,
      summary: `Return: −${result.pointsReversed} points${result.shortfall > 0 ? ` (${result.shortfall} already spent)` : ''}${tierNote}`,
      data: { memberId: member.id, purchaseId: purchase.id, returnId: id, points: -result.pointsReversed, shortfall: result.shortfall },
    });
    return {
      returnId: id, purchaseId: purchase.id, memberId: member.id, status: 'created' as const, pointsDue: result.pointsDue,
      pointsReversed: result.pointsReversed, shortfall: result.shortfall, spendReturnedMinor: result.spendReturnedMinor,
      purchaseFullyReturned: result.purchaseFullyReturned,
    };
  });
}
