import type { Actor } from '../../platform/auth/actor.ts';
import type { Db } from '../../platform/db/database.ts';
import { recordAudit } from '../../platform/audit/auditLog.ts';
import { checkMember } from './accountService.ts';
import { revenueTargets } from './schema.ts';

/** A manager's revenue target for a month (in the workspace currency), replacing any earlier one. */
export async function setTarget(db: Db, actor: Actor, input: { ownerId: string; month: string; amountMinor: number }) {
  return db.transaction(async (tx) => {
    await checkMember(tx, actor.workspaceId, input.ownerId, 'body.ownerId');
    const [row] = await tx.insert(revenueTargets).values({ workspaceId: actor.workspaceId, ...input })
      .onConflictDoUpdate({ target: [revenueTargets.workspaceId, revenueTargets.ownerId, revenueTargets.month], set: { amountMinor: input.amountMinor } }).returning();
    await recordAudit(tx, actor, { action: 'target.set', entityType: 'revenue_target', entityId: `${input.ownerId}:${input.month}`, after: row });
    return input;
  });
}
