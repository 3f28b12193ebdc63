import type { Actor } from '../auth/actor.ts';
import type { Queryable } from '../db/database.ts';
import { auditLog } from '../db/schema.ts';

export interface AuditedChange {
  action: string;
  entityType: string;
  entityId: string;
  before?: unknown;
  after?: unknown;
}

/** The audit row's insert, not yet sent: for callers that send it together with other writes in one statement. */
export function auditInsert(tx: Queryable, actor: Actor, change: AuditedChange) {
  return tx.insert(auditLog).values({
    workspaceId: actor.workspaceId,
    actorType: actor.type,
    actorId: actor.apiKeyId ?? actor.userId,
    actorName: actor.name,
    action: change.action,
    entityType: change.entityType,
    entityId: change.entityId,
    before: change.before ?? null,
    after: change.after ?? null,
  });
}

/** Written inside the same transaction as the change it records, so neither exists without the other. */
export async function recordAudit(tx: Queryable, actor: Actor, change: AuditedChange) {
  await auditInsert(tx, actor, change);
}
