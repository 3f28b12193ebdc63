import { sql } from 'drizzle-orm';
import type { z } from 'zod';
import { postTransfer } from '@vefa/domain';
import type { TransferInput } from '@vefa/contract';
import type { Actor } from '../../platform/auth/actor.ts';
import { sqlRows, type Db, type Queryable } from '../../platform/db/database.ts';
import { recordAudit } from '../../platform/audit/auditLog.ts';
import { invalid, ProblemError } from '../../platform/http/problem.ts';
import { appendTimelineEntry } from '../customers/timeline.ts';
import { loadLedgerStates, lockMembers, PostingWriter } from './ledgerStore.ts';

type TransferIn = z.infer<typeof TransferInput>;

async function balancesOf(tx: Queryable, workspaceId: string, ids: readonly string[]) {
  const rows = await sqlRows<{ member_id: string; available: number; pending: number }>(tx, sql`
    select member_id, available, pending from loyalty_member_balances where workspace_id = ${workspaceId} and member_id in ${ids}`);
  const out = new Map(ids.map((id) => [id, { available: 0, pending: 0 }]));
  for (const r of rows) out.set(r.member_id, { available: Number(r.available), pending: Number(r.pending) });
  return (id: string) => out.get(id) ?? { available: 0, pending: 0 };
}

/**
 * Moves available points from one member to another of the same programme (a family
 * pooling points, a gift). Each lot given becomes a lot of the receiver with the same last
 * day, so a transfer never extends the life of points. Both members are locked in id
 * order; with an externalId the posting id is derived from it, so a retry finds it and
 * moves nothing. Audited, and on both customers' timelines.
 */
export async function transferPoints(db: Db, actor: Actor, input: TransferIn) {
  const ws = actor.workspaceId;
  if (input.fromMemberId === input.toMemberId) throw invalid('body.toMemberId', 'same_member', 'Points can only be transferred to another member');
  return db.transaction(async (tx) => {
    const members = await lockMembers(tx, ws, [input.fromMemberId, input.toMemberId]);
    const from = members.get(input.fromMemberId);
    const to = members.get(input.toMemberId);
    if (!from) throw new ProblemError(404, 'not_found', 'Loyalty member not found', [{ field: 'body.fromMemberId', code: 'not_found', message: 'no such member' }]);
    if (!to) throw new ProblemError(404, 'not_found', 'Loyalty member not found', [{ field: 'body.toMemberId', code: 'not_found', message: 'no such member' }]);
    const transferId = crypto.randomUUID();
    const postingId = input.externalId ? `t:${input.externalId}` : `t:${transferId}`;
    if (input.externalId) {
      const [done] = await sqlRows<{ cause: { transferId: string; fromMemberId: string; toMemberId: string }; amount: number }>(tx, sql`
        select cause, amount from loyalty_ledger_entries where workspace_id = ${ws} and posting_id = ${postingId} and amount > 0 and cause_kind = 'transfer'`);
      if (done) {
        const points = (await sqlRows<{ points: number }>(tx, sql`
          select coalesce(sum(amount), 0)::bigint as points from loyalty_ledger_entries
          where workspace_id = ${ws} and posting_id = ${postingId} and member_id = ${done.cause.toMemberId} and amount > 0`))[0]?.points ?? 0;
        if (done.cause.fromMemberId !== from.id || done.cause.toMemberId !== to.id || Number(points) !== input.points) {
          throw invalid('body.externalId', 'in_use', 'This external id was used for another transfer');
        }
        const balance = await balancesOf(tx, ws, [from.id, to.id]);
        return {
          transferId: done.cause.transferId, postingId, status: 'duplicate' as const, fromMemberId: from.id, toMemberId: to.id, points: input.points,
          from: balance(from.id), to: balance(to.id),
        };
      }
    }
    if (from.programmeId !== to.programmeId) throw invalid('body.toMemberId', 'other_programme', 'Both members must belong to the same programme');
    for (const [m, field] of [[from, 'body.fromMemberId'], [to, 'body.toMemberId']] as const) {
      if (m.status !== 'active') throw new ProblemError(409, 'member_opted_out', 'The member has left the programme', [{ field, code: 'member_opted_out', message: 'the member has left the programme' }]);
    }
    const states = await loadLedgerStates(tx, ws, [from.id, to.id]);
    const result = postTransfer({
      postingId, transferId, points: input.points, occurredAt: Date.now(),
      from: states.get(from.id) ?? { memberId: from.id, lots: [], debt: 0 }, to: states.get(to.id) ?? { memberId: to.id, lots: [], debt: 0 },
    });
    if (!result.ok) throw new ProblemError(422, result.code, result.message, [{ field: 'body.points', code: result.code, message: result.message }]);
    const before = await balancesOf(tx, ws, [from.id, to.id]);
    const writer = new PostingWriter(ws, from.programmeId);
    writer.add(result.posting, result.newLots);
    await writer.flush(tx);
    const after = await balancesOf(tx, ws, [from.id, to.id]);
    await recordAudit(tx, actor, {
      action: 'loyalty.points.transferred', entityType: 'loyalty_member', entityId: from.id,
      before: { from: before(from.id), to: before(to.id) },
      after: { from: after(from.id), to: after(to.id), toMemberId: to.id, points: input.points, postingId, reason: input.reason ?? null },
    });
    const reason = input.reason ? `: ${input.reason}` : '';
    await appendTimelineEntry(tx, actor, {
      customerId: from.customerId, kind: 'loyalty_transfer', sourceModule: 'loyalty', sourceId: transferId,
      summary: `Gave ${input.points} points to another member${reason}`, data: { memberId: from.id, toMemberId: to.id, points: -input.points, transferId },
    });
    await appendTimelineEntry(tx, actor, {
      customerId: to.customerId, kind: 'loyalty_transfer', sourceModule: 'loyalty', sourceId: transferId,
      summary: `Received ${input.points} points from another member${reason}`, data: { memberId: to.id, fromMemberId: from.id, points: input.points, transferId },
    });
    return {
      transferId, postingId, status: 'created' as const, fromMemberId: from.id, toMemberId: to.id, points: input.points, from: after(from.id), to: after(to.id),
    };
  });
}
